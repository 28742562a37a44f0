package dev.polycloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PolycloudConfig")
class PolycloudConfigTest {

    @Nested
    @DisplayName("sources and precedence")
    class Precedence {

        @Test
        @DisplayName("the explicit map wins over system properties, environment and file")
        void explicitWins() {
            PolycloudConfig config = PolycloudConfig.builder()
                    .set("polycloud.aws.region", "explicit")
                    .systemProperties(Map.of("polycloud.aws.region", "sysprop"))
                    .environment(Map.of("POLYCLOUD_AWS_REGION", "env"))
                    .file(Map.of("polycloud.aws.region", "file"))
                    .build();
            assertThat(config.get("polycloud.aws.region")).contains("explicit");
        }

        @Test
        @DisplayName("system properties win over environment and file")
        void systemPropertiesBeforeEnvironment() {
            PolycloudConfig config = PolycloudConfig.builder()
                    .systemProperties(Map.of("polycloud.aws.region", "sysprop"))
                    .environment(Map.of("POLYCLOUD_AWS_REGION", "env"))
                    .file(Map.of("polycloud.aws.region", "file"))
                    .build();
            assertThat(config.get("polycloud.aws.region")).contains("sysprop");
        }

        @Test
        @DisplayName("the environment wins over the file, with dots and hyphens as underscores")
        void environmentBeforeFile() {
            PolycloudConfig config = PolycloudConfig.builder()
                    .environment(Map.of("POLYCLOUD_AZURE_CONNECTION_STRING", "env"))
                    .file(Map.of("polycloud.azure.connection-string", "file"))
                    .build();
            assertThat(config.get("polycloud.azure.connection-string")).contains("env");
        }

        @Test
        @DisplayName("the classpath file is read last, and blank values count as absent")
        void fileLastAndBlankAbsent() {
            PolycloudConfig config = PolycloudConfig.builder()
                    .set("polycloud.gcp.project", "  ")
                    .file(Map.of("polycloud.gcp.project", "from-file"))
                    .build();
            assertThat(config.get("polycloud.gcp.project")).contains("from-file");
        }

        @Test
        @DisplayName("the provider defaults to local and is normalised to lower case")
        void providerDefault() {
            assertThat(PolycloudConfig.builder().build().provider()).isEqualTo("local");
            assertThat(PolycloudConfig.builder().provider(" AWS ").build().provider()).isEqualTo("aws");
        }

        @Test
        @DisplayName("load() reads the polycloud.properties file on the test classpath")
        void loadReadsClasspathFile() {
            assertThat(PolycloudConfig.load().get("polycloud.test.from-file")).contains("yes");
        }
    }

    @Nested
    @DisplayName("typed accessors")
    class TypedAccessors {

        @Test
        @DisplayName("a bad integer fails naming the key, the range and the value")
        void badInteger() {
            PolycloudConfig config = PolycloudConfig.builder().set("polycloud.retry.max-attempts", "many").build();
            assertThatThrownBy(() -> config.getInt("polycloud.retry.max-attempts", 3, 1, 20))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("polycloud.retry.max-attempts").hasMessageContaining("1 to 20")
                    .hasMessageContaining("many");
        }

        @Test
        @DisplayName("durations accept ISO-8601 and plain milliseconds")
        void durations() {
            PolycloudConfig config = PolycloudConfig.builder().set("a", "PT2S").set("b", "250").set("c", "soon").build();
            assertThat(config.getDuration("a", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.getDuration("b", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
            assertThat(config.getDuration("missing", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
            assertThatThrownBy(() -> config.getDuration("c", Duration.ZERO)).hasMessageContaining("'c'");
        }

        @Test
        @DisplayName("one-of keys name the accepted values when wrong")
        void oneOf() {
            PolycloudConfig config = PolycloudConfig.builder().set("polycloud.aws.http-client", "curl").build();
            assertThatThrownBy(() -> config.getOneOf("polycloud.aws.http-client", "url-connection",
                    Set.of("url-connection", "apache")))
                    .hasMessageContaining("[apache, url-connection]").hasMessageContaining("curl");
        }

        @Test
        @DisplayName("booleans accept only true and false")
        void booleans() {
            PolycloudConfig config = PolycloudConfig.builder().set("x", "TRUE").set("y", "yes").build();
            assertThat(config.getBoolean("x", false)).isTrue();
            assertThatThrownBy(() -> config.getBoolean("y", false)).hasMessageContaining("true or false");
        }

        @Test
        @DisplayName("require() names the key and the environment variable")
        void requireNamesKey() {
            assertThatThrownBy(() -> PolycloudConfig.builder().build().require("polycloud.gcp.project", "the project"))
                    .hasMessageContaining("polycloud.gcp.project").hasMessageContaining("POLYCLOUD_GCP_PROJECT");
        }
    }

    @Test
    @DisplayName("toString masks secrets and shows the rest")
    void toStringMasksSecrets() {
        PolycloudConfig config = PolycloudConfig.builder()
                .set("polycloud.azure.connection-string", "AccountKey=supersecret")
                .set("polycloud.aws.secret-access-key", "hunter2")
                .set("polycloud.aws.region", "eu-west-1")
                .build();
        assertThat(config.toString()).doesNotContain("supersecret").doesNotContain("hunter2")
                .contains("eu-west-1").contains("polycloud.azure.connection-string=****");
    }
}
