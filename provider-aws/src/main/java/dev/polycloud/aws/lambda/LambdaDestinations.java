package dev.polycloud.aws.lambda;

import dev.polycloud.aws.internal.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.aws.lambda.PayloadEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda's on-failure invocation records, read as the portable on-failure message.
 *
 * <p>When an asynchronous invocation fails every retry, Lambda sends its destination (the portable
 * on-failure queue) an invocation record:
 * {@code {"version":"1.0","requestContext":{"requestId","functionArn","condition","approximateInvokeCount"},
 * "requestPayload":...,"responseContext":{...},"responsePayload":{"errorType","errorMessage"}}}. The
 * portable contract ({@link dev.polycloud.function.FunctionSpec#onFailureQueue()}) is a message whose
 * body is the original payload and whose attributes name the function, request id, error type,
 * attempts and error message, so the SQS driver turns such a record (a message without attributes
 * whose body has exactly this shape) into that message when it receives it. Native consumers of the
 * queue still see Lambda's record.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LambdaDestinations {

    private static final int MAX_ERROR_MESSAGE = 500;

    private LambdaDestinations() {
    }

    /**
     * The portable message of a Lambda invocation record.
     *
     * @param body the SQS message body
     * @return the body and attributes of the portable on-failure message, or empty when the body is
     *         not an invocation record
     */
    public static Optional<Map.Entry<byte[], Map<String, String>>> portable(String body) {
        if (body == null || body.isEmpty() || body.charAt(0) != '{' || !body.contains("\"requestContext\"")
                || !body.contains("\"functionArn\"")) {
            return Optional.empty();
        }
        JsonNode record = Json.read(body);
        if (record == null || !record.isObject()) {
            return Optional.empty();
        }
        JsonNode context = record.path("requestContext");
        String functionArn = context.path("functionArn").asText("");
        if (!functionArn.startsWith("arn:") || !context.has("condition") || !record.has("requestPayload")
                || !record.has("responseContext")) {
            return Optional.empty();
        }
        JsonNode request = record.get("requestPayload");
        byte[] payload;
        if (request == null || request.isNull()) {
            payload = new byte[0];
        } else {
            payload = PayloadEnvelope.unwrap(request).orElseGet(() -> request.isTextual()
                    ? request.asText().getBytes(StandardCharsets.UTF_8)
                    : Json.write(request).getBytes(StandardCharsets.UTF_8));
        }
        if (payload.length == 0) {
            payload = "{}".getBytes(StandardCharsets.UTF_8);
        }
        JsonNode response = record.path("responsePayload");
        String errorType = response.path("errorType").asText(null);
        if (errorType == null) {
            errorType = record.path("responseContext").path("functionError").asText(context.path("condition").asText());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("function", LambdaFunctionDriver.functionName(functionArn).orElse(functionArn));
        attributes.put("request-id", context.path("requestId").asText(""));
        attributes.put("error-type", errorType);
        attributes.put("attempts", context.path("approximateInvokeCount").asText("1"));
        String message = response.path("errorMessage").asText("").replaceAll("\\p{Cntrl}", " ").strip();
        if (!message.isEmpty()) {
            attributes.put("error-message", message.length() > MAX_ERROR_MESSAGE
                    ? message.substring(0, MAX_ERROR_MESSAGE) : message);
        }
        return Optional.of(Map.entry(payload, attributes));
    }
}
