package dev.polycloud.local.gateway;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.functions.LocalFunctionRuntime;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.RouteTable;
import dev.polycloud.internal.GatewayHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway served for real by an embedded Jetty on 127.0.0.1. Jetty parses HTTP (and answers
 * 400 to what it cannot parse); this class routes with the portable {@link RouteTable}, maps
 * the request to an {@link HttpRequest}, invokes the function in process, and maps its
 * {@link HttpResponse} or its failure back: 404, 405, 413, 502, 504, 429 when throttled. Handlers
 * run on Jetty's request thread (no hand-off to another pool); a timeout answers 504 from the
 * runtime's watchdog thread and interrupts the handler.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
final class LocalGatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalGatewayServer.class);
    /** The most bytes of an oversized body read and discarded before answering 413. */
    private static final long DRAIN_LIMIT = 256L * 1024 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer");

    private final String name;
    private final LocalFunctionRuntime runtime;
    private final int maxBodyBytes;
    private final AtomicReference<GatewaySpec> spec = new AtomicReference<>();
    private final AtomicReference<RouteTable> routes = new AtomicReference<>();
    private final Server server;
    private final URI uri;

    /** The request attribute holding the matched route's template, for the observer. */
    private static final String ROUTE_ATTRIBUTE = "polycloud.route";

    LocalGatewayServer(String name, GatewaySpec initial, LocalFunctionRuntime runtime, int port, int maxBodyBytes) {
        this.name = name;
        this.runtime = runtime;
        this.maxBodyBytes = maxBodyBytes;
        update(initial);
        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setName("polycloud-gateway-" + name);
        threads.setDaemon(true);
        this.server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(512);
        server.addConnector(connector);
        server.setHandler(new GatewayHandler());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new CloudException(ErrorCode.UNAVAILABLE, "Gateway '" + name + "' could not listen on 127.0.0.1:"
                    + port + ": " + e.getMessage(), LocalCloudProvider.ID, "gateway " + name, e);
        }
        this.uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        LOG.info("Gateway {} serving at {}", name, uri);
    }

    void update(GatewaySpec newSpec) {
        routes.set(new RouteTable(newSpec));
        spec.set(newSpec);
    }

    GatewaySpec spec() {
        return spec.get();
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping gateway {} failed", name, e);
        }
    }

    /** The Jetty handler: one request in, one response out, never an uncaught exception. */
    private final class GatewayHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long start = System.nanoTime();
            AtomicBoolean answered = new AtomicBoolean();
            Runnable onTimeout = () -> respond(answered, response, callback, GatewayHttp.gatewayTimeout());
            HttpResponse answer;
            try {
                answer = serve(request, onTimeout);
            } catch (RuntimeException e) {
                LOG.error("Gateway {} failed on {} {}", name, request.getMethod(), request.getHttpURI().getPath(), e);
                answer = GatewayHttp.internalError();
            }
            respond(answered, response, callback, answer);
            report(request, answer.status(), start);
            return true;
        }

        /** Reports the request to the observer, by route template (never the path): bounded tag values. */
        private void report(Request request, int status, long start) {
            dev.polycloud.spi.OperationObserver observer = runtime.observer();
            if (observer == dev.polycloud.spi.OperationObserver.NONE) {
                return;
            }
            Object route = request.getAttribute(ROUTE_ATTRIBUTE);
            try {
                observer.gatewayRequest(LocalCloudProvider.ID, name, request.getMethod().toUpperCase(Locale.ROOT),
                        route == null ? "unmatched" : route.toString(), status, System.nanoTime() - start);
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
        }

        /** Writes the answer unless one was written already (a timeout answers from the timer thread). */
        private void respond(AtomicBoolean answered, Response response, Callback callback, HttpResponse answer) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            response.setStatus(answer.status());
            answer.headers().values().forEach((k, values) -> {
                if (!HOP_BY_HOP.contains(k)) {
                    values.forEach(v -> response.getHeaders().add(k, v));
                }
            });
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }

        private HttpResponse serve(Request request, Runnable onTimeout) {
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            String rawPath = request.getHttpURI().getPath();
            if (rawPath == null || rawPath.isEmpty()) {
                rawPath = "/";
            }
            Map<String, List<String>> query;
            RouteTable.Match match;
            try {
                query = GatewayHttp.parseQuery(request.getHttpURI().getQuery());
                match = routes.get().match(method, rawPath);
            } catch (IllegalArgumentException e) {
                return GatewayHttp.badRequest(e.getMessage());
            }
            if (match instanceof RouteTable.NotFound) {
                return GatewayHttp.notFound();
            }
            if (match instanceof RouteTable.MethodNotAllowed m) {
                return GatewayHttp.methodNotAllowed(String.join(", ", m.allowed()));
            }
            RouteTable.Found found = (RouteTable.Found) match;
            request.setAttribute(ROUTE_ATTRIBUTE, found.route().path());
            long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared > maxBodyBytes) {
                drain(request);
                return GatewayHttp.payloadTooLarge();
            }
            byte[] body;
            try {
                body = readBody(request);
            } catch (IOException e) {
                return GatewayHttp.badRequest("unreadable body");
            }
            if (body == null) {
                drain(request);
                return GatewayHttp.payloadTooLarge();
            }
            Map<String, List<String>> headers = GatewayHttp.newHeaders();
            for (HttpField f : request.getHeaders()) {
                GatewayHttp.addHeader(headers, f.getLowerCaseName(), f.getValue());
            }
            HttpRequest event = new HttpRequest(method, rawPath, found.pathParameters(), query, new Headers(headers),
                    body);
            return invoke(found.route().function(), found.route().path(), event, onTimeout);
        }

        /**
         * Invokes the route's function inside the request's server span (continuing its {@code traceparent}
         * header; the function's span is its child), which records the status answered.
         */
        private HttpResponse invoke(String function, String route, HttpRequest event, Runnable onTimeout) {
            dev.polycloud.spi.OperationObserver observer = runtime.observer();
            if (observer == dev.polycloud.spi.OperationObserver.NONE) {
                return invoke(function, event, onTimeout);
            }
            dev.polycloud.spi.OperationObserver.Scope scope = dev.polycloud.spi.OperationObserver.Scope.NONE;
            try {
                scope = observer.startRequest(LocalCloudProvider.ID, name, event.method(), route,
                        dev.polycloud.internal.FunctionObservation.headers(event));
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
            int status = 500;
            try {
                HttpResponse answer = invoke(function, event, onTimeout);
                status = answer.status();
                return answer;
            } finally {
                try {
                    scope.httpStatus(status);
                    scope.end(status >= 500 ? ErrorCode.UNKNOWN : null);
                    scope.close();
                } catch (RuntimeException e) {
                    LOG.warn("Operation observer {} failed; ignored", observer, e);
                }
            }
        }

        private HttpResponse invoke(String function, HttpRequest event, Runnable onTimeout) {
            Object out;
            try {
                out = runtime.invokeHttpHere(function, event, LocalFunctionRuntime.newRequestId(), onTimeout);
            } catch (CloudException e) {
                return switch (e.code()) {
                    case DEADLINE_EXCEEDED -> GatewayHttp.gatewayTimeout();
                    case THROTTLED -> GatewayHttp.tooManyRequests();
                    default -> {
                        LOG.info("Gateway {}: function {} failed: {}", name, function, e.getMessage());
                        yield GatewayHttp.badGateway();
                    }
                };
            }
            if (out instanceof HttpResponse r) {
                return r;
            }
            return GatewayHttp.responseOf(out instanceof byte[] bytes ? bytes : PayloadCodec.encode(out));
        }

        /**
         * Reads and discards the rest of an oversized body (up to {@link #DRAIN_LIMIT}) so the
         * client, still sending, receives the 413 instead of a reset connection; a client that
         * asked {@code Expect: 100-continue} has sent nothing yet and gets the 413 at once.
         */
        private void drain(Request request) {
            String expect = request.getHeaders().get(HttpHeader.EXPECT);
            if (expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue")) {
                return; // the client waits for 100 Continue before sending: answer 413 without reading
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                long left = DRAIN_LIMIT;
                byte[] buffer = new byte[64 * 1024];
                int n;
                while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    left -= n;
                }
            } catch (IOException e) {
                LOG.debug("Gateway {}: client went away while its oversized body was drained", name);
            }
        }

        private byte[] readBody(Request request) throws IOException {
            long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (length == 0 || (length < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
                return new byte[0]; // HTTP/1.1: no length and no transfer coding means no body
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                if (length > 0 && length <= maxBodyBytes) {
                    // the usual case: a declared length within the limit, read straight into an array of that size
                    byte[] body = new byte[(int) length];
                    int n = in.readNBytes(body, 0, body.length);
                    return n == body.length ? body : Arrays.copyOf(body, n);
                }
                byte[] body = in.readNBytes(maxBodyBytes + 1);
                return body.length > maxBodyBytes ? null : body;
            }
        }
    }
}
