package dev.polycloud.examples.orders;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.table.Key;
import java.nio.charset.StandardCharsets;

/** {@code GET /orders/{id}}: reads the order back from the table; 404 when there is none. */
public final class GetOrderFunction implements FunctionHandler<HttpRequest, HttpResponse> {

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) {
        String id = request.pathParameter("id").orElse("");
        return Services.cloud().table(Services.ORDERS_TABLE).get(Key.of(id))
                .map(item -> HttpResponse.json(200,
                        new String(PayloadCodec.encode(item.as(Order.class)), StandardCharsets.UTF_8)))
                .orElseGet(() -> HttpResponse.json(404, "{\"message\":\"no order " + id.replace("\"", "") + "\"}"));
    }
}
