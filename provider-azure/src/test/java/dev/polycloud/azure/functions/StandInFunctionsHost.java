package dev.polycloud.azure.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the Azure Functions host, which cannot run on these machines: a JDK HTTP server on
 * 127.0.0.1 (a free port) that serves {@code /api/<function>} the way the host serves an HTTP trigger
 * with {@code authLevel = FUNCTION}: a missing or wrong {@code x-functions-key} is 401, an unknown
 * function 404, and otherwise the request becomes the worker's {@link HttpRequestMessage} (a
 * {@link FakeHost.Request} with the body as {@code Optional<byte[]>}, as {@code dataType = "binary"}
 * gives it) and the function method — here a lambda calling {@link PolycloudAzure} exactly as an
 * {@code @FunctionName} method would — answers. It is the adapter's real code path over real HTTP;
 * what it cannot show is the real host's behaviour (its own limits, timeouts and header handling).
 */
public final class StandInFunctionsHost implements AutoCloseable {

    /** A function method as a function app declares it. */
    @FunctionalInterface
    public interface FunctionMethod {
        /**
         * Runs the function.
         *
         * @param request the trigger's request
         * @param context the invocation's context
         * @return the response
         */
        HttpResponseMessage run(HttpRequestMessage<Optional<byte[]>> request, ExecutionContext context);
    }

    /**
     * A request the host received.
     *
     * @param method the method
     * @param target the raw path and query
     * @param headers the headers (lower-cased names, values joined)
     * @param body the body
     */
    public record Received(String method, String target, Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-functions-host");
        t.setDaemon(true);
        return t;
    });
    private final String key;
    private final Map<String, FunctionMethod> functions = new ConcurrentHashMap<>();
    private final Map<String, int[]> canned = new ConcurrentHashMap<>();
    private final Map<String, String> cannedBodies = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<FakeHost.Context> contexts = new CopyOnWriteArrayList<>();

    private StandInFunctionsHost(String key) throws IOException {
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Starts a host.
     *
     * @param key the function key it requires, or null for anonymous functions
     * @return the running host
     * @throws IOException when no port can be bound
     */
    public static StandInFunctionsHost start(String key) throws IOException {
        return new StandInFunctionsHost(key);
    }

    /**
     * Adds a function.
     *
     * @param name the function name
     * @param method what it runs
     * @return this host
     */
    public StandInFunctionsHost function(String name, FunctionMethod method) {
        functions.put(name, method);
        return this;
    }

    /**
     * Adds a function that always answers a fixed status and body, like the host does for its own
     * failures (429 when it sheds load, 503 while the app starts, an empty 500 when the host stopped
     * the function).
     *
     * @param name the function name
     * @param status the status
     * @param body the body (may be empty)
     * @return this host
     */
    public StandInFunctionsHost answer(String name, int status, String body) {
        canned.put(name, new int[] {status});
        cannedBodies.put(name, body);
        return this;
    }

    /**
     * The app's base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String appUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /**
     * Every request received, in order.
     *
     * @return the requests
     */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * The contexts handed to functions, in order.
     *
     * @return the contexts
     */
    public List<FakeHost.Context> contexts() {
        return List.copyOf(contexts);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(", ", v)));
            URI requestUri = exchange.getRequestURI();
            received.add(new Received(exchange.getRequestMethod(), requestUri.toString(), headers, body));
            String path = requestUri.getRawPath();
            if (!path.startsWith("/api/")) {
                send(exchange, 404, Map.of(), new byte[0]);
                return;
            }
            String name = path.substring("/api/".length());
            if (name.contains("/")) {
                name = name.substring(0, name.indexOf('/'));
            }
            if (key != null && !key.equals(headers.get("x-functions-key"))) {
                send(exchange, 401, Map.of(), new byte[0]);
                return;
            }
            if (canned.containsKey(name)) {
                send(exchange, canned.get(name)[0], Map.of("Content-Type", "text/plain"),
                        cannedBodies.get(name).getBytes(StandardCharsets.UTF_8));
                return;
            }
            FunctionMethod function = functions.get(name);
            if (function == null) {
                send(exchange, 404, Map.of(), new byte[0]);
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (requestUri.getRawQuery() != null) {
                for (String pair : requestUri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            URI full = URI.create(appUrl() + requestUri.toString());
            FakeHost.Request<Optional<byte[]>> request = new FakeHost.Request<>(
                    HttpMethod.value(exchange.getRequestMethod()), full, headers, query,
                    body.length == 0 ? Optional.empty() : Optional.of(body));
            FakeHost.Context context = new FakeHost.Context(name);
            contexts.add(context);
            HttpResponseMessage response;
            try {
                response = function.run(request, context);
            } catch (RuntimeException | Error e) {
                // The host answers an exception of the function with an empty 500.
                send(exchange, 500, Map.of(), new byte[0]);
                return;
            }
            FakeHost.Response r = (FakeHost.Response) response;
            Object out = r.getBody();
            byte[] bytes = out == null ? new byte[0] : out instanceof byte[] b ? b
                    : String.valueOf(out).getBytes(StandardCharsets.UTF_8);
            send(exchange, r.getStatusCode(), r.headers(), bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
