package dev.polycloud.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a free loopback port that answers every request with a success status and a
 * complete body (with a correct {@code Content-Length}) that cannot be parsed: {@value #JSON} with the
 * request's JSON content type, or {@value #XML} with {@code application/xml} when the client asks for XML
 * (its {@code Accept} or {@code Content-Type} says XML, or it sends a form, as the AWS query protocol
 * does). The status is 200 for {@code GET} and {@code HEAD}, 201 for everything else (what Azure Storage
 * expects of a create or an insert; the AWS SDK takes any 2xx). It counts the requests it answered, so a
 * test can prove that a call was not retried.
 *
 * <p>Thread-safe. Started by {@link #start()}, stopped by {@link #close()}.
 */
public final class GarbageServer implements AutoCloseable {

    /** The JSON body: a document that ends inside a field name (what moto answers for an empty map key). */
    public static final String JSON = "{\"broken";
    /** The XML body: a document that ends inside its first element. */
    public static final String XML = "<?xml version=\"1.0\" encoding=\"utf-8\"?><broken";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private GarbageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on a free port of 127.0.0.1.
     *
     * @return the running server
     * @throws UncheckedIOException when no port can be bound
     */
    public static GarbageServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "polycloud-garbage-server");
                t.setDaemon(true);
                return t;
            });
            GarbageServer garbage = new GarbageServer(http, executor);
            http.createContext("/", garbage::answer);
            http.setExecutor(executor);
            http.start();
            return garbage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            requests.incrementAndGet();
            String accept = lower(exchange.getRequestHeaders().getFirst("Accept"));
            String sent = lower(exchange.getRequestHeaders().getFirst("Content-Type"));
            boolean xml = accept.contains("xml") || sent.contains("xml") || sent.contains("x-www-form-urlencoded");
            String type = xml ? "application/xml" : sent.contains("json") ? sent.split(";")[0].trim()
                    : accept.contains("json") ? accept.split("[;,]")[0].trim() : "application/json";
            byte[] body = (xml ? XML : JSON).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            String method = exchange.getRequestMethod();
            int status = method.equals("GET") || method.equals("HEAD") ? 200 : 201;
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String lower(String header) {
        return header == null ? "" : header.toLowerCase(Locale.ROOT);
    }

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * {@code http://127.0.0.1:<port>}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * How many requests the server has answered since it started.
     *
     * @return the count
     */
    public int requests() {
        return requests.get();
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "GarbageServer[" + endpoint() + ", " + requests() + " requests]";
    }
}
