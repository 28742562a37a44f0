package dev.polycloud.conformance.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.conformance.handlers.BatchHandler;
import dev.polycloud.conformance.handlers.DeliberateFailureException;
import dev.polycloud.conformance.handlers.EchoBytesHandler;
import dev.polycloud.conformance.handlers.EchoTextHandler;
import dev.polycloud.conformance.handlers.FailingHandler;
import dev.polycloud.conformance.handlers.HttpEchoHandler;
import dev.polycloud.function.PayloadCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The artifact the AWS runners deploy, run the way Lambda's Java runtime runs it, without Lambda:
 * unpacked, with its root and {@code lib/*.jar} as the only class path (nothing from this JVM's class
 * path but the JDK), the adapter instantiated from it and handed events and a context. This is what
 * the LocalStack runner relies on, checked where no Docker is available.
 */
@DisplayName("AWS: the handler artifact runs the conformance handlers through the Lambda adapter")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsHandlerArtifactTest {

    private static final String ADAPTER = "dev.polycloud.aws.lambda.PolycloudLambdaHandler";

    private Path task;
    private URLClassLoader loader;

    @BeforeAll
    void unpack() throws IOException {
        task = Files.createTempDirectory("polycloud-lambda-task");
        try (InputStream in = Files.newInputStream(HandlerArtifact.path()); JarInputStream jar = new JarInputStream(in)) {
            JarEntry e;
            while ((e = jar.getNextJarEntry()) != null) {
                Path target = task.resolve(e.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.copy(jar, target);
            }
        }
        List<URL> path = new ArrayList<>();
        path.add(task.toUri().toURL());
        try (Stream<Path> libs = Files.list(task.resolve("lib"))) {
            for (Path lib : libs.sorted().toList()) {
                path.add(lib.toUri().toURL());
            }
        }
        loader = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    void close() throws IOException {
        if (loader != null) {
            loader.close();
        }
        try (Stream<Path> files = Files.walk(task)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The adapter as Lambda builds it, configured with the handler a function was deployed with. */
    private Object adapter(Class<?> handler) throws ReflectiveOperationException {
        Class<?> type = loader.loadClass(ADAPTER);
        assertThat(type.getClassLoader()).as("the adapter comes from the artifact").isSameAs(loader);
        Constructor<?> c = type.getDeclaredConstructor(Map.class, ClassLoader.class);
        c.setAccessible(true);
        return c.newInstance(Map.of("POLYCLOUD_HANDLER", handler.getName(), "POLYCLOUD_ENVIRONMENT", ""), loader);
    }

    private byte[] invoke(Object adapter, byte[] event, String function) throws Throwable {
        Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        String requestId = UUID.randomUUID().toString();
        long deadline = System.currentTimeMillis() + 30_000;
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getFunctionName" -> function;
                    case "getAwsRequestId" -> requestId;
                    case "getRemainingTimeInMillis" -> (int) (deadline - System.currentTimeMillis());
                    case "getMemoryLimitInMB" -> 512;
                    case "toString" -> "context";
                    default -> null;
                });
        Method handle = adapter.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class,
                contextType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handle.invoke(adapter, new ByteArrayInputStream(event), out, context);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return out.toByteArray();
    }

    private byte[] envelope(byte[] payload) throws ReflectiveOperationException {
        Method wrap = loader.loadClass("dev.polycloud.aws.lambda.PayloadEnvelope").getMethod("wrap", byte[].class);
        return (byte[]) wrap.invoke(null, (Object) payload);
    }

    private byte[] unwrap(byte[] envelope) throws IOException {
        JsonNode inner = PayloadCodec.mapper().readTree(envelope).path("polycloud-payload");
        return inner.has("text") ? inner.get("text").asText().getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(inner.get("base64").asText());
    }

    @Test
    @DisplayName("it holds the handlers, the adapter and its libraries, and no AWS SDK")
    void contents() throws IOException {
        assertThat(task.resolve("dev/polycloud/conformance/handlers/HttpEchoHandler.class")).isRegularFile();
        assertThat(task.resolve("dev/polycloud/aws/lambda/PolycloudLambdaHandler.class")).isRegularFile();
        try (Stream<Path> libs = Files.list(task.resolve("lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("polycloud-api"))
                    .anyMatch(n -> n.startsWith("jackson-databind"))
                    .anyMatch(n -> n.startsWith("aws-lambda-java-core"))
                    .noneMatch(n -> n.contains("awssdk") || n.startsWith("sdk-core") || n.startsWith("lambda-2"));
        }
        assertThat(task.resolve("dev/polycloud/aws/LambdaFunctionDriver.class")).doesNotExist();
    }

    @Test
    @DisplayName("a Polycloud invocation of the text and bytes handlers answers as the suite expects")
    void invocations() throws Throwable {
        byte[] text = invoke(adapter(EchoTextHandler.class), envelope("héllo ✓".getBytes(StandardCharsets.UTF_8)), "fn-a");
        assertThat(new String(unwrap(text), StandardCharsets.UTF_8)).isEqualTo(EchoTextHandler.PREFIX + "héllo ✓");
        byte[] binary = {0, (byte) 0xC3, (byte) 0x28, (byte) 0xff};
        assertThat(unwrap(invoke(adapter(EchoBytesHandler.class), envelope(binary), "fn-b"))).isEqualTo(binary);
    }

    @Test
    @DisplayName("a failing handler fails the invocation with its own exception class and message")
    void failure() throws ReflectiveOperationException {
        Object adapter = adapter(FailingHandler.class);
        byte[] event = envelope("order-42".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> invoke(adapter, event, "fn-c"))
                .satisfies(t -> {
                    assertThat(t.getClass().getName()).isEqualTo(DeliberateFailureException.class.getName());
                    assertThat(t.getClass().getClassLoader()).isSameAs(loader);
                    assertThat(t.getMessage()).isEqualTo(FailingHandler.MESSAGE_PREFIX + "order-42");
                });
    }

    @Test
    @DisplayName("an API Gateway request reaches the HTTP echo handler and its response goes back")
    void httpRequest() throws Throwable {
        ObjectNode event = PayloadCodec.mapper().createObjectNode();
        event.put("version", "2.0").put("routeKey", "GET /items/{id}").put("rawPath", "/items/caf%C3%A9")
                .put("rawQueryString", "tag=x&tag=y").put("isBase64Encoded", false);
        event.putObject("headers").put("x-custom-header", "Value-1");
        event.putObject("requestContext").put("stage", "$default").putObject("http").put("method", "GET")
                .put("path", "/items/caf%C3%A9");
        JsonNode result = PayloadCodec.mapper().readTree(invoke(adapter(HttpEchoHandler.class),
                PayloadCodec.encode(event), "fn-http"));
        assertThat(result.path("statusCode").asInt()).isEqualTo(200);
        assertThat(result.path("headers").path(HttpEchoHandler.SERVED_BY).asText()).isEqualTo("fn-http");
        HttpEchoHandler.Echo echo = PayloadCodec.decode(result.path("body").asText().getBytes(StandardCharsets.UTF_8),
                HttpEchoHandler.Echo.class);
        assertThat(echo.pathParameters()).isEqualTo(Map.of("id", "café"));
        assertThat(echo.queryParameters().get("tag")).containsExactly("x", "y");
        assertThat(echo.headers().get("x-custom-header")).containsExactly("Value-1");
    }

    @Test
    @DisplayName("an SQS batch reaches the batch handler and its failed messages come back as batchItemFailures")
    void sqsBatch() throws Throwable {
        ObjectNode event = PayloadCodec.mapper().createObjectNode();
        var records = event.putArray("Records");
        for (String body : List.of("ok-1", "fail-1")) {
            ObjectNode r = records.addObject();
            r.put("messageId", "id-" + body).put("receiptHandle", "rh-" + body).put("body", body)
                    .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:orders");
            r.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", "1700000000000");
            r.putObject("messageAttributes");
        }
        JsonNode result = PayloadCodec.mapper().readTree(invoke(adapter(BatchHandler.class), PayloadCodec.encode(event),
                "fn-batch"));
        assertThat(result.path("batchItemFailures")).hasSize(1);
        assertThat(result.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("id-fail-1");
    }
}
