package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.spi.OperationObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TraceContext adds the producer's trace context to outgoing messages")
class TraceContextTest {

    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final MessageLimits LIMITS = new MessageLimits(256, 3, 10, 10, Duration.ofMinutes(5));
    private static final OperationObserver TRACING = new OperationObserver() {
        @Override
        public Map<String, String> outgoingContext() {
            return Map.of("traceparent", PARENT);
        }
    };

    private static Retrier retrier(OperationObserver observer) {
        return new Retrier("test", 1, Duration.ofMillis(1), observer);
    }

    @Test
    @DisplayName("without an observer the very same list goes to the driver")
    void none() {
        List<Message> batch = List.of(Message.of("a"));
        assertThat(TraceContext.inject(retrier(OperationObserver.NONE), batch, LIMITS)).isSameAs(batch);
    }

    @Test
    @DisplayName("adds traceparent next to the user's attributes")
    void adds() {
        Message m = Message.builder().body("a").attribute("user", "x").build();
        assertThat(TraceContext.inject(retrier(TRACING), List.of(m), LIMITS).get(0).attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "x", "traceparent", PARENT));
    }

    @Test
    @DisplayName("leaves a message alone when its attributes are at the provider's limit")
    void attributeLimit() {
        Message m = Message.builder().body("a").attribute("a", "1").attribute("b", "2").attribute("c", "3").build();
        assertThat(TraceContext.inject(retrier(TRACING), List.of(m), LIMITS).get(0)).isSameAs(m);
    }

    @Test
    @DisplayName("leaves a message alone when the context would push it over the size limit")
    void sizeLimit() {
        Message m = Message.of("x".repeat(250));
        assertThat(TraceContext.inject(retrier(TRACING), List.of(m), LIMITS).get(0)).isSameAs(m);
    }

    @Test
    @DisplayName("keeps a traceparent the user set")
    void userSet() {
        Message m = Message.builder().body("a").attribute("traceparent", "mine").build();
        assertThat(TraceContext.inject(retrier(TRACING), List.of(m), LIMITS).get(0).attributes())
                .containsEntry("traceparent", "mine");
    }
}
