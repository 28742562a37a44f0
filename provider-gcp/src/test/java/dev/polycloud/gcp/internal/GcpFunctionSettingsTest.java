package dev.polycloud.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.gcp.functions.AdapterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Function and gateway settings")
class GcpFunctionSettingsTest {

    private static GcpFunctionSettings from(String... kv) {
        PolycloudConfig.Builder b = PolycloudConfig.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        return GcpFunctionSettings.from(b.build());
    }

    @Nested
    @DisplayName("driver configuration")
    class Driver {

        @Test
        @DisplayName("defaults: URLs looked up, java21, no service accounts or instance limit")
        void defaults() {
            assertThat(from()).isEqualTo(GcpFunctionSettings.defaults());
            assertThat(GcpFunctionSettings.defaults().url("p", "r", "f")).isEmpty();
        }

        @Test
        @DisplayName("the url template fills in function, project and region")
        void template() {
            GcpFunctionSettings s = from(GcpFunctionSettings.URL_TEMPLATE,
                    "https://{region}-{project}.cloudfunctions.net/{function}");
            assertThat(s.url("p", "europe-west1", "orders")).contains("https://europe-west1-p.cloudfunctions.net/orders");
            assertThatThrownBy(() -> s.url("p", null, "orders")).hasMessageContaining("polycloud.gcp.region");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource({"polycloud.gcp.functions.url-template, ftp://x/{function}",
                "polycloud.gcp.functions.url-template, http://x/{fn}",
                "polycloud.gcp.functions.runtime, python312",
                "polycloud.gcp.functions.service-account, not-an-email",
                "polycloud.gcp.functions.max-instances, 0",
                "polycloud.gcp.gateway.service-account, @"})
        @DisplayName("a wrong value fails with INVALID_ARGUMENT naming the key")
        void wrong(String key, String value) {
            assertThatThrownBy(() -> from(key, value)).isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains(key);
            });
        }

        @Test
        @DisplayName("valid extras are kept")
        void extras() {
            GcpFunctionSettings s = from(GcpFunctionSettings.RUNTIME, "java17", GcpFunctionSettings.MAX_INSTANCES, "3",
                    GcpFunctionSettings.SERVICE_ACCOUNT, "fn@p.iam.gserviceaccount.com",
                    GcpFunctionSettings.GATEWAY_SERVICE_ACCOUNT, "gw@p.iam.gserviceaccount.com");
            assertThat(s).isEqualTo(new GcpFunctionSettings(Optional.empty(), "java17",
                    Optional.of("fn@p.iam.gserviceaccount.com"), Optional.of(3),
                    Optional.of("gw@p.iam.gserviceaccount.com")));
        }
    }

    @Nested
    @DisplayName("adapter configuration from the environment")
    class Adapter {

        @Test
        @DisplayName("reads handler, name, exact timeout and only the listed environment")
        void full() {
            AdapterConfig c = AdapterConfig.from(Map.of("POLYCLOUD_HANDLER", "com.example.H", "POLYCLOUD_FUNCTION",
                    "orders", "POLYCLOUD_TIMEOUT", "PT1.5S", "POLYCLOUD_ENVIRONMENT", "A,B", "A", "1", "B", "",
                    "K_SERVICE", "orders", "PATH", "/bin"));
            assertThat(c.handler()).isEqualTo("com.example.H");
            assertThat(c.function()).isEqualTo("orders");
            assertThat(c.timeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(c.environment()).isEqualTo(Map.of("A", "1", "B", ""));
            assertThat(c.maxBodyBytes()).isEqualTo(AdapterConfig.DEFAULT_MAX_BODY_BYTES);
        }

        @Test
        @DisplayName("falls back to K_SERVICE, CLOUD_RUN_TIMEOUT_SECONDS and every non-POLYCLOUD variable")
        void fallbacks() {
            AdapterConfig c = AdapterConfig.from(Map.of("POLYCLOUD_HANDLER", "com.example.H", "K_SERVICE", "svc",
                    "CLOUD_RUN_TIMEOUT_SECONDS", "42", "X", "y"));
            assertThat(c.function()).isEqualTo("svc");
            assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(42));
            assertThat(c.environment()).containsEntry("X", "y").doesNotContainKey("POLYCLOUD_HANDLER");
        }

        @Test
        @DisplayName("a missing handler or a malformed timeout names the variable")
        void errors() {
            assertThatThrownBy(() -> AdapterConfig.from(Map.of())).hasMessageContaining("POLYCLOUD_HANDLER");
            assertThatThrownBy(() -> AdapterConfig.from(Map.of("POLYCLOUD_HANDLER", "h", "POLYCLOUD_TIMEOUT", "30s")))
                    .hasMessageContaining("POLYCLOUD_TIMEOUT");
        }
    }
}
