package dev.polycloud.benchmarks;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;

/**
 * The gateway benchmark's function: {@code GET /items/{id}} answers the id as text,
 * {@code POST /items/{id}} answers the body unchanged. {@link GatewayBench}'s bare Jetty handler
 * does exactly the same.
 */
public final class GatewayEchoHandler implements FunctionHandler<HttpRequest, HttpResponse> {

    /** Creates the handler (the runtime instantiates it by name). */
    public GatewayEchoHandler() {
    }

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) {
        if ("POST".equals(request.method())) {
            return HttpResponse.bytes(200, "application/octet-stream", request.body());
        }
        return HttpResponse.of(200, "text/plain", request.pathParameters().get("id"));
    }
}
