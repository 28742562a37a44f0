package dev.polycloud.gcp.internal;


import dev.polycloud.gcp.GcpCloudProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.Cloud;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GCP configuration")
class GcpSettingsTest {

    private static PolycloudConfig config(Map<String, String> keys) {
        return PolycloudConfig.builder().setAll(keys).build();
    }

    private static GcpSettings settings(Map<String, String> keys, Map<String, String> env) {
        return GcpSettings.from(config(keys), env::get);
    }

    @Nested
    @DisplayName("the project")
    class Project {

        @Test
        @DisplayName("is required, and open() fails naming the key")
        void required() {
            assertThatThrownBy(() -> Polycloud.open(PolycloudConfig.builder().provider("gcp").build()))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(GcpSettings.PROJECT)
                                .contains("POLYCLOUD_GCP_PROJECT");
                    });
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"My-Project", "1project", "pro/ject", "a b"})
        @DisplayName("must look like a project id")
        void malformed(String project) {
            assertThatThrownBy(() -> settings(Map.of(GcpSettings.PROJECT, project), Map.of()))
                    .isInstanceOf(CloudException.class).hasMessageContaining(GcpSettings.PROJECT)
                    .hasMessageContaining(project);
        }

        @Test
        @DisplayName("accepts ordinary and domain-scoped ids")
        void accepted() {
            assertThat(settings(Map.of(GcpSettings.PROJECT, "my-project-123"), Map.of()).project())
                    .isEqualTo("my-project-123");
            assertThat(settings(Map.of(GcpSettings.PROJECT, "example.com:my-project"), Map.of()).project())
                    .isEqualTo("example.com:my-project");
        }
    }

    @Nested
    @DisplayName("emulator hosts")
    class EmulatorHosts {

        @Test
        @DisplayName("come from the polycloud keys first, then from the standard environment variables")
        void keysThenEnvironment() {
            GcpSettings fromEnv = settings(Map.of(GcpSettings.PROJECT, "p"),
                    Map.of("PUBSUB_EMULATOR_HOST", "localhost:8085", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080"));
            assertThat(fromEnv.pubsubEmulatorHost()).contains("localhost:8085");
            assertThat(fromEnv.firestoreEmulatorHost()).contains("127.0.0.1:8080");
            GcpSettings fromKeys = settings(Map.of(GcpSettings.PROJECT, "p",
                    GcpSettings.PUBSUB_EMULATOR_HOST, "127.0.0.1:9000"), Map.of("PUBSUB_EMULATOR_HOST", "x:1"));
            assertThat(fromKeys.pubsubEmulatorHost()).contains("127.0.0.1:9000");
            assertThat(fromKeys.firestoreEmulator()).isFalse();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"localhost", "localhost:", "localhost:99999", "http://", "a b:80"})
        @DisplayName("must be host:port")
        void malformed(String host) {
            assertThatThrownBy(() -> settings(Map.of(GcpSettings.PROJECT, "p",
                    GcpSettings.FIRESTORE_EMULATOR_HOST, host), Map.of()))
                    .isInstanceOf(CloudException.class).hasMessageContaining(GcpSettings.FIRESTORE_EMULATOR_HOST);
        }

        @Test
        @DisplayName("a bad standard environment variable is named as such")
        void badEnvironment() {
            assertThatThrownBy(() -> settings(Map.of(GcpSettings.PROJECT, "p"), Map.of("PUBSUB_EMULATOR_HOST", "nope")))
                    .isInstanceOf(CloudException.class).hasMessageContaining("PUBSUB_EMULATOR_HOST");
        }
    }

    @Test
    @DisplayName("a region must look like one")
    void region() {
        assertThat(settings(Map.of(GcpSettings.PROJECT, "p", GcpSettings.REGION, "europe-west1"), Map.of()).region())
                .contains("europe-west1");
        assertThatThrownBy(() -> settings(Map.of(GcpSettings.PROJECT, "p", GcpSettings.REGION, "Europe"), Map.of()))
                .isInstanceOf(CloudException.class).hasMessageContaining(GcpSettings.REGION);
    }

    @Test
    @DisplayName("the Firestore database defaults to (default) and must be a database id")
    void database() {
        assertThat(settings(Map.of(GcpSettings.PROJECT, "p"), Map.of()).firestoreDatabase()).isEqualTo("(default)");
        assertThat(settings(Map.of(GcpSettings.PROJECT, "p", GcpSettings.FIRESTORE_DATABASE, "orders-db"), Map.of())
                .firestoreDatabase()).isEqualTo("orders-db");
        assertThatThrownBy(() -> settings(Map.of(GcpSettings.PROJECT, "p", GcpSettings.FIRESTORE_DATABASE, "X"),
                Map.of())).isInstanceOf(CloudException.class).hasMessageContaining(GcpSettings.FIRESTORE_DATABASE);
    }

    @Test
    @DisplayName("open() connects to nothing: a cloud on unreachable hosts opens and closes")
    void lazy() {
        try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.provider", "gcp", GcpSettings.PROJECT, "p",
                GcpSettings.PUBSUB_EMULATOR_HOST, "127.0.0.1:1", GcpSettings.FIRESTORE_EMULATOR_HOST, "127.0.0.1:1")))) {
            assertThat(cloud.provider()).isEqualTo("gcp");
            assertThat(cloud.capabilities()).isEqualTo(GcpCloudProvider.capabilities());
            cloud.queue("orders");
            cloud.topic("events").subscription("audit");
            cloud.table("users");
        }
    }
}
