package dev.polycloud.examples.orders;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.util.ArrayList;
import java.util.List;

/**
 * Triggered by the {@code notify-on-create} subscription: puts a notification for each created
 * order on the {@code notifications} queue. A message it cannot read is reported failed (and so
 * redelivered, then dead-lettered) without failing the rest of the batch.
 */
public final class NotifyFunction implements FunctionHandler<MessageBatch, BatchResult> {

    @Override
    public BatchResult handle(MessageBatch batch, FunctionContext context) {
        Queue notifications = Services.cloud().queue(Services.NOTIFICATIONS_QUEUE);
        List<String> failed = new ArrayList<>();
        for (ReceivedMessage m : batch.messages()) {
            try {
                Order order = PayloadCodec.decode(m.body(), Order.class);
                notifications.send(Message.builder()
                        .body("Dear " + order.customer() + ", your order of " + order.quantity() + " x " + order.item()
                                + " is confirmed (order " + order.id() + ").")
                        .attribute("order-id", order.id()).build());
            } catch (RuntimeException e) {
                context.logger().warn("Cannot notify for message {}: {}", m.id(), e.getMessage());
                failed.add(m.id());
            }
        }
        return BatchResult.failed(failed);
    }
}
