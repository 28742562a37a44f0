package dev.polycloud.gcp.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.function.PayloadCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/**
 * What the adapter and the GCP drivers agree on, in one place.
 *
 * <ul>
 *   <li><b>Invocations</b> ({@code Functions.invoke}): an HTTP {@code POST} of the payload bytes with the
 *       header {@value #INVOKE_HEADER}{@code : payload}; the answer is 200 with the result bytes, or a
 *       failure with the header {@value #ERROR_HEADER} and a JSON body
 *       {@code {"errorType": "...", "errorMessage": "..."}}: 500 {@code handler} (the handler threw, or its
 *       input could not be decoded), 504 {@code timeout} (it ran past the function's timeout), 500
 *       {@code deployment} (the handler class could not be loaded).</li>
 *   <li><b>Gateway requests</b>: API Gateway reaches the function at an address whose path starts with
 *       {@value #ROUTE_PREFIX} and the route's template (URL-safe base64 of {@code /items/{id}}), then the
 *       request path (API Gateway's {@code APPEND_PATH_TO_ADDRESS}); the adapter strips the prefix and
 *       binds the path parameters. An address starting with {@value #METHOD_NOT_ALLOWED_PREFIX} and the
 *       allowed methods ({@code GET,POST}) is answered 405 with an {@code Allow} header: the gateway routes
 *       the methods a path lacks there.</li>
 * </ul>
 */
public final class FunctionProtocol {

    /** The header that marks a portable invocation (value {@value #INVOKE_PAYLOAD}). */
    public static final String INVOKE_HEADER = "X-Polycloud-Invoke";
    /** The value of {@link #INVOKE_HEADER}. */
    public static final String INVOKE_PAYLOAD = "payload";
    /** The header of a failed invocation: {@code handler}, {@code timeout} or {@code deployment}. */
    public static final String ERROR_HEADER = "X-Polycloud-Error";
    /** {@link #ERROR_HEADER}: the handler failed. */
    public static final String ERROR_HANDLER = "handler";
    /** {@link #ERROR_HEADER}: the handler ran past the timeout. */
    public static final String ERROR_TIMEOUT = "timeout";
    /** {@link #ERROR_HEADER}: the handler class could not be loaded. */
    public static final String ERROR_DEPLOYMENT = "deployment";
    /** The path prefix of a gateway route address; the encoded route template follows. */
    public static final String ROUTE_PREFIX = "/__polycloud/route/";
    /** The path prefix of a gateway's 405 address; the allowed methods follow. */
    public static final String METHOD_NOT_ALLOWED_PREFIX = "/__polycloud/405/";
    /** The error type of a handler that ran past its timeout. */
    public static final String TIMEOUT_ERROR_TYPE = "dev.polycloud.function.Timeout";

    private FunctionProtocol() {
    }

    /**
     * A handler failure as the adapter reports it.
     *
     * @param errorType the exception class name
     * @param errorMessage its message (may be empty)
     */
    public record ErrorBody(String errorType, String errorMessage) {

        /**
         * The JSON body.
         *
         * @return UTF-8 JSON bytes
         */
        public byte[] toJson() {
            return dev.polycloud.internal.GatewayHttp.handlerErrorBody(errorType, errorMessage);
        }

        /**
         * Reads a JSON error body.
         *
         * @param body the response body
         * @return the error, or empty when the body is not one
         */
        public static Optional<ErrorBody> parse(byte[] body) {
            if (body == null || body.length == 0 || body[0] != '{') {
                return Optional.empty();
            }
            try {
                JsonNode node = PayloadCodec.mapper().readTree(body);
                JsonNode type = node.get("errorType");
                if (type == null || !type.isTextual() || type.asText().isEmpty()) {
                    return Optional.empty();
                }
                JsonNode message = node.get("errorMessage");
                return Optional.of(new ErrorBody(type.asText(), message == null || message.isNull() ? ""
                        : message.asText()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The address path that carries a route template.
     *
     * @param template the route path, such as {@code /items/{id}}
     * @return {@value #ROUTE_PREFIX} and the encoded template
     */
    public static String routePath(String template) {
        return ROUTE_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(template.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The address path of a 405 answer.
     *
     * @param allowed the allowed methods
     * @return {@value #METHOD_NOT_ALLOWED_PREFIX} and the methods, comma-separated
     */
    public static String methodNotAllowedPath(Collection<String> allowed) {
        return METHOD_NOT_ALLOWED_PREFIX + String.join(",", allowed);
    }

    /**
     * Decodes an encoded route template.
     *
     * @param encoded the segment after {@value #ROUTE_PREFIX}
     * @return the template
     * @throws IllegalArgumentException when it is not URL-safe base64
     */
    static String decodeTemplate(String encoded) {
        return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
