package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpFunctionSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.ServiceConfig;
import com.google.cloud.functions.v2.StorageSource;
import dev.polycloud.function.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Cloud Functions requests, checked without a service (there is no Cloud Functions emulator). */
@DisplayName("Cloud Functions requests")
class CloudFunctionsRequestsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a spec becomes a 2nd gen function with the adapter as entry point and the configured extras")
    void function() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        FunctionSpec spec = FunctionSpec.builder("orders", "com.example.Orders").artifact(jar).memoryMb(1024)
                .timeout(Duration.ofSeconds(30)).environment("B", "2").environment("A", "1").build();
        GcpFunctionSettings settings = new GcpFunctionSettings(Optional.empty(), "java17",
                Optional.of("fn@p.iam.gserviceaccount.com"), Optional.of(5), Optional.empty());
        Function f = CloudFunctionsRequests.function(spec, CloudFunctionsRequests.functionName("p", "us-central1",
                "orders"), StorageSource.newBuilder().setBucket("b").setObject("o.zip").build(), settings);
        assertThat(f.getName()).isEqualTo("projects/p/locations/us-central1/functions/orders");
        assertThat(f.getEnvironment()).isEqualTo(com.google.cloud.functions.v2.Environment.GEN_2);
        assertThat(f.getBuildConfig().getRuntime()).isEqualTo("java17");
        assertThat(f.getBuildConfig().getSource().getStorageSource().getObject()).isEqualTo("o.zip");
        assertThat(f.getServiceConfig().getAvailableMemory()).isEqualTo("1024Mi");
        assertThat(f.getServiceConfig().getTimeoutSeconds()).isEqualTo(30);
        assertThat(f.getServiceConfig().getMaxInstanceCount()).isEqualTo(5);
        assertThat(f.getServiceConfig().getServiceAccountEmail()).isEqualTo("fn@p.iam.gserviceaccount.com");
        assertThat(f.getServiceConfig().getEnvironmentVariablesMap()).containsEntry("POLYCLOUD_ENVIRONMENT", "A,B")
                .containsEntry("POLYCLOUD_TIMEOUT", "PT30S").containsEntry("A", "1");
        assertThat(CloudFunctionsRequests.update(f, settings).getUpdateMask().getPathsList())
                .contains("service_config.max_instance_count", "service_config.service_account_email");
        assertThat(CloudFunctionsRequests.update(f, GcpFunctionSettings.defaults()).getUpdateMask().getPathsList())
                .doesNotContain("service_config.max_instance_count", "service_config.service_account_email");
        assertThat(CloudFunctionsRequests.create("p", "us-central1", f).getFunctionId()).isEqualTo("orders");
    }

    @Test
    @DisplayName("the spec read back from a function keeps the exact timeout and only the spec's environment")
    void specRoundTrip() throws Exception {
        Path jar = Files.write(dir.resolve("x.jar"), new byte[] {1});
        FunctionSpec spec = FunctionSpec.builder("orders", "com.example.Orders").artifact(jar).memoryMb(384)
                .timeout(Duration.ofMillis(2500)).environment("K", "v").build();
        Function f = CloudFunctionsRequests.function(spec, "projects/p/locations/r/functions/orders",
                StorageSource.getDefaultInstance(), GcpFunctionSettings.defaults());
        Function described = f.toBuilder().setServiceConfig(f.getServiceConfig().toBuilder()
                .putEnvironmentVariables("LOG_EXECUTION_ID", "true")).build();
        FunctionSpec back = CloudFunctionsRequests.spec(described).orElseThrow();
        assertThat(back.name()).isEqualTo("orders");
        assertThat(back.handler()).isEqualTo("com.example.Orders");
        assertThat(back.memoryMb()).isEqualTo(384);
        assertThat(back.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(back.environment()).isEqualTo(Map.of("K", "v"));
        assertThat(f.getServiceConfig().getTimeoutSeconds()).as("rounded up").isEqualTo(3);
    }

    @Test
    @DisplayName("a function that runs no portable handler is not a portable function")
    void foreign() {
        Function f = Function.newBuilder().setName("projects/p/locations/r/functions/other")
                .setServiceConfig(ServiceConfig.newBuilder().putEnvironmentVariables("X", "y")).build();
        assertThat(CloudFunctionsRequests.spec(f)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1} MiB")
    @CsvSource({"512Mi, 512", "256M, 256", "1Gi, 1024", "2G, 2048", "268435456, 256", "'', 256", "lots, 512"})
    @DisplayName("availableMemory in any unit Cloud Functions reports is read as MiB")
    void memory(String value, int mb) {
        assertThat(CloudFunctionsRequests.memoryMb(value)).isEqualTo(mb);
    }

    @Test
    @DisplayName("an artifact with an unusual file name is stored under function.jar")
    void archiveName() throws Exception {
        Path jar = Files.write(dir.resolve("my app (1).jar"), new byte[] {7});
        FunctionSpec spec = FunctionSpec.builder("orders", "com.example.Orders").artifact(jar).build();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(
                CloudFunctionsRequests.sourceArchive(spec)))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo(CloudFunctionsRequests.DEFAULT_JAR);
        }
    }
}
