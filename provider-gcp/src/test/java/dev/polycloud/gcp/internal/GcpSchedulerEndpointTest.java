package dev.polycloud.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Cloud Scheduler endpoint key and the emulator rule for schedules. Nothing here reaches a network. */
@DisplayName("GCP Cloud Scheduler endpoint")
class GcpSchedulerEndpointTest {

    private static final Schedule EVERY_FIVE_MINUTES = Schedule.rate(Duration.ofMinutes(5));

    /** Emulator hosts and the Cloud Functions API at a closed port: a call that went there fails differently. */
    private static Cloud open(Map<String, String> extra) {
        PolycloudConfig.Builder b = PolycloudConfig.builder().provider("gcp")
                .set("polycloud.gcp.project", "polycloud-test")
                .set("polycloud.gcp.region", "europe-west1")
                .set("polycloud.gcp.pubsub.emulator-host", "127.0.0.1:1")
                .set("polycloud.gcp.firestore.emulator-host", "127.0.0.1:1")
                .set(GcpApiEndpoints.FUNCTIONS_ENDPOINT, "http://127.0.0.1:1")
                .set(PolycloudConfig.TIMEOUT, "2000")
                .set(PolycloudConfig.RETRY_MAX_ATTEMPTS, "1");
        extra.forEach(b::set);
        return Polycloud.open(b.build());
    }

    private static Trigger scheduleTrigger() {
        return new Trigger("schedule:nightly", "orders", TriggerSource.schedule(EVERY_FIVE_MINUTES.named("nightly")),
                1);
    }

    private static void failsWith(ErrorCode code, ThrowingCallable call, String... words) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            for (String word : words) {
                assertThat(e.getMessage()).contains(word);
            }
        });
    }

    @Nested
    @DisplayName("with only emulator hosts and no credentials")
    class EmulatorsOnly {

        @Test
        @DisplayName("schedule, unbind and triggers refuse with PRECONDITION_FAILED naming polycloud.gcp.scheduler.endpoint,"
                + " before the Cloud Functions API is asked for the function's URL")
        void schedulesRefuse() {
            try (Cloud cloud = open(Map.of())) {
                failsWith(ErrorCode.PRECONDITION_FAILED, () -> cloud.functions().schedule("orders", EVERY_FIVE_MINUTES),
                        GcpApiEndpoints.SCHEDULER_ENDPOINT, "emulator", "cloudscheduler.googleapis.com");
                failsWith(ErrorCode.PRECONDITION_FAILED, () -> cloud.functions().unbind(scheduleTrigger()),
                        GcpApiEndpoints.SCHEDULER_ENDPOINT);
                failsWith(ErrorCode.PRECONDITION_FAILED, () -> cloud.functions().triggers("orders"),
                        GcpApiEndpoints.SCHEDULER_ENDPOINT);
            }
        }
    }

    @Nested
    @DisplayName("with the endpoint key")
    class WithEndpoint {

        @Test
        @DisplayName("a plaintext http:// endpoint is where the calls go: a closed port is UNAVAILABLE, not a refusal")
        void plaintextEndpointIsUsed() {
            try (Cloud cloud = open(Map.of(GcpApiEndpoints.SCHEDULER_ENDPOINT, "http://127.0.0.1:1"))) {
                failsWith(ErrorCode.UNAVAILABLE, () -> cloud.functions().unbind(scheduleTrigger()));
                failsWith(ErrorCode.UNAVAILABLE, () -> cloud.functions().triggers("orders"));
            }
        }

        @Test
        @DisplayName("one attempt per call, bounded by polycloud.timeout: a server that never answers is DEADLINE_EXCEEDED"
                + " within the timeout and a half (the client's own default waits minutes)")
        void boundedByTimeout() throws Exception {
            try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                    java.net.InetAddress.getLoopbackAddress());
                 Cloud cloud = open(Map.of(GcpApiEndpoints.SCHEDULER_ENDPOINT,
                         "http://127.0.0.1:" + silent.getLocalPort()))) {
                Thread accept = new Thread(() -> {
                    java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                    try {
                        while (true) {
                            held.add(silent.accept());
                        }
                    } catch (java.io.IOException e) {
                        // closed: the test is over
                    }
                });
                accept.setDaemon(true);
                accept.start();
                // An untimed first call builds the client.
                failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> cloud.functions().triggers("orders"));
                long start = System.nanoTime();
                failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> cloud.functions().triggers("orders"));
                // A loaded machine adds a few hundred milliseconds; the client's default deadline is 600 s.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
            }
        }

        @Test
        @DisplayName("the key is declared: open() accepts it, in each of its forms")
        void keyDeclared() {
            for (String value : new String[] {"cloudscheduler.googleapis.com:443", "https://cloudscheduler.googleapis.com",
                    "http://127.0.0.1:8085"}) {
                try (Cloud cloud = open(Map.of(GcpApiEndpoints.SCHEDULER_ENDPOINT, value))) {
                    assertThat(cloud.capabilities().functions().supported()).isTrue();
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ftp://x:1", "no-port", "http://host-without-port", "http://h:1/path", "h:99999"})
        @DisplayName("a value that is not an endpoint fails at open with INVALID_ARGUMENT naming the key")
        void wrongValue(String value) {
            failsWith(ErrorCode.INVALID_ARGUMENT, () -> open(Map.of(GcpApiEndpoints.SCHEDULER_ENDPOINT, value)),
                    GcpApiEndpoints.SCHEDULER_ENDPOINT);
        }
    }
}
