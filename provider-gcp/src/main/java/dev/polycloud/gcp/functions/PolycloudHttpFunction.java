package dev.polycloud.gcp.functions;

import dev.polycloud.internal.FunctionObservation;
import dev.polycloud.internal.GatewayHttp;
import dev.polycloud.internal.InvocationContext;
import com.google.cloud.functions.HttpFunction;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HandlerInvoker.HandlerFailure;
import dev.polycloud.function.HandlerInvoker.HandlerLoadException;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.gateway.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloud Functions (2nd gen) entry point of an HTTP function that runs an unchanged portable
 * {@link dev.polycloud.function.FunctionHandler}: deploy with entry point
 * {@code dev.polycloud.gcp.functions.PolycloudHttpFunction} and the handler class in
 * {@value AdapterConfig#HANDLER} (see {@link AdapterConfig} for the other variables; the GCP driver's
 * deploy sets them all). The handler is loaded once, on the first request.
 *
 * <p>A request is served in one of two ways (see {@link FunctionProtocol}):
 * <ul>
 *   <li><b>Invocation</b> — with the header {@value FunctionProtocol#INVOKE_HEADER}, or for any handler whose
 *       input is not {@link HttpRequest}: the body is the payload, decoded to the handler's input type by
 *       {@link PayloadCodec}; the answer is 200 with the encoded result, 500 with
 *       {@code {"errorType","errorMessage"}} when the handler failed, 504 when it ran past the timeout.</li>
 *   <li><b>HTTP</b> — a handler of {@link HttpRequest} reached without that header (through API Gateway, or
 *       directly): method, raw path, path parameters (when the gateway's address carries the route),
 *       multi-valued query parameters, headers and the binary body become the portable request, and the
 *       handler's {@link HttpResponse} goes back as it is. A failed handler is 502, a timed-out one 504, a
 *       body over the limit 413, malformed percent-encoding 400.</li>
 * </ul>
 * A Pub/Sub push of a Cloud Storage notification (a bucket trigger's push subscription, see {@link GcsEvents}) is an
 * invocation whose payload is the decoded {@link dev.polycloud.function.BlobEventBatch}: 200 when the handler
 * returned (Pub/Sub acknowledges the message), 500 when it failed (Pub/Sub redelivers it with backoff), 204 without
 * running the handler for a notification that is no portable event.
 */
public class PolycloudHttpFunction implements HttpFunction {

    private static final Logger LOG = LoggerFactory.getLogger(PolycloudHttpFunction.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length");
    private static final String EXECUTION_ID = "Function-Execution-Id";

    private final HandlerHost host;

    /** The entry point the Functions Framework instantiates: configured from the environment. */
    public PolycloudHttpFunction() {
        this(System.getenv());
    }

    /**
     * An adapter configured from explicit variables (for embedding and tests).
     *
     * @param environment the variables {@link AdapterConfig#from} reads
     */
    public PolycloudHttpFunction(Map<String, String> environment) {
        this.host = new HandlerHost(environment, PolycloudHttpFunction.class.getClassLoader());
    }

    @Override
    public void service(com.google.cloud.functions.HttpRequest request, com.google.cloud.functions.HttpResponse response)
            throws IOException {
        HandlerInvoker invoker;
        try {
            invoker = host.invoker();
        } catch (HandlerLoadException | IllegalStateException e) {
            LOG.error("Cannot load the portable handler: {}", e.getMessage());
            writeError(response, 500, FunctionProtocol.ERROR_DEPLOYMENT,
                    new FunctionProtocol.ErrorBody(e.getClass().getName(), e.getMessage()));
            return;
        }
        boolean invocation = request.getFirstHeader(FunctionProtocol.INVOKE_HEADER).isPresent()
                || invoker.inputType() != HttpRequest.class;
        if (invocation) {
            invoke(invoker, request, response);
        } else {
            serveHttp(invoker, request, response);
        }
    }

    // ---------------------------------------------------------------- invocations

    private void invoke(HandlerInvoker invoker, com.google.cloud.functions.HttpRequest request,
                        com.google.cloud.functions.HttpResponse response) throws IOException {
        byte[] read;
        try (InputStream in = request.getInputStream()) {
            read = in.readAllBytes();
        }
        java.util.Optional<com.fasterxml.jackson.databind.JsonNode> push =
                request.getFirstHeader(FunctionProtocol.INVOKE_HEADER).isPresent() ? java.util.Optional.empty()
                        : GcsEvents.push(read);
        byte[] payload;
        if (push.isPresent()) {
            // A bucket trigger's Pub/Sub push: the handler gets the BlobEventBatch; a notification that is no
            // portable event (or that the trigger's suffix drops) is acknowledged without running it.
            java.util.Optional<dev.polycloud.function.BlobEventBatch> batch = GcsEvents.fromPush(push.get());
            if (batch.isEmpty()) {
                response.setStatusCode(204);
                return;
            }
            payload = PayloadCodec.encode(batch.get());
        } else {
            payload = ScheduledRuns.complete(read, request.getFirstHeader(ScheduledRuns.SCHEDULE_TIME_HEADER),
                    java.time.Instant.now());
        }
        InvocationContext context = host.context(request.getFirstHeader(EXECUTION_ID).orElse(null));
        byte[] result;
        try {
            result = host.run(() -> invoker.invoke(payload, context), context);
        } catch (HandlerFailure f) {
            context.logger().warn("Invocation {} failed: {}: {}", context.requestId(), f.errorType(), f.getMessage());
            writeError(response, 500, FunctionProtocol.ERROR_HANDLER,
                    new FunctionProtocol.ErrorBody(f.errorType(), f.getMessage()));
            return;
        } catch (TimeoutException e) {
            writeError(response, 504, FunctionProtocol.ERROR_TIMEOUT, timeoutBody());
            return;
        }
        response.setStatusCode(200);
        response.setContentType("application/octet-stream");
        try (OutputStream out = response.getOutputStream()) {
            out.write(result);
        }
    }

    private FunctionProtocol.ErrorBody timeoutBody() {
        return new FunctionProtocol.ErrorBody(FunctionProtocol.TIMEOUT_ERROR_TYPE, "Function '"
                + host.config().function() + "' ran past its timeout of " + host.config().timeout());
    }

    // ---------------------------------------------------------------- HTTP

    private void serveHttp(HandlerInvoker invoker, com.google.cloud.functions.HttpRequest request,
                           com.google.cloud.functions.HttpResponse response) throws IOException {
        HttpResponse answer;
        try {
            answer = answer(invoker, request);
        } catch (RuntimeException e) {
            LOG.error("Serving {} {} failed", request.getMethod(), request.getPath(), e);
            answer = GatewayHttp.internalError();
        }
        write(response, answer);
    }

    private HttpResponse answer(HandlerInvoker invoker, com.google.cloud.functions.HttpRequest request)
            throws IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String target = GatewayHttp.rawTarget(request.getUri());
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? request.getQuery().orElse(null) : target.substring(q + 1);
        if (rawPath.isEmpty()) {
            rawPath = "/";
        }
        if (rawPath.startsWith(FunctionProtocol.METHOD_NOT_ALLOWED_PREFIX)) {
            String rest = rawPath.substring(FunctionProtocol.METHOD_NOT_ALLOWED_PREFIX.length());
            int slash = rest.indexOf('/');
            String allowed = (slash < 0 ? rest : rest.substring(0, slash)).replace(",", ", ");
            return GatewayHttp.methodNotAllowed(allowed);
        }
        Map<String, String> pathParameters = Map.of();
        Map<String, List<String>> query;
        String route = "unmatched";
        try {
            if (rawPath.startsWith(FunctionProtocol.ROUTE_PREFIX)) {
                String rest = rawPath.substring(FunctionProtocol.ROUTE_PREFIX.length());
                int slash = rest.indexOf('/');
                String template = FunctionProtocol.decodeTemplate(slash < 0 ? rest : rest.substring(0, slash));
                route = template;
                rawPath = slash < 0 ? "/" : rest.substring(slash);
                pathParameters = bind(template, rawPath);
            } else {
                URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            query = GatewayHttp.parseQuery(rawQuery);
        } catch (IllegalArgumentException e) {
            return GatewayHttp.badRequest(e.getMessage());
        }
        long max = host.config().maxBodyBytes();
        if (request.getContentLength() > max) {
            return GatewayHttp.payloadTooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            return GatewayHttp.payloadTooLarge();
        }
        Map<String, List<String>> headers = GatewayHttp.newHeaders();
        request.getHeaders().forEach((k, values) -> values.forEach(v -> GatewayHttp.addHeader(headers, k, v)));
        HttpRequest event = new HttpRequest(method, rawPath, pathParameters, query, new Headers(headers), body);
        InvocationContext context = host.context(request.getFirstHeader(EXECUTION_ID).orElse(null));
        try (FunctionObservation.Request observed = FunctionObservation.beginRequest(HandlerInvoker.observer(),
                HandlerHost.PROVIDER, host.config().function(), route, event)) {
            HttpResponse answer = answer(invoker, event, context, observed.carriers());
            observed.httpStatus(answer.status());
            return answer;
        }
    }

    /** Runs the handler on the request, inside the request's span (its carriers), and maps the outcome. */
    private HttpResponse answer(HandlerInvoker invoker, HttpRequest event, InvocationContext context,
                                List<Map<String, String>> carriers) {
        String method = event.method();
        String rawPath = event.rawPath();
        Object out;
        try {
            out = host.run(() -> invoker.invokeObject(event, context), context, FunctionObservation.HTTP, carriers);
        } catch (HandlerFailure f) {
            context.logger().warn("Request {} {} failed: {}: {}", method, rawPath, f.errorType(), f.getMessage());
            return GatewayHttp.badGateway();
        } catch (TimeoutException e) {
            context.logger().warn("Request {} {} ran past the timeout of {}", method, rawPath,
                    host.config().timeout());
            return GatewayHttp.gatewayTimeout();
        }
        if (out == null) {
            return new HttpResponse(204, Headers.EMPTY, new byte[0]);
        }
        if (out instanceof HttpResponse r) {
            return r;
        }
        return new HttpResponse(200, Headers.EMPTY, PayloadCodec.encode(out));
    }

    /** The path parameters of a request path under a route template (same decoding as every gateway). */
    private static Map<String, String> bind(String template, String rawPath) {
        Route route = new Route("ANY", template, "route");
        RouteTable.Match m = new RouteTable(new GatewaySpec(List.of(route))).match("GET", rawPath);
        if (m instanceof RouteTable.Found found) {
            return found.pathParameters();
        }
        throw new IllegalArgumentException("path '" + rawPath + "' does not match the route " + template);
    }

    private static void write(com.google.cloud.functions.HttpResponse response, HttpResponse answer)
            throws IOException {
        response.setStatusCode(answer.status());
        answer.headers().values().forEach((name, values) -> {
            if (HOP_BY_HOP.contains(name)) {
                return;
            }
            if (name.equals("content-type")) {
                if (!values.isEmpty()) {
                    response.setContentType(values.get(0));
                }
                return;
            }
            values.forEach(v -> response.appendHeader(name, v));
        });
        byte[] body = answer.body();
        if (body.length > 0) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }

    private static void writeError(com.google.cloud.functions.HttpResponse response, int status, String kind,
                                   FunctionProtocol.ErrorBody error) throws IOException {
        response.setStatusCode(status);
        response.setContentType("application/json");
        response.appendHeader(FunctionProtocol.ERROR_HEADER, kind);
        try (OutputStream out = response.getOutputStream()) {
            out.write(error.toJson());
        }
    }
}
