package dev.polycloud.azure.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.function.PayloadCodec;
import java.io.IOException;
import java.util.Optional;

/**
 * What the Azure provider's function driver, the API Management policy it writes and the adapter
 * ({@link PolycloudAzure}) agree on over HTTP. It references nothing of the Azure Functions library,
 * so the driver can use it in applications that do not have that library.
 *
 * <ul>
 *   <li>{@value #INVOKE_HEADER}{@code : 1} on a request: the body is a raw invocation payload
 *       ({@code cloud.functions().invoke(...)}); the adapter answers 200 with the handler's encoded
 *       output, or {@value #FAILED_STATUS} with an {@linkplain #errorBody error body} when the handler
 *       fails.</li>
 *   <li>{@value #ROUTE_HEADER} and {@value #PATH_HEADER} on a request: API Management forwarded a
 *       request of a gateway route (the route's template, and the path the client asked for); the
 *       adapter hands the handler an {@link dev.polycloud.function.HttpRequest} with that path and
 *       the route's path parameters, and answers {@value #GATEWAY_FAILED_STATUS} with an error body
 *       when the handler fails.</li>
 *   <li>{@value #ERROR_HEADER}{@code : handler} on a response: the error body is the adapter's.</li>
 * </ul>
 */
public final class FunctionsProtocol {

    /** Request header: the body is a raw invocation payload. */
    public static final String INVOKE_HEADER = "X-Polycloud-Invoke";
    /** Request header set by the API Management policy: the gateway route's path template. */
    public static final String ROUTE_HEADER = "X-Polycloud-Route";
    /** Request header set by the API Management policy: the path the gateway's client requested. */
    public static final String PATH_HEADER = "X-Polycloud-Path";
    /** Response header marking an error body written by the adapter. */
    public static final String ERROR_HEADER = "X-Polycloud-Error";
    /** The value of {@link #ERROR_HEADER} for a handler failure. */
    public static final String HANDLER_FAILED = "handler";
    /** The header carrying the function key. */
    public static final String KEY_HEADER = "x-functions-key";
    /** The status of a failed invocation. */
    public static final int FAILED_STATUS = 500;
    /** The status of a failed gateway request (the gateway contract: a failed handler is 502). */
    public static final int GATEWAY_FAILED_STATUS = 502;

    private FunctionsProtocol() {
    }

    /**
     * A handler failure as the adapter answers it: {@code {"errorType":...,"errorMessage":...}}.
     *
     * @param errorType the exception class name
     * @param errorMessage its message (null becomes empty)
     * @return the UTF-8 JSON body
     */
    public static byte[] errorBody(String errorType, String errorMessage) {
        return dev.polycloud.internal.GatewayHttp.handlerErrorBody(errorType, errorMessage);
    }

    /**
     * Reads an error body.
     *
     * @param body a response body
     * @return the error type (index 0) and message (index 1), or empty when the body is not an error body
     */
    public static Optional<String[]> readError(byte[] body) {
        if (body == null || body.length == 0 || body[0] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode node = PayloadCodec.mapper().readTree(body);
            JsonNode type = node.get("errorType");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                return Optional.empty();
            }
            JsonNode message = node.get("errorMessage");
            return Optional.of(new String[] {type.asText(), message == null || message.isNull() ? "" : message.asText()});
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
