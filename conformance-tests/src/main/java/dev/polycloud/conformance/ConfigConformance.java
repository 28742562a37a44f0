package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Configuration typos must not change where data goes: every {@code polycloud.*} key nothing reads is
 * refused by {@link Polycloud#open(PolycloudConfig)} with {@link ErrorCode#INVALID_ARGUMENT}, naming the key,
 * the source it came from and the closest known key, whatever the source; keys another provider reads are
 * allowed, so one file may serve several deployments. Run against each provider's own configuration
 * ({@link ConformanceTarget#configuration()}); targets that cannot list it skip.
 */
public abstract class ConfigConformance extends ConformanceSuite {

    private Map<String, String> base() {
        Optional<Map<String, String>> keys = target().configuration();
        assumeTrue(keys.isPresent(), "the target reads standard sources it cannot list");
        return keys.get();
    }

    private CloudException refused(PolycloudConfig config) {
        CloudException e = catchThrowableOfType(() -> Polycloud.open(config).close(), CloudException.class);
        assertThat(e).as("Polycloud.open must refuse the configuration").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        return e;
    }

    @Nested
    @DisplayName("misspelled keys")
    class Misspelled {

        @Test
        @DisplayName("a misspelled polycloud.provider is refused, naming the key, its source and the right key")
        void providerKey() {
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .set("polycloud.provdier", cloud.provider()).build());
            assertThat(e.getMessage()).contains("polycloud.provdier", "explicit configuration", "polycloud.provider");
        }

        @Test
        @DisplayName("a misspelled key of the selected provider is refused before any call, naming the key")
        void providerSpecificKey() {
            String typo = "polycloud." + cloud.provider() + ".endpiont";
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .set(typo, "http://127.0.0.1:1").build());
            assertThat(e.getMessage()).contains(typo, "did you mean");
        }

        @Test
        @DisplayName("a misspelled core key is refused with the core key as the suggestion")
        void coreKey() {
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .set("polycloud.retry.max-attempt", "3").build());
            assertThat(e.getMessage()).contains("polycloud.retry.max-attempt", "polycloud.retry.max-attempts");
        }

        @Test
        @DisplayName("a misspelled key from a system property names that source")
        void systemProperty() {
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .systemProperties(Map.of("polycloud.timout", "5s")).build());
            assertThat(e.getMessage()).contains("polycloud.timout", "system property", "polycloud.timeout");
        }

        @Test
        @DisplayName("a misspelled environment variable names the variable, its source and the right variable")
        void environment() {
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .environment(Map.of("POLYCLOUD_PROVDIER", cloud.provider())).build());
            assertThat(e.getMessage()).contains("POLYCLOUD_PROVDIER", "environment variable", "POLYCLOUD_PROVIDER");
        }

        @Test
        @DisplayName("a misspelled key in polycloud.properties names that file")
        void file() {
            CloudException e = refused(PolycloudConfig.builder().setAll(base())
                    .file(Map.of("polycloud.retry.initial-backof", "10ms")).build());
            assertThat(e.getMessage()).contains("polycloud.retry.initial-backof", "polycloud.properties");
        }
    }

    @Nested
    @DisplayName("keys that are allowed")
    class Allowed {

        @Test
        @DisplayName("the target's own configuration opens the provider it names")
        void ownConfiguration() {
            try (Cloud opened = Polycloud.open(PolycloudConfig.builder().setAll(base()).build())) {
                assertThat(opened.provider()).isEqualTo(cloud.provider());
            }
        }

        @Test
        @DisplayName("a key another provider reads is allowed, so one file can serve several deployments")
        void otherProvidersKeys() {
            String other = cloud.provider().equals("local") ? "polycloud.aws.region" : "polycloud.local.disable";
            String value = cloud.provider().equals("local") ? "eu-west-1" : "fifo";
            try (Cloud opened = Polycloud.open(PolycloudConfig.builder().setAll(base()).set(other, value).build())) {
                assertThat(opened.provider()).isEqualTo(cloud.provider());
            }
        }
    }
}
