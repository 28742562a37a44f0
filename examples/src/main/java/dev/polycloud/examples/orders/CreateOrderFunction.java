package dev.polycloud.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /orders}: validates the JSON body, stores the order in the {@code orders} table
 * and publishes {@code order-created} on the {@code order-events} topic. Answers 201 with the
 * order, or 400 naming what is wrong.
 */
public final class CreateOrderFunction implements FunctionHandler<HttpRequest, HttpResponse> {

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) throws IOException {
        JsonNode body;
        try {
            body = PayloadCodec.mapper().readTree(request.body());
        } catch (IOException e) {
            return HttpResponse.json(400, "{\"message\":\"body must be JSON\"}");
        }
        if (body == null || !body.path("customer").isTextual() || !body.path("item").isTextual()
                || !body.path("quantity").canConvertToLong() || body.path("quantity").asLong() < 1) {
            return HttpResponse.json(400,
                    "{\"message\":\"expected {customer: string, item: string, quantity: integer >= 1}\"}");
        }
        Order order = new Order(UUID.randomUUID().toString(), body.get("customer").asText(), body.get("item").asText(),
                body.get("quantity").asLong(), "CREATED");
        Services.cloud().table(Services.ORDERS_TABLE).insert(order.toItem());
        String json = new String(PayloadCodec.encode(order), StandardCharsets.UTF_8);
        Message event = Message.builder().body(json)
                .attribute("type", Services.ORDER_CREATED).attribute("order-id", order.id()).build();
        if (Services.topics(Services.cloud())) {
            Services.cloud().topic(Services.EVENTS_TOPIC).publish(event);
        } else {
            Services.cloud().queue(Services.EVENTS_QUEUE).send(event);
        }
        context.logger().info("Created order {}", order.id());
        return new HttpResponse(201, Headers.of(Map.of("content-type", "application/json",
                "location", "/orders/" + order.id())), json.getBytes(StandardCharsets.UTF_8));
    }
}
