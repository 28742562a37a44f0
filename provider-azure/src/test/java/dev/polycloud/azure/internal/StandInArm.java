package dev.polycloud.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A stand-in for Azure Resource Manager, which these tests cannot reach: a JDK HTTP server on
 * 127.0.0.1 that records every request (method, path, query, headers, body) so the tests can check
 * exactly what the drivers send, and answers like ARM's resource store — PUT stores the body (201 new,
 * 200 replaced), GET returns it or 404 {@code ResourceNotFound}, DELETE removes it (200, or 204 when
 * absent) — unless a test's {@link Script} answers first (a 202 with a polling header, an error).
 * A request without {@code Authorization: Bearer }{@value #TOKEN} is 401 {@code InvalidAuthenticationToken}.
 * It checks nothing about the bodies' meaning to API Management or App Service.
 */
public final class StandInArm implements AutoCloseable {

    /** The token the fake credential hands out. */
    public static final String TOKEN = "stand-in-token-0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request.
     *
     * @param method the method
     * @param path the raw path
     * @param query the raw query
     * @param headers headers, lower-cased names
     * @param body the body text
     */
    public record Call(String method, String path, String query, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /**
     * An answer.
     *
     * @param status the status
     * @param headers the headers
     * @param body the body
     */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body);
        }

        public static Reply error(int status, String code, String message) {
            return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
        }
    }

    /** A test's own answer to a request, or empty to let the store answer. */
    @FunctionalInterface
    public interface Script {
        /**
         * Answers a request.
         *
         * @param call the request
         * @param arm the stand-in (its store and counters)
         * @return the answer, or empty
         */
        Optional<Reply> answer(Call call, StandInArm arm);
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> store = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile Script override = (c, a) -> Optional.empty();

    private StandInArm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    public static StandInArm start() {
        try {
            return new StandInArm();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public StandInArm override(Script o) {
        this.override = o;
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Puts a resource in the store, as if it existed in Azure. */
    public void seed(String path, String json) {
        try {
            store.put(path.toLowerCase(Locale.ROOT), (ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<JsonNode> stored(String path) {
        return Optional.ofNullable(store.get(path.toLowerCase(Locale.ROOT)));
    }

    /** A credential that hands out {@link #TOKEN}, counting how often it is asked. */
    TokenCredential credential() {
        return request -> {
            tokens.incrementAndGet();
            return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        };
    }

    public int tokensIssued() {
        return tokens.get();
    }

    /** A Resource Manager client pointed at this stand-in. */
    public ManagementClient client() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ManagementClient(endpoint(), this::credential, () -> http);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            URI uri = exchange.getRequestURI();
            Call call = new Call(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
            calls.add(call);
            Reply reply;
            if (!("Bearer " + TOKEN).equals(call.header("Authorization"))) {
                reply = Reply.error(401, "InvalidAuthenticationToken", "The access token is invalid.");
            } else if (call.query() == null || !call.query().contains("api-version=")) {
                reply = Reply.error(400, "MissingApiVersionParameter", "The api-version query parameter is required.");
            } else {
                reply = override.answer(call, this).orElseGet(() -> storeAnswer(call));
            }
            byte[] out = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    private Reply storeAnswer(Call call) {
        String key = call.path().toLowerCase(Locale.ROOT);
        switch (call.method()) {
            case "GET" -> {
                ObjectNode r = store.get(key);
                return r == null ? Reply.error(404, "ResourceNotFound", "The resource was not found.")
                        : Reply.json(200, r.toString());
            }
            case "PUT" -> {
                ObjectNode r = (ObjectNode) call.json();
                r.put("id", call.path());
                r.put("name", call.path().substring(call.path().lastIndexOf('/') + 1));
                boolean existed = store.put(key, r) != null;
                return Reply.json(existed ? 200 : 201, r.toString());
            }
            case "DELETE" -> {
                return store.remove(key) != null ? new Reply(200, Map.of(), "") : new Reply(204, Map.of(), "");
            }
            default -> {
                return Reply.error(405, "MethodNotAllowed", "no");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
