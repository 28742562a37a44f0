package dev.polycloud.conformance.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.polycloud.CloudException;
import dev.polycloud.conformance.GarbageTarget;
import dev.polycloud.conformance.ParseFailureConformance;
import org.junit.jupiter.api.DisplayName;

/** The parse-failure suite on the gcp provider against a server whose answers cannot be parsed. */
@DisplayName("gcp against a server whose answers cannot be parsed: INTERNAL, not retried")
class GcpParseFailureConformanceTest extends ParseFailureConformance {

    private final GarbageTarget target = GarbageTarget.of("gcp").with((server, keys, builder) -> {
        keys.put("polycloud.gcp.pubsub.emulator-host", "127.0.0.1:" + server.port());
        keys.put("polycloud.gcp.firestore.emulator-host", "127.0.0.1:" + server.port());
        builder.use(Storage.class, StorageOptions.newBuilder()
                .setHost(server.endpoint())
                .setProjectId("polycloud-garbage")
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(1).build())
                .build().getService());
    });

    @Override
    protected GarbageTarget target() {
        return target;
    }

    /**
     * Pub/Sub and Firestore speak gRPC over HTTP/2: the server's HTTP/1.1 answer to the connection preface is a
     * protocol violation that gRPC reports as its own status INTERNAL ("http2 exception"), which the status mapping
     * keeps (not retried). Only Cloud Storage (JSON over HTTP/1.1) reaches a parser and says so.
     */
    private static boolean grpc(CloudException e) {
        return e.getMessage().contains("failed: INTERNAL: ");
    }

    /** Over gRPC the message is gRPC's own; it must still carry the vendor cause. */
    @Override
    protected void assertSaysUnparseable(CloudException e) {
        if (grpc(e)) {
            assertThat(e.getCause()).isNotNull();
            return;
        }
        super.assertSaysUnparseable(e);
    }

    /**
     * A gRPC call sends no HTTP/1.x request at all, and its connection attempts are not counted per call (a
     * channel reconnects in the background): only the code and the time say it was not retried.
     */
    @Override
    protected void assertRequests(int seen, CloudException e) {
        if (grpc(e)) {
            assertThat(seen).as("HTTP/1.x requests of a gRPC call").isZero();
            return;
        }
        super.assertRequests(seen, e);
    }
}
