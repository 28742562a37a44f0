package dev.polycloud.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.gateway.RouteTable;
import dev.polycloud.internal.GatewayHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway proxy events to {@link HttpRequest} and {@link HttpResponse} to proxy results, for
 * both the HTTP API payload format 2.0 and the REST API (payload 1.0) format.
 *
 * <ul>
 *   <li>Path parameters are taken by matching the raw path against the event's route template
 *       ({@code routeKey} in 2.0, {@code resource} in 1.0) with the same {@link RouteTable} the
 *       local gateway uses, so they are decoded exactly as everywhere else; a template Polycloud
 *       cannot parse (a greedy {@code {proxy+}}) falls back to the event's own
 *       {@code pathParameters}.</li>
 *   <li>Query parameters come from the raw query string (2.0) or the multi-value map (1.0), every
 *       value in order.</li>
 *   <li>Headers: 2.0 joins repeated headers with commas and moves cookies out of them; the
 *       {@code cookie} header is put back from {@code cookies}. 1.0 keeps every value.</li>
 *   <li>Bodies: base64-encoded bodies are decoded, text bodies are UTF-8.</li>
 * </ul>
 *
 * <p>Responses carry the handler's status and headers; a body is sent as text when its content
 * type is textual and it is valid UTF-8, otherwise base64-encoded, so binary bodies pass intact.
 * In 2.0, {@code set-cookie} values go to {@code cookies}; other repeated headers are joined.
 */
final class HttpEvents {

    private static final String ANY_FUNCTION = "adapter";

    private HttpEvents() {
    }

    /**
     * Whether the event is an HTTP API (payload 2.0) proxy event.
     *
     * @param root the event
     * @return true for 2.0
     */
    static boolean isV2(JsonNode root) {
        return root.isObject() && "2.0".equals(root.path("version").asText(null))
                && root.path("requestContext").path("http").has("method") && root.has("rawPath");
    }

    /**
     * Whether the event is a REST API (payload 1.0) proxy event, or an HTTP API event in format 1.0.
     *
     * @param root the event
     * @return true for 1.0
     */
    static boolean isV1(JsonNode root) {
        return root.isObject() && root.path("httpMethod").isTextual() && root.has("requestContext")
                && (root.has("path") || root.has("resource"));
    }

    /**
     * The portable request of a 2.0 event.
     *
     * @param root the event
     * @return the request
     */
    static HttpRequest fromV2(JsonNode root) {
        JsonNode http = root.path("requestContext").path("http");
        String method = http.path("method").asText().toUpperCase(Locale.ROOT);
        String rawPath = root.path("rawPath").asText("/");
        Map<String, List<String>> headers = GatewayHttp.newHeaders();
        root.path("headers").properties().forEach(e -> GatewayHttp.addHeader(headers, e.getKey(),
                e.getValue().asText()));
        JsonNode cookies = root.path("cookies");
        if (cookies.isArray() && !cookies.isEmpty()) {
            List<String> values = new ArrayList<>();
            cookies.forEach(c -> values.add(c.asText()));
            headers.put("cookie", List.of(String.join("; ", values)));
        }
        Map<String, List<String>> query = root.hasNonNull("rawQueryString")
                ? GatewayHttp.parseQueryLenient(root.path("rawQueryString").asText())
                : splitCommas(root.path("queryStringParameters"));
        String stage = root.path("requestContext").path("stage").asText("$default");
        String template = routeTemplate(root.path("routeKey").asText(""));
        Map<String, String> pathParameters = pathParameters(method, template, stripStage(rawPath, stage),
                root.path("pathParameters"));
        return new HttpRequest(method, rawPath, pathParameters, query, new Headers(headers), body(root));
    }

