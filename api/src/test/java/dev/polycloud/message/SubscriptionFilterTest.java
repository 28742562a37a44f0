package dev.polycloud.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.topic.SubscriptionFilter;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Subscription filters")
class SubscriptionFilterTest {

    @Test
    @DisplayName("equals, one-of and their conjunction match as documented")
    void matching() {
        SubscriptionFilter f = SubscriptionFilter.equals("type", "order")
                .and(SubscriptionFilter.oneOf("region", "eu", "us"));
        assertThat(f.matches(Map.of("type", "order", "region", "eu"))).isTrue();
        assertThat(f.matches(Map.of("type", "order", "region", "ap"))).isFalse();
        assertThat(f.matches(Map.of("type", "order"))).isFalse();
    }

    @Test
    @DisplayName("the same attribute twice in one filter is refused")
    void duplicateAttribute() {
        assertThatThrownBy(() -> SubscriptionFilter.equals("a", "1").and(SubscriptionFilter.equals("a", "2")))
                .isInstanceOf(CloudException.class);
    }
}
