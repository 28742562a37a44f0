package dev.polycloud.gcp.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test HTTP handler: answers the request it saw as JSON ({@code ?binary} echoes the body instead);
 * {@code ?fail} throws, {@code ?sleepMs=N} sleeps, {@code ?status=N} sets the status; it always adds
 * the header {@code x-served-by} with the function name.
 */
public final class HttpProbeHandler implements FunctionHandler<HttpRequest, HttpResponse> {

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) throws Exception {
        if (request.queryParameter("sleepMs").isPresent()) {
            Thread.sleep(Long.parseLong(request.queryParameter("sleepMs").get()));
        }
        if (request.queryParameter("fail").isPresent()) {
            throw new IllegalArgumentException("failing on purpose");
        }
        int status = Integer.parseInt(request.queryParameter("status").orElse("200"));
        HttpResponse response;
        if (request.queryParameter("binary").isPresent()) {
            response = HttpResponse.bytes(status, "application/octet-stream", request.body());
        } else {
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", request.method());
            echo.put("rawPath", request.rawPath());
            echo.put("pathParameters", request.pathParameters());
            echo.put("queryParameters", request.queryParameters());
            echo.put("headers", request.headers().values());
            echo.put("bodyBase64", Base64.getEncoder().encodeToString(request.body()));
            response = new HttpResponse(status, Headers.of(Map.of("content-type", "application/json")),
                    PayloadCodec.encode(echo));
        }
        return new HttpResponse(response.status(), response.headers().with("x-served-by", context.functionName()),
                response.body());
    }
}