    /**
     * The portable request of a 1.0 event.
     *
     * @param root the event
     * @return the request
     */
    static HttpRequest fromV1(JsonNode root) {
        String method = root.path("httpMethod").asText().toUpperCase(Locale.ROOT);
        String path = root.path("path").asText(root.path("requestContext").path("path").asText("/"));
        Map<String, List<String>> headers = GatewayHttp.newHeaders();
        JsonNode multi = root.path("multiValueHeaders");
        if (multi.isObject() && !multi.isEmpty()) {
            multi.properties().forEach(e -> e.getValue().forEach(v -> GatewayHttp.addHeader(headers, e.getKey(),
                    v.asText())));
        } else {
            root.path("headers").properties().forEach(e -> GatewayHttp.addHeader(headers, e.getKey(),
                    e.getValue().asText()));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        JsonNode multiQuery = root.path("multiValueQueryStringParameters");
        if (multiQuery.isObject() && !multiQuery.isEmpty()) {
            multiQuery.properties().forEach(e -> e.getValue().forEach(v -> query.computeIfAbsent(e.getKey(),
                    k -> new ArrayList<>()).add(v.asText())));
        } else {
            root.path("queryStringParameters").properties().forEach(e -> query.computeIfAbsent(e.getKey(),
                    k -> new ArrayList<>()).add(e.getValue().asText()));
        }
        String resource = root.path("resource").asText("");
        Map<String, String> pathParameters = pathParameters(method, resource, path, root.path("pathParameters"));
        return new HttpRequest(method, path, pathParameters, query, new Headers(headers), body(root));
    }

    /**
     * The proxy result of a handler's output.
     *
     * @param output what the handler returned: an {@link HttpResponse}, or anything else as a 200 body
     * @param v2 whether the event was in format 2.0
     * @return the result JSON
     */
    static JsonNode toResult(Object output, boolean v2) {
        HttpResponse response;
        if (output instanceof HttpResponse r) {
            response = r;
        } else if (output == null) {
            response = new HttpResponse(204, Headers.EMPTY, new byte[0]);
        } else if (output instanceof byte[] b) {
            response = HttpResponse.bytes(200, "application/octet-stream", b);
        } else if (output instanceof String s) {
            response = HttpResponse.ok(s);
        } else {
            response = new HttpResponse(200, Headers.of(Map.of("content-type", "application/json")),
                    PayloadCodec.encode(output));
        }
        return toResult(response, v2);
    }

    /**
     * The proxy result of a portable response.
     *
     * @param response the response
     * @param v2 whether the event was in format 2.0
     * @return the result JSON
     */
    static ObjectNode toResult(HttpResponse response, boolean v2) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("statusCode", response.status());
        Map<String, List<String>> headers = response.headers().values();
        if (v2) {
            ObjectNode h = out.putObject("headers");
            headers.forEach((name, values) -> {
                if (name.equals("set-cookie")) {
                    ArrayNode cookies = out.putArray("cookies");
                    values.forEach(cookies::add);
                } else {
                    h.put(name, String.join(",", values));
                }
            });
        } else {
            ObjectNode h = out.putObject("multiValueHeaders");
            headers.forEach((name, values) -> {
                ArrayNode a = h.putArray(name);
                values.forEach(a::add);
            });
        }
        GatewayHttp.EventBody body = GatewayHttp.encodeBody(response.body(),
                response.headers().first("content-type").orElse(null));
        out.put("body", body.text());
        out.put("isBase64Encoded", body.base64());
        return out;
    }

    /**
     * An error answer of the gateway itself, as the local gateway words it.
     *
     * @param status the status
     * @param message the reason phrase
     * @param v2 whether the event was in format 2.0
     * @return the result JSON
     */
    static ObjectNode error(int status, String message, boolean v2) {
        return toResult(GatewayHttp.message(status, message), v2);
    }

    private static byte[] body(JsonNode root) {
        JsonNode body = root.get("body");
        return GatewayHttp.decodeBody(body == null || body.isNull() ? null : body.asText(),
                root.path("isBase64Encoded").asBoolean(false));
    }

    /** {@code GET /items/{id}} to {@code /items/{id}}; {@code $default} and the like to "". */
    private static String routeTemplate(String routeKey) {
        int space = routeKey.indexOf(' ');
        return space < 0 ? "" : routeKey.substring(space + 1);
    }

    private static String stripStage(String rawPath, String stage) {
        if (stage.isEmpty() || stage.equals("$default")) {
            return rawPath;
        }
        String prefix = "/" + stage;
        if (rawPath.equals(prefix)) {
            return "/";
        }
        return rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : rawPath;
    }

    private static Map<String, String> pathParameters(String method, String template, String rawPath,
                                                      JsonNode given) {
        if (!template.isEmpty()) {
            try {
                Route route = new Route("ANY", template, ANY_FUNCTION);
                RouteTable.Match match = new RouteTable(new GatewaySpec(List.of(route))).match(method, rawPath);
                if (match instanceof RouteTable.Found found) {
                    return found.pathParameters();
                }
            } catch (CloudException e) {
                // a template Polycloud does not write (such as {proxy+}): use the event's own values
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        given.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        return params;
    }

    private static Map<String, List<String>> splitCommas(JsonNode params) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.properties().forEach(e -> query.put(e.getKey(), List.of(e.getValue().asText().split(",", -1))));
        return query;
    }
}
