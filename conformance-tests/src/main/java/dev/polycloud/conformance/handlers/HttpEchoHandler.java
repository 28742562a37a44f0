package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway suite's handler: answers what it received, steered by query parameters.
 * <ul>
 *   <li>{@code fail=<anything>}: throws a {@link DeliberateFailureException} (the gateway answers 502);</li>
 *   <li>{@code sleepMs=<n>}: sleeps first (past the function's timeout the gateway answers 504);</li>
 *   <li>{@code status=<n>}: the response status (default 200);</li>
 *   <li>{@code mode=binary}: answers the request body unchanged as {@code application/octet-stream};</li>
 *   <li>{@code mode=summary}: answers a {@link Summary} (length and SHA-256 of the body) as JSON;</li>
 *   <li>otherwise: answers an {@link Echo} of the whole request as JSON;</li>
 *   <li>{@code probeHeader=<name>} (repeatable): the echo also reports {@code headers().first(name)}
 *       for each name, exactly as given, to check case-insensitive lookup.</li>
 * </ul>
 * Every response carries the header {@value #SERVED_BY} naming the function.
 */
public final class HttpEchoHandler implements FunctionHandler<HttpRequest, HttpResponse> {

    /** The response header naming the function that answered. */
    public static final String SERVED_BY = "x-served-by";

    /**
     * The request as the handler saw it.
     *
     * @param function the function that answered
     * @param method the method
     * @param rawPath the raw path
     * @param pathParameters the path parameters
     * @param queryParameters the query parameters
     * @param headers the headers (lower-cased names)
     * @param probedHeaders {@code headers().first(name)} for each {@code probeHeader} query value
     * @param body the body as UTF-8 text
     * @param bodyBase64 the body bytes, base64
     */
    public record Echo(String function, String method, String rawPath, Map<String, String> pathParameters,
                       Map<String, List<String>> queryParameters, Map<String, List<String>> headers,
                       Map<String, String> probedHeaders, String body, String bodyBase64) {
    }

    /**
     * A short answer for big bodies.
     *
     * @param function the function that answered
     * @param bodyLength the body length in bytes
     * @param sha256 the body's SHA-256, lower-case hex
     */
    public record Summary(String function, int bodyLength, String sha256) {
    }

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) throws Exception {
        String sleep = request.queryParameter("sleepMs").orElse(null);
        if (sleep != null) {
            Thread.sleep(Long.parseLong(sleep));
        }
        if (request.queryParameter("fail").isPresent()) {
            throw new DeliberateFailureException("gateway handler failed on purpose: "
                    + request.queryParameter("fail").get());
        }
        int status = Integer.parseInt(request.queryParameter("status").orElse("200"));
        String mode = request.queryParameter("mode").orElse("echo");
        byte[] body = request.body();
        HttpResponse response;
        switch (mode) {
            case "binary" -> response = HttpResponse.bytes(status, "application/octet-stream", body);
            case "summary" -> response = json(status, new Summary(context.functionName(), body.length, sha256(body)));
            default -> {
                Map<String, String> probed = new LinkedHashMap<>();
                for (String name : request.queryParameters().getOrDefault("probeHeader", List.of())) {
                    probed.put(name, request.headers().first(name).orElse(null));
                }
                response = json(status, new Echo(context.functionName(), request.method(), request.rawPath(),
                        request.pathParameters(), request.queryParameters(), request.headers().values(), probed,
                        request.bodyAsString(), Base64.getEncoder().encodeToString(body)));
            }
        }
        Headers headers = response.headers().with(SERVED_BY, context.functionName());
        return new HttpResponse(response.status(), headers, response.body());
    }

    private static HttpResponse json(int status, Object value) {
        return new HttpResponse(status, Headers.of(Map.of("content-type", "application/json")),
                PayloadCodec.encode(value));
    }

    /**
     * The SHA-256 of some bytes.
     *
     * @param bytes the bytes
     * @return lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
