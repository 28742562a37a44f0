package dev.polycloud.azure.functions;

import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.ManagementClient;
import dev.polycloud.azure.internal.StandInArm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.azure.functions.PolycloudAzure;
import dev.polycloud.azure.functions.StandInFunctionsHost;
import dev.polycloud.azure.functions.TestHandlers;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.TriggerSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Azure Functions driver. Invocations go over real HTTP to {@link StandInFunctionsHost}, a JDK
 * server on 127.0.0.1 standing in for the Functions host (which cannot run here): it checks the
 * function key like the host does and runs each function as an {@code @FunctionName} method would,
 * through {@link PolycloudAzure} — so the driver, the adapter and their protocol are exercised
 * together, while the host's own behaviour is not. Lookups go to {@link StandInArm}, a stand-in for
 * Azure Resource Manager that records the requests the driver builds.
 */
@DisplayName("Azure Functions driver")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class AzureFunctionDriverTest {

    private static final String KEY = "fn-key-SECRET-9f8e7d";
    private static final String SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";

    private StandInFunctionsHost host;
    private Cloud cloud;

    @BeforeAll
    void start() throws IOException {
        host = StandInFunctionsHost.start(KEY)
                .function("echo-bytes", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.EchoBytes.class))
                .function("echo-text", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.EchoText.class))
                .function("pricing", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.Pricing.class))
                .function("failing", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.Failing.class))
                .function("sleep", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.Sleep.class))
                .function("echo-http", (r, c) -> PolycloudAzure.http(r, c, TestHandlers.HttpEcho.class))
                .function("unwrapped", (r, c) -> {
                    throw new IllegalStateException("a function that does not use the adapter");
                })
                .answer("busy", 429, "Too many requests")
                .answer("starting", 503, "Function host is not running.")
                .answer("disabled", 403, "Forbidden")
                .answer("too-big", 413, "")
                .answer("gateway-timeout", 504, "");
        cloud = open(Map.of());
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private Cloud open(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "polycloud.azure.connection-string", "UseDevelopmentStorage=true",
                "polycloud.azure.functions.app-url", host.appUrl(),
                "polycloud.azure.functions.key", KEY));
        keys.putAll(extra);
        return Polycloud.open(PolycloudConfig.builder().provider("azure").setAll(keys).build());
    }

    private List<StandInFunctionsHost.Received> requestsTo(String function) {
        return host.received().stream().filter(r -> r.target().equals("/api/" + function)).toList();
    }

    private static byte[] allBytes() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Nested
    @DisplayName("invoking through the function's HTTP trigger (stand-in host running the adapter)")
    class Invoking {

        @Test
        @DisplayName("a binary payload that is not UTF-8 round-trips byte-exact, and an empty one stays empty")
        void bytes() {
            byte[] payload = allBytes();
            assertThat(cloud.functions().invoke("echo-bytes", payload)).isEqualTo(payload);
            assertThat(cloud.functions().invoke("echo-bytes", new byte[0])).isEmpty();
        }

        @Test
        @DisplayName("text round-trips as UTF-8")
        void text() {
            String text = "héllo wörld ✓ 日本語 🎉";
            assertThat(cloud.functions().invoke("echo-text", text)).isEqualTo("echo:" + text);
        }

        @Test
        @DisplayName("JSON maps to records, and the handler's context is the host's function name and invocation id")
        void json() {
            TestHandlers.Receipt r = cloud.functions().invoke("pricing",
                    new TestHandlers.Order("ada", 4, new BigDecimal("2.50")), TestHandlers.Receipt.class);
            assertThat(r.total()).isEqualByComparingTo("10.00");
            assertThat(r.function()).isEqualTo("pricing");
            assertThat(r.requestId()).isEqualTo(host.contexts().get(host.contexts().size() - 1).getInvocationId());
        }

        @Test
        @DisplayName("the request is a POST to the function's URL with the key in x-functions-key, never in the URL")
        void request() {
            cloud.functions().invoke("echo-text", "x");
            StandInFunctionsHost.Received r = requestsTo("echo-text").get(requestsTo("echo-text").size() - 1);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.target()).isEqualTo("/api/echo-text").doesNotContain(KEY);
            assertThat(r.headers()).containsEntry("x-functions-key", KEY)
                    .containsEntry("x-polycloud-invoke", "1")
                    .containsEntry("content-type", "application/octet-stream");
        }

        @Test
        @DisplayName("an HttpRequest handler takes a JSON HttpRequest payload and answers its HttpResponse as JSON")
        void httpHandler() {
            HttpRequest event = new HttpRequest("POST", "/orders/7", Map.of("id", "7"), Map.of(), null,
                    "body".getBytes(StandardCharsets.UTF_8));
            HttpResponse out = cloud.functions().invoke("echo-http", event, HttpResponse.class);
            assertThat(out.status()).isEqualTo(201);
            assertThat(PayloadCodec.decode(out.body(), TestHandlers.Echo.class).pathParameters()).containsEntry("id", "7");
        }

        @Test
        @DisplayName("concurrent invocations are each answered with their own data")
        void concurrent() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String input = "call-" + i;
                    answers.add(pool.submit(() -> cloud.functions().invoke("echo-text", input)));
                }
                for (int i = 0; i < 30; i++) {
                    assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("echo:call-" + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        @DisplayName("a failing handler is FUNCTION_FAILED with its error type and message, and ran exactly once")
        void handlerFailure() {
            int before = requestsTo("failing").size();
            FunctionFailedException e = catchThrowableOfType(FunctionFailedException.class,
                    () -> cloud.functions().invoke("failing", "order-42"));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.errorType()).isEqualTo(TestHandlers.DeliberateException.class.getName());
            assertThat(e.errorMessage()).isEqualTo("failed on purpose: order-42");
            assertThat(e.provider()).contains("azure");
            assertThat(e.resource()).contains("function failing");
            assertThat(requestsTo("failing").size() - before).as("requests that reached the host").isEqualTo(1);
        }

        @Test
        @DisplayName("a function the app does not have is NOT_FOUND")
        void unknown() {
            assertThat(fails(ErrorCode.NOT_FOUND, () -> cloud.functions().invoke("no-such-function", "x")))
                    .hasMessageContaining("no-such-function");
        }

        @Test
        @DisplayName("a wrong function key is UNAUTHENTICATED, and no message shows a key")
        void wrongKey() {
            try (Cloud wrong = open(Map.of("polycloud.azure.functions.key", "not-the-key-777"))) {
                assertThat(fails(ErrorCode.UNAUTHENTICATED, () -> wrong.functions().invoke("echo-text", "x")))
                        .hasMessageContaining("polycloud.azure.functions.key")
                        .hasMessageNotContaining("not-the-key-777").hasMessageNotContaining(KEY);
            }
        }

        @Test
        @DisplayName("no answer within the configured timeout is DEADLINE_EXCEEDED, and the function serves the next call")
        void timeout() {
            try (Cloud quick = open(Map.of("polycloud.azure.functions.timeout", "PT1S"))) {
                quick.functions().invoke("sleep", "0"); // warm: loads the handler outside the measured call
                long start = System.nanoTime();
                CloudException e = fails(ErrorCode.DEADLINE_EXCEEDED, () -> quick.functions().invoke("sleep", "3000"));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
                assertThat(e).isNotInstanceOf(FunctionFailedException.class);
                assertThat(quick.functions().invoke("sleep", "10")).isEqualTo("slept 10");
            }
        }

        @Test
        @DisplayName("429 is THROTTLED and retried by the portable layer; 503 UNAVAILABLE; 403 PERMISSION_DENIED; 413 INVALID_ARGUMENT; 504 DEADLINE_EXCEEDED")
        void statuses() {
            int before = requestsTo("busy").size();
            fails(ErrorCode.THROTTLED, () -> cloud.functions().invoke("busy", "x"));
            assertThat(requestsTo("busy").size() - before).as("attempts at a throttled function").isEqualTo(3);
            assertThat(fails(ErrorCode.UNAVAILABLE, () -> cloud.functions().invoke("starting", "x")))
                    .hasMessageContaining("503");
            fails(ErrorCode.PERMISSION_DENIED, () -> cloud.functions().invoke("disabled", "x"));
            fails(ErrorCode.INVALID_ARGUMENT, () -> cloud.functions().invoke("too-big", "x"));
            fails(ErrorCode.DEADLINE_EXCEEDED, () -> cloud.functions().invoke("gateway-timeout", "x"));
        }

        @Test
        @DisplayName("an empty 500 (a function not wrapped by the adapter, or stopped by the host) is INTERNAL and not retried")
        void unwrapped() {
            int before = requestsTo("unwrapped").size();
            assertThat(fails(ErrorCode.INTERNAL, () -> cloud.functions().invoke("unwrapped", "x")))
                    .hasMessageContaining("PolycloudAzure");
            assertThat(requestsTo("unwrapped").size() - before).isEqualTo(1);
        }

        @Test
        @DisplayName("a function app nobody answers for is UNAVAILABLE")
        void nobodyListening() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (Cloud down = open(Map.of("polycloud.azure.functions.app-url", "http://127.0.0.1:" + port))) {
                fails(ErrorCode.UNAVAILABLE, () -> down.functions().invoke("echo-text", "x"));
            }
        }
    }

    @Nested
    @DisplayName("capabilities and what Azure does not support here")
    class Capability {

        @Test
        @DisplayName("functions are declared with the host's limits and without async, concurrency limits or triggers")
        void declared() {
            FunctionCapabilities caps = cloud.capabilities().functions();
            assertThat(caps).isEqualTo(new FunctionCapabilities(true, 100 * 1024 * 1024, Duration.ofSeconds(230),
                    false, false, false, false, false).withSchedules(new dev.polycloud.function.ScheduleCapabilities(
                    false, java.time.Duration.ofMinutes(1), true, true)));
            assertThat(cloud.capabilities().gateways().supported()).as("no API Management configured").isFalse();
        }

        @Test
        @DisplayName("deploy and delete are UNIMPLEMENTED, saying how Azure functions are deployed, and send nothing")
        void deployDelete() {
            int before = host.received().size();
            FunctionSpec spec = FunctionSpec.builder("new-fn", TestHandlers.EchoText.class).build();
            assertThat(fails(ErrorCode.UNIMPLEMENTED, () -> cloud.functions().deploy(spec)))
                    .hasMessageContaining("azure-functions-maven-plugin").hasMessageContaining("PolycloudAzure");
            fails(ErrorCode.UNIMPLEMENTED, () -> cloud.functions().delete("echo-text"));
            assertThat(host.received()).hasSize(before);
        }

        @Test
        @DisplayName("asynchronous invocation and triggers are refused with UNIMPLEMENTED; no trigger is listed")
        void asyncAndTriggers() {
            Functions fns = cloud.functions();
            fails(ErrorCode.UNIMPLEMENTED, () -> fns.invokeAsync("echo-text", new byte[] {1}));
            fails(ErrorCode.UNIMPLEMENTED, () -> fns.bind("echo-text", TriggerSource.queue("orders"), 10));
            fails(ErrorCode.UNIMPLEMENTED, () -> fns.bind("echo-text", TriggerSource.subscription("events", "audit"), 10));
            fails(ErrorCode.UNIMPLEMENTED, () -> fns.bind("echo-text", TriggerSource.table("orders"), 10));
            assertThat(fns.triggers("echo-text")).isEmpty();
            FunctionSpec withQueue = FunctionSpec.builder("fn-q", TestHandlers.EchoText.class).onFailureQueue("dlq")
                    .build();
            fails(ErrorCode.UNIMPLEMENTED, () -> fns.deploy(withQueue));
        }

        @Test
        @DisplayName("listing and get need Resource Manager: without its keys they are UNIMPLEMENTED naming the keys")
        void lookupsNeedResourceManager() {
            assertThat(fails(ErrorCode.UNIMPLEMENTED, () -> cloud.functions().get("echo-text")))
                    .hasMessageContaining("polycloud.azure.subscription-id")
                    .hasMessageContaining("polycloud.azure.resource-group")
                    .hasMessageContaining("polycloud.azure.functions.app-name");
        }

        @Test
        @DisplayName("without a function app configured, functions are not declared and cloud.functions() is UNIMPLEMENTED")
        void notConfigured() {
            try (Cloud plain = Polycloud.open(PolycloudConfig.builder().provider("azure")
                    .set("polycloud.azure.connection-string", "UseDevelopmentStorage=true").build())) {
                assertThat(plain.capabilities().functions().supported()).isFalse();
                fails(ErrorCode.UNIMPLEMENTED, () -> plain.functions().list());
            }
        }
    }

    @Nested
    @DisplayName("looking functions up through Resource Manager (stand-in ARM)")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Lookups {

        private static final String APP = "/subscriptions/" + SUBSCRIPTION
                + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/orders";

        private StandInArm arm;
        private AzureFunctionDriver driver;

        @BeforeAll
        void start() {
            arm = StandInArm.start();
            AzureFunctionSettings settings = AzureFunctionSettings.from(PolycloudConfig.builder().provider("azure")
                    .set("polycloud.azure.functions.app-url", "https://orders.azurewebsites.net")
                    .set("polycloud.azure.functions.timeout", "45")
                    .set("polycloud.azure.subscription-id", SUBSCRIPTION)
                    .set("polycloud.azure.resource-group", "rg-orders").build());
            HttpClient http = HttpClient.newHttpClient();
            ManagementClient management = arm.client();
            driver = new AzureFunctionDriver(settings, () -> http, () -> management);
            arm.seed(APP + "/functions/pricing", "{\"name\":\"orders/pricing\",\"properties\":{\"config\":"
                    + "{\"entryPoint\":\"com.example.Functions.pricing\",\"scriptFile\":\"../orders.jar\"},"
                    + "\"language\":\"java\",\"isDisabled\":false}}");
        }

        @AfterAll
        void stop() {
            arm.close();
        }

        @Test
        @DisplayName("get sends GET .../Microsoft.Web/sites/APP/functions/NAME with the API version and a bearer token")
        void getRequest() {
            arm.clearCalls();
            FunctionSpec spec = driver.get("pricing").orElseThrow();
            StandInArm.Call call = arm.calls().get(0);
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.path()).isEqualTo(APP + "/functions/pricing");
            assertThat(call.query()).isEqualTo("api-version=2022-03-01");
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + StandInArm.TOKEN);
            assertThat(spec.name()).isEqualTo("pricing");
            assertThat(spec.handler()).as("the Java entry point").isEqualTo("com.example.Functions.pricing");
            assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(spec.memoryMb()).isEqualTo(FunctionSpec.DEFAULT_MEMORY_MB);
            assertThat(spec.environment()).isEmpty();
        }

        @Test
        @DisplayName("get of a function the app does not have is empty")
        void getMissing() {
            assertThat(driver.get("nothing-here")).isEmpty();
        }

        @Test
        @DisplayName("list follows nextLink, and leaves out functions whose names are not portable")
        void list() {
            String next = arm.endpoint() + APP + "/functions?api-version=2022-03-01&$skipToken=page2";
            arm.override((call, a) -> {
                if (call.method().equals("GET") && call.path().equals(APP + "/functions")) {
                    boolean second = call.query().contains("skipToken=page2");
                    return Optional.of(StandInArm.Reply.json(200, second
                            ? "{\"value\":[{\"name\":\"orders/third-fn\",\"properties\":{\"config\":{}}}]}"
                            : "{\"value\":[{\"name\":\"orders/first-fn\",\"properties\":{\"config\":{\"entryPoint\":"
                            + "\"a.B.run\"}}},{\"name\":\"orders/HttpTrigger_1\",\"properties\":{}}],"
                            + "\"nextLink\":\"" + next + "\"}"));
                }
                return Optional.empty();
            });
            try {
                List<FunctionSpec> all = driver.list();
                assertThat(all).extracting(FunctionSpec::name).containsExactly("first-fn", "third-fn");
                assertThat(all.get(0).handler()).isEqualTo("a.B.run");
                assertThat(all.get(1).handler()).isEqualTo(AzureFunctionDriver.UNKNOWN_HANDLER);
            } finally {
                arm.override((c, a) -> Optional.empty());
            }
        }

        @Test
        @DisplayName("Resource Manager errors map: AuthorizationFailed is PERMISSION_DENIED, throttling THROTTLED; no token in messages")
        void errors() {
            arm.override((call, a) -> Optional.of(call.path().endsWith("/denied")
                    ? StandInArm.Reply.error(403, "AuthorizationFailed", "The client does not have authorization")
                    : StandInArm.Reply.error(429, "TooManyRequests", "slow down")));
            try {
                CloudException denied = catchThrowableOfType(CloudException.class, () -> driver.get("denied"));
                assertThat(denied.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(denied.getMessage()).contains("AuthorizationFailed").contains("function denied")
                        .doesNotContain(StandInArm.TOKEN);
                assertThat(catchThrowableOfType(CloudException.class, () -> driver.get("busy")).code())
                        .isEqualTo(ErrorCode.THROTTLED);
            } finally {
                arm.override((c, a) -> Optional.empty());
            }
        }

        @Test
        @DisplayName("the token is asked for once and reused while it is valid")
        void tokenCached() {
            int before = arm.tokensIssued();
            driver.get("pricing");
            driver.get("pricing");
            driver.get("pricing");
            assertThat(arm.tokensIssued() - before).isLessThanOrEqualTo(1);
        }
    }

    /** Runs a call that must fail with a code, and returns the exception for more checks. */
    public static CloudException fails(ErrorCode code, Runnable call) {
        CloudException e = catchThrowableOfType(CloudException.class, call::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.provider()).contains("azure");
        return e;
    }

}
