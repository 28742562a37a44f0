package dev.polycloud.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.gateway.GatewaySpec;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint keys of the Cloud Functions and API Gateway APIs, and the emulator rule. Nothing here reaches a network. */
@DisplayName("GCP Cloud Functions and API Gateway endpoints")
class GcpApiEndpointsTest {

    /** Emulator hosts at a closed port: nothing listens, so a call that went anywhere would fail differently. */
    private static Cloud open(Map<String, String> extra) {
        PolycloudConfig.Builder b = PolycloudConfig.builder().provider("gcp")
                .set("polycloud.gcp.project", "polycloud-test")
                .set("polycloud.gcp.region", "europe-west1")
                .set("polycloud.gcp.pubsub.emulator-host", "127.0.0.1:1")
                .set("polycloud.gcp.firestore.emulator-host", "127.0.0.1:1")
                .set(PolycloudConfig.TIMEOUT, "2000")
                .set(PolycloudConfig.RETRY_MAX_ATTEMPTS, "1");
        extra.forEach(b::set);
        return Polycloud.open(b.build());
    }

    /**
     * PRECONDITION_FAILED is the proof that nothing was reached: a call that went to Google would end in
     * UNAVAILABLE or UNAUTHENTICATED. (No time bound: building the clients in a fresh JVM on a busy machine
     * takes seconds.)
     */
    private static CloudException refused(ThrowingCallable call, String key) {
        CloudException[] caught = new CloudException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
            assertThat(e.getMessage()).contains(key).contains("emulator");
            caught[0] = e;
        });
        return caught[0];
    }

    @Nested
    @DisplayName("with only emulator hosts and no credentials")
    class EmulatorsOnly {

        @Test
        @DisplayName("functions().get, list and deploy refuse with PRECONDITION_FAILED naming polycloud.gcp.functions.endpoint")
        void functionsRefuse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            java.nio.file.Path jar = dir.resolve("handler.jar");
            new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar)).close();
            try (Cloud cloud = open(Map.of())) {
                refused(() -> cloud.functions().get("orders"), GcpApiEndpoints.FUNCTIONS_ENDPOINT);
                refused(() -> cloud.functions().list(), GcpApiEndpoints.FUNCTIONS_ENDPOINT);
                refused(() -> cloud.functions().deploy(FunctionSpec.builder("orders", "com.example.Handler")
                                .artifact(jar).build()),
                        GcpApiEndpoints.FUNCTIONS_ENDPOINT);
            }
        }

        @Test
        @DisplayName("a gateway deploy refuses (its routes' functions cannot be checked), and so do its other calls")
        void gatewaysRefuse() {
            try (Cloud cloud = open(Map.of())) {
                refused(() -> cloud.gateway("shop").deploy(GatewaySpec.builder().route("GET /orders", "orders").build()),
                        GcpApiEndpoints.FUNCTIONS_ENDPOINT);
                refused(() -> cloud.gateway("shop").exists(), GcpApiEndpoints.GATEWAY_ENDPOINT);
                refused(() -> cloud.gateway("shop").uri(), GcpApiEndpoints.GATEWAY_ENDPOINT);
            }
        }
    }

    @Nested
    @DisplayName("with an endpoint key")
    class WithEndpoint {

        @Test
        @DisplayName("a plaintext http:// endpoint is where the calls go: a closed port is UNAVAILABLE, not a refusal")
        void plaintextEndpointIsUsed() {
            try (Cloud cloud = open(Map.of(GcpApiEndpoints.FUNCTIONS_ENDPOINT, "http://127.0.0.1:1",
                    GcpApiEndpoints.GATEWAY_ENDPOINT, "http://127.0.0.1:1"))) {
                assertThatThrownBy(() -> cloud.functions().get("orders")).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE));
                assertThatThrownBy(() -> cloud.gateway("shop").exists()).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE));
            }
        }

        @Test
        @DisplayName("the keys are declared: open() accepts them")
        void keysDeclared() {
            try (Cloud cloud = open(Map.of(GcpApiEndpoints.FUNCTIONS_ENDPOINT, "cloudfunctions.googleapis.com:443",
                    GcpApiEndpoints.GATEWAY_ENDPOINT, "https://apigateway.googleapis.com"))) {
                assertThat(cloud.capabilities().functions().supported()).isTrue();
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ftp://x:1", "no-port", "http://host-without-port", "http://h:1/path", "h:99999"})
        @DisplayName("a value that is not an endpoint fails at open with INVALID_ARGUMENT naming the key")
        void wrongValue(String value) {
            assertThatThrownBy(() -> open(Map.of(GcpApiEndpoints.FUNCTIONS_ENDPOINT, value)))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(GcpApiEndpoints.FUNCTIONS_ENDPOINT);
                    });
        }
    }
}
