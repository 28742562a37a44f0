package dev.polycloud.gcp.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.UpdateFunctionRequest;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import dev.polycloud.gcp.handlers.ProbeHandler;
import dev.polycloud.gcp.testing.LocalCloudFunctions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function driver end to end, as far as it can run here. Cloud Functions has no emulator, so the
 * Functions API is a stand-in ({@link dev.polycloud.gcp.testing.StandInFunctionsApi}, an in-process gRPC
 * service answering the real {@code FunctionServiceClient}); what these tests check against it is the
 * requests the driver sends and how it reads the answers. The functions it "deploys" are served by the
 * real adapter under the Functions Framework invoker, so invocations go over real HTTP.
 */
@DisplayName("The Cloud Functions driver (stand-in Functions API, functions under the invoker)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudFunctionsDriverTest {

    private static final String PROJECT = "driver-test";
    private static final String REGION = "europe-west1";

    @TempDir
    Path dir;

    private LocalCloudFunctions local;
    private Cloud cloud;
    private Path jar;

    @BeforeAll
    void open() throws IOException {
        local = LocalCloudFunctions.get();
        cloud = local.overrides(Polycloud.builder().config(PolycloudConfig.builder().provider("gcp").set("polycloud.gcp.project", PROJECT)
                .set("polycloud.gcp.region", REGION).build())).open();
        jar = Files.createTempFile("handlers", ".jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    @AfterAll
    void close() throws IOException {
        cloud.close();
        Files.deleteIfExists(jar);
    }

    private static String name() {
        return "fn-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private FunctionSpec.Builder spec(String name) {
        return FunctionSpec.builder(name, ProbeHandler.class).artifact(jar);
    }

    private static String fullName(String fn) {
        return "projects/" + PROJECT + "/locations/" + REGION + "/functions/" + fn;
    }

    private <T extends com.google.protobuf.Message> T last(Class<T> type) {
        List<T> all = local.api().requests(type);
        return all.get(all.size() - 1);
    }

    @Nested
    @DisplayName("deploying")
    class Deploying {

        @Test
        @DisplayName("uploads the artifact zipped through GenerateUploadUrl and creates the function with the adapter, memory, timeout and environment")
        void createRequest() throws IOException {
            String fn = name();
            cloud.functions().deploy(spec(fn).memoryMb(256).timeout(Duration.ofMillis(6500))
                    .environment("COLOUR", "teal").build());
            assertThat(last(GenerateUploadUrlRequest.class).getParent())
                    .isEqualTo("projects/" + PROJECT + "/locations/" + REGION);
            CreateFunctionRequest create = last(CreateFunctionRequest.class);
            assertThat(create.getParent()).isEqualTo("projects/" + PROJECT + "/locations/" + REGION);
            assertThat(create.getFunctionId()).isEqualTo(fn);
            Function f = create.getFunction();
            assertThat(f.getName()).isEqualTo(fullName(fn));
            assertThat(f.getBuildConfig().getRuntime()).isEqualTo("java21");
            assertThat(f.getBuildConfig().getEntryPoint()).isEqualTo(PolycloudHttpFunction.class.getName());
            assertThat(f.getServiceConfig().getAvailableMemory()).isEqualTo("256Mi");
            assertThat(f.getServiceConfig().getTimeoutSeconds()).isEqualTo(7);
            assertThat(f.getServiceConfig().getEnvironmentVariablesMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "COLOUR", "teal", "POLYCLOUD_HANDLER", ProbeHandler.class.getName(), "POLYCLOUD_FUNCTION", fn,
                    "POLYCLOUD_TIMEOUT", "PT6.5S", "POLYCLOUD_ENVIRONMENT", "COLOUR"));
            assertThat(f.getLabelsMap()).containsEntry("managed-by", "polycloud");
            byte[] archive = local.api().upload(f.getBuildConfig().getSource().getStorageSource());
            assertThat(archive).as("the uploaded archive").isNotNull();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
                ZipEntry entry = zip.getNextEntry();
                assertThat(entry.getName()).isEqualTo(jar.getFileName().toString());
                assertThat(zip.readAllBytes()).isEqualTo(Files.readAllBytes(jar));
                assertThat(zip.getNextEntry()).isNull();
            }
        }

        @Test
        @DisplayName("get and list return the spec it was deployed with, and the function serves at the URL the API reports")
        void getListInvoke() {
            String fn = name();
            FunctionSpec spec = spec(fn).memoryMb(512).timeout(Duration.ofSeconds(9))
                    .environment("GREETING", "héllo ✓").environment("EMPTY", "").build();
            Functions fns = cloud.functions();
            assertThat(fns.get(fn)).isEmpty();
            fns.deploy(spec);
            FunctionSpec got = fns.get(fn).orElseThrow();
            assertThat(got.handler()).isEqualTo(ProbeHandler.class.getName());
            assertThat(got.memoryMb()).isEqualTo(512);
            assertThat(got.timeout()).isEqualTo(Duration.ofSeconds(9));
            assertThat(got.environment()).isEqualTo(Map.of("GREETING", "héllo ✓", "EMPTY", ""));
            assertThat(fns.list()).extracting(FunctionSpec::name).contains(fn);
            assertThat(fns.invoke(fn, "ping")).isEqualTo("ping");
            JsonNode context = PayloadCodec.decode(fns.invoke(fn, "context".getBytes(StandardCharsets.UTF_8)),
                    JsonNode.class);
            assertThat(context.get("functionName").asText()).isEqualTo(fn);
            assertThat(context.get("environment").get("GREETING").asText()).isEqualTo("héllo ✓");
        }

        @Test
        @DisplayName("deploying again updates only the managed fields, and the function then runs with the new environment")
        void redeploy() {
            String fn = name();
            Functions fns = cloud.functions();
            fns.deploy(spec(fn).environment("VERSION", "1").build());
            fns.invoke(fn, "warm");
            fns.deploy(spec(fn).environment("VERSION", "2").timeout(Duration.ofSeconds(12)).build());
            UpdateFunctionRequest update = last(UpdateFunctionRequest.class);
            assertThat(update.getFunction().getName()).isEqualTo(fullName(fn));
            assertThat(update.getUpdateMask().getPathsList()).contains("build_config.source",
                    "service_config.environment_variables", "service_config.timeout_seconds",
                    "service_config.available_memory").doesNotContain("service_config.vpc_connector",
                    "service_config.ingress_settings");
            assertThat(fns.get(fn).orElseThrow().environment()).isEqualTo(Map.of("VERSION", "2"));
            JsonNode context = PayloadCodec.decode(fns.invoke(fn, "context".getBytes(StandardCharsets.UTF_8)),
                    JsonNode.class);
            assertThat(context.get("environment").get("VERSION").asText()).isEqualTo("2");
            assertThat(fns.list()).extracting(FunctionSpec::name).containsOnlyOnce(fn);
        }

        @Test
        @DisplayName("without an artifact, or with a reserved variable, deploy is INVALID_ARGUMENT before any request")
        void refusedSpecs() {
            int before = local.api().requests(GenerateUploadUrlRequest.class).size();
            Functions fns = cloud.functions();
            assertThatThrownBy(() -> fns.deploy(FunctionSpec.builder(name(), ProbeHandler.class).build()))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("artifact");
                    });
            assertThatThrownBy(() -> fns.deploy(spec(name()).environment("POLYCLOUD_HANDLER", "x").build()))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("POLYCLOUD_HANDLER");
                    });
            assertThat(local.api().requests(GenerateUploadUrlRequest.class)).hasSize(before);
        }
    }

    @Nested
    @DisplayName("invoking and deleting")
    class Invoking {

        @Test
        @DisplayName("a handler failure is FUNCTION_FAILED and a run past the timeout DEADLINE_EXCEEDED")
        void failures() {
            String fn = name();
            Functions fns = cloud.functions();
            fns.deploy(spec(fn).timeout(Duration.ofSeconds(1)).build());
            assertThatThrownBy(() -> fns.invoke(fn, "fail:nope")).isInstanceOfSatisfying(FunctionFailedException.class,
                    e -> assertThat(e.errorMessage()).isEqualTo("nope"));
            assertThatThrownBy(() -> fns.invoke(fn, "sleep:3000")).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        }

        @Test
        @DisplayName("a deleted function is gone: get is empty, invoke and a second delete are NOT_FOUND")
        void delete() {
            String fn = name();
            Functions fns = cloud.functions();
            fns.deploy(spec(fn).build());
            assertThat(fns.invoke(fn, "alive")).isEqualTo("alive");
            fns.delete(fn);
            assertThat(fns.get(fn)).isEmpty();
            assertThat(fns.list()).extracting(FunctionSpec::name).doesNotContain(fn);
            assertThatThrownBy(() -> fns.invoke(fn, "dead")).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> fns.delete(fn)).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }

        @Test
        @DisplayName("asynchronous invocation, reserved concurrency and triggers are UNIMPLEMENTED")
        void undeclared() {
            String fn = name();
            Functions fns = cloud.functions();
            fns.deploy(spec(fn).build());
            for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> fns.invokeAsync(fn, new byte[1]),
                    () -> fns.deploy(spec(name()).reservedConcurrency(2).build()),
                    () -> fns.bind(fn, TriggerSource.queue("orders"), 10))) {
                assertThatThrownBy(call::execute).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            }
        }

        @Test
        @DisplayName("without polycloud.gcp.region, functions fail with INVALID_ARGUMENT naming the key")
        void regionRequired() {
            try (Cloud noRegion = local.overrides(Polycloud.builder().config(PolycloudConfig.builder().provider("gcp")
                    .set("polycloud.gcp.project", PROJECT).build())).open()) {
                assertThatThrownBy(() -> noRegion.functions().get("some-fn"))
                        .isInstanceOfSatisfying(CloudException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                            assertThat(e.getMessage()).contains("polycloud.gcp.region");
                        });
            }
        }
    }
}
