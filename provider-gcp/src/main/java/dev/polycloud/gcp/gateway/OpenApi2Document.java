package dev.polycloud.gcp.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.gcp.functions.FunctionProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A gateway's routes as the OpenAPI 2.0 (Swagger) document API Gateway serves, and back.
 *
 * <ul>
 *   <li>One path item per route path, with its {@code {param}}s declared as required string path
 *       parameters; one operation per method ({@code ANY} is every method; {@code HEAD} follows
 *       {@code GET} when not routed itself).</li>
 *   <li>Each operation's {@code x-google-backend}: {@code address} is the function's URL followed by
 *       {@link FunctionProtocol#routePath the route's template}, {@code path_translation} is
 *       {@code APPEND_PATH_TO_ADDRESS} (so the function receives the request path, and binds the path
 *       parameters from the template), {@code jwt_audience} the function's URL, {@code deadline} the
 *       function's timeout plus five seconds.</li>
 *   <li>The methods a routed path lacks go to a {@code CONSTANT_ADDRESS} backend ending in
 *       {@link FunctionProtocol#methodNotAllowedPath the 405 path}, which the adapter answers 405 with
 *       {@code Allow}: API Gateway itself answers 404 for an undeclared method.</li>
 *   <li>{@code x-polycloud-route} and {@code x-polycloud-function} keep the portable route on each
 *       operation; {@link #routes} reads them back.</li>
 * </ul>
 */
final class OpenApi2Document {

    /**
     * Where a function is reached.
     *
     * @param url the function's URL (no trailing slash)
     * @param timeout its timeout
     */
    record Backend(String url, Duration timeout) {
    }

    /** The methods {@code ANY} stands for, in document order. */
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** The extension naming the portable route of an operation. */
    static final String ROUTE = "x-polycloud-route";
    /** The extension naming the function of an operation. */
    static final String FUNCTION = "x-polycloud-function";

    private OpenApi2Document() {
    }

    /**
     * Renders the document.
     *
     * @param gateway the gateway name (the title)
     * @param spec the routes
     * @param backends the backend of each function
     * @return the JSON text
     */
    static String render(String gateway, GatewaySpec spec, Function<String, Backend> backends) {
        ObjectNode doc = PayloadCodec.mapper().createObjectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", gateway);
        info.put("description", "Polycloud gateway " + gateway);
        info.put("version", "1.0.0");
        doc.putArray("schemes").add("https");
        ObjectNode paths = doc.putObject("paths");
        Map<String, Backend> resolved = new LinkedHashMap<>();
        Map<String, List<Route>> byPath = new LinkedHashMap<>();
        for (Route r : spec.routes()) {
            byPath.computeIfAbsent(r.path(), p -> new ArrayList<>()).add(r);
            resolved.computeIfAbsent(r.function(), backends);
        }
        Set<String> operationIds = new HashSet<>();
        for (Map.Entry<String, List<Route>> e : byPath.entrySet()) {
            String path = e.getKey();
            ObjectNode item = paths.putObject(path);
            Map<String, Route> byMethod = new LinkedHashMap<>();
            for (Route r : e.getValue()) {
                if (r.method().equals("ANY")) {
                    METHODS.forEach(m -> byMethod.putIfAbsent(m, r));
                } else {
                    byMethod.put(r.method(), r);
                }
            }
            if (byMethod.containsKey("GET") && !byMethod.containsKey("HEAD")) {
                byMethod.put("HEAD", byMethod.get("GET"));
            }
            Route first = e.getValue().get(0);
            for (String method : METHODS) {
                Route r = byMethod.get(method);
                ObjectNode op = item.putObject(method.toLowerCase(Locale.ROOT));
                op.put("operationId", operationId(method, path, operationIds));
                declareParameters(op, first);
                ObjectNode backend = op.putObject("x-google-backend");
                if (r != null) {
                    Backend b = resolved.get(r.function());
                    op.put(ROUTE, r.method() + " " + r.path());
                    op.put(FUNCTION, r.function());
                    backend.put("address", trim(b.url()) + FunctionProtocol.routePath(r.path()));
                    backend.put("path_translation", "APPEND_PATH_TO_ADDRESS");
                    backend.put("jwt_audience", trim(b.url()));
                    backend.put("deadline", deadline(b.timeout()));
                } else {
                    Backend b = resolved.get(first.function());
                    Set<String> allowed = new TreeSet<>(byMethod.keySet());
                    backend.put("address", trim(b.url()) + FunctionProtocol.methodNotAllowedPath(allowed));
                    backend.put("path_translation", "CONSTANT_ADDRESS");
                    backend.put("jwt_audience", trim(b.url()));
                }
                op.putObject("responses").putObject("default").put("description", r != null
                        ? "The response of function " + r.function() : "405 Method Not Allowed");
            }
        }
        try {
            return PayloadCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The portable routes of a document this class rendered.
     *
     * @param json the document
     * @return the routes
     * @throws CloudException {@link dev.polycloud.ErrorCode#INTERNAL} when the document holds no portable route
     */
    static GatewaySpec routes(String json) {
        JsonNode doc;
        try {
            doc = PayloadCodec.mapper().readTree(json);
        } catch (IOException e) {
            throw new CloudException(dev.polycloud.ErrorCode.INTERNAL, "The gateway's OpenAPI document is not JSON: "
                    + e.getMessage());
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode route = op.getValue().get(ROUTE);
            JsonNode function = op.getValue().get(FUNCTION);
            if (route != null && function != null) {
                routes.putIfAbsent(route.asText() + " " + function.asText(),
                        Route.parse(route.asText(), function.asText()));
            }
        }));
        if (routes.isEmpty()) {
            throw new CloudException(dev.polycloud.ErrorCode.INTERNAL, "The gateway's OpenAPI document has no"
                    + " Polycloud routes (" + ROUTE + ")");
        }
        return new GatewaySpec(new ArrayList<>(routes.values()));
    }

    private static void declareParameters(ObjectNode op, Route route) {
        List<String> names = route.parameterNames();
        if (names.isEmpty()) {
            return;
        }
        ArrayNode params = op.putArray("parameters");
        for (String p : names) {
            params.addObject().put("name", p).put("in", "path").put("required", true).put("type", "string");
        }
    }

    private static String operationId(String method, String path, Set<String> taken) {
        StringBuilder slug = new StringBuilder();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                slug.append('-').append(s.replace("{", "").replace("}", "").replaceAll("[^A-Za-z0-9_]", "_"));
            }
        }
        String base = method.toLowerCase(Locale.ROOT) + (slug.length() == 0 ? "-root" : slug.toString());
        String id = base;
        for (int i = 2; !taken.add(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private static double deadline(Duration timeout) {
        return timeout.plusSeconds(5).toMillis() / 1000.0;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
