package dev.polycloud.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("How @PolycloudTest chooses its target")
class PolycloudExtensionConfigTest {

    @PolycloudTest
    static final class Plain {
    }

    @PolycloudTest(provider = "aws", endpoint = "http://localhost:4566", config = "polycloud.aws.region=eu-west-1")
    static final class Aws {
    }

    @PolycloudTest(provider = "gcp", endpoint = "http://localhost:8085")
    static final class Gcp {
    }

    @PolycloudTest(endpoint = "http://localhost:1234")
    static final class LocalWithEndpoint {
    }

    @PolycloudTest(config = "polycloud.retry.max-attempts")
    static final class BadPair {
    }

    private static PolycloudTest of(Class<?> c) {
        return c.getAnnotation(PolycloudTest.class);
    }

    @Test
    @DisplayName("without attributes or a polycloud.provider setting, the target is a private in-memory cloud")
    void plain() {
        PolycloudConfig config = PolycloudExtension.config(of(Plain.class));
        assertThat(config.provider()).isEqualTo("local");
        assertThat(config.get("polycloud.local.instance")).isEmpty();
    }

    @Test
    @DisplayName("a private in-memory cloud even when a system property names a shared instance")
    void ignoresSharedInstance() {
        System.setProperty("polycloud.local.instance", "someone-elses");
        try {
            assertThat(PolycloudExtension.config(of(Plain.class)).get("polycloud.local.instance")).isEmpty();
        } finally {
            System.clearProperty("polycloud.local.instance");
        }
    }

    @Test
    @DisplayName("provider and endpoint attributes become polycloud.provider and polycloud.aws.endpoint")
    void aws() {
        PolycloudConfig config = PolycloudExtension.config(of(Aws.class));
        assertThat(config.provider()).isEqualTo("aws");
        assertThat(config.get("polycloud.aws.endpoint")).contains("http://localhost:4566");
        assertThat(config.get("polycloud.aws.region")).contains("eu-west-1");
    }

    @Test
    @DisplayName("on GCP the endpoint becomes both emulator hosts, without the scheme")
    void gcp() {
        PolycloudConfig config = PolycloudExtension.config(of(Gcp.class));
        assertThat(config.get("polycloud.gcp.pubsub.emulator-host")).contains("localhost:8085");
        assertThat(config.get("polycloud.gcp.firestore.emulator-host")).contains("localhost:8085");
    }

    @Test
    @DisplayName("an endpoint on a provider that takes none this way, or a pair without '=', is INVALID_ARGUMENT")
    void refused() {
        assertThatThrownBy(() -> PolycloudExtension.config(of(LocalWithEndpoint.class)))
                .isInstanceOf(CloudException.class).hasMessageContaining("not supported on provider 'local'");
        assertThatThrownBy(() -> PolycloudExtension.config(of(BadPair.class)))
                .isInstanceOf(CloudException.class).hasMessageContaining("key=value");
    }
}
