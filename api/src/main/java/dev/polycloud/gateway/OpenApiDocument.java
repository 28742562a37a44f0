package dev.polycloud.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.PayloadCodec;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a gateway's routes as an OpenAPI 3.0 document (JSON): one path item per path, one
 * operation per method ({@code ANY} becomes every method), path parameters declared as required
 * strings, and the serving function in the {@code x-polycloud-function} extension.
 */
public final class OpenApiDocument {

    private static final List<String> ALL = List.of("get", "post", "put", "patch", "delete", "head", "options");

    private OpenApiDocument() {
    }

    /**
     * Renders the document.
     *
     * @param title the API title (the gateway name)
     * @param spec the routes
     * @param server the base URI, if deployed
     * @return the OpenAPI JSON text
     */
    public static String render(String title, GatewaySpec spec, Optional<URI> server) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", title).put("version", "1.0.0");
        server.ifPresent(uri -> doc.putArray("servers").addObject().put("url", uri.toString()));
        ObjectNode paths = doc.putObject("paths");
        for (Route r : spec.routes()) {
            ObjectNode item = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            List<String> methods = r.method().equals("ANY") ? ALL : List.of(r.method().toLowerCase(Locale.ROOT));
            for (String m : methods) {
                ObjectNode op = item.putObject(m);
                op.put("operationId", m + "-" + r.function() + "-" + Math.abs(r.path().hashCode()));
                op.put("x-polycloud-function", r.function());
                if (!r.parameterNames().isEmpty()) {
                    ArrayNode params = op.putArray("parameters");
                    for (String p : r.parameterNames()) {
                        params.addObject().put("name", p).put("in", "path").put("required", true)
                                .putObject("schema").put("type", "string");
                    }
                }
                ObjectNode responses = op.putObject("responses");
                responses.putObject("default").put("description", "The function's response");
                responses.putObject("502").put("description", "The function failed");
                responses.putObject("504").put("description", "The function timed out");
            }
        }
        try {
            return PayloadCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
