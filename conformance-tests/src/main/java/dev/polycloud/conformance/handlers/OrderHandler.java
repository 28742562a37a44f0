package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON in, JSON out: totals an {@link Order} into a {@link Receipt}. Exercises the payload codec
 * with records, lists, maps, decimals, instants and optionals.
 */
public final class OrderHandler implements FunctionHandler<OrderHandler.Order, OrderHandler.Receipt> {

    /**
     * An order line.
     *
     * @param sku the article
     * @param quantity how many
     * @param unitPrice the price of one
     */
    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    /**
     * The request.
     *
     * @param customer who orders
     * @param lines what
     * @param notes free-form notes
     * @param placedAt when
     * @param coupon an optional coupon code
     */
    public record Order(String customer, List<Line> lines, Map<String, String> notes, Instant placedAt,
                        Optional<String> coupon) {
    }

    /**
     * The response.
     *
     * @param customer who ordered
     * @param items the total quantity
     * @param total the total price
     * @param skus the articles, in order
     * @param notes the notes, unchanged
     * @param placedAt when, unchanged
     * @param coupon the coupon, unchanged
     * @param function the function that answered
     */
    public record Receipt(String customer, int items, BigDecimal total, List<String> skus, Map<String, String> notes,
                          Instant placedAt, Optional<String> coupon, String function) {
    }

    @Override
    public Receipt handle(Order order, FunctionContext context) {
        int items = order.lines().stream().mapToInt(Line::quantity).sum();
        BigDecimal total = order.lines().stream()
                .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Receipt(order.customer(), items, total, order.lines().stream().map(Line::sku).toList(),
                order.notes(), order.placedAt(), order.coupon(), context.functionName());
    }
}
