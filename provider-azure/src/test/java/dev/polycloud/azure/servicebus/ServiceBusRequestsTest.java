package dev.polycloud.azure.servicebus;

import dev.polycloud.azure.internal.AzureNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.administration.models.CorrelationRuleFilter;
import com.azure.messaging.servicebus.administration.models.CreateSubscriptionOptions;
import com.azure.messaging.servicebus.administration.models.FalseRuleFilter;
import com.azure.messaging.servicebus.administration.models.RuleFilter;
import com.azure.messaging.servicebus.administration.models.SqlRuleFilter;
import com.azure.messaging.servicebus.administration.models.TrueRuleFilter;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the Service Bus driver asks of the broker, checked without a broker: there is no Service
 * Bus emulator without Docker. (With Docker, {@code ServiceBusEmulatorConformanceTest} runs the
 * topic suite against the emulator.)
 */
@DisplayName("Service Bus requests")
class ServiceBusRequestsTest {

    @Nested
    @DisplayName("subscription filters as rules")
    class Rules {

        @Test
        @DisplayName("no filter is the true rule")
        void noFilter() {
            assertThat(SubscriptionRules.toRule(Optional.empty())).isInstanceOf(TrueRuleFilter.class);
            assertThat(SubscriptionRules.fromRule(new TrueRuleFilter())).isEmpty();
        }

        @Test
        @DisplayName("equality conditions become a correlation filter on application properties")
        void correlation() {
            SubscriptionFilter f = SubscriptionFilter.equals("color", "red").and(SubscriptionFilter.equals("size", "L"));
            RuleFilter rule = SubscriptionRules.toRule(Optional.of(f));
            assertThat(rule).isInstanceOf(CorrelationRuleFilter.class);
            assertThat(((CorrelationRuleFilter) rule).getProperties()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("color", "red", "size", "L"));
            assertThat(SubscriptionRules.fromRule(rule)).contains(f);
        }

        @Test
        @DisplayName("one-of conditions become SQL with IN, names bracketed and values quoted")
        void sql() {
            SubscriptionFilter f = SubscriptionFilter.oneOf("color", "red", "blue")
                    .and(SubscriptionFilter.equals("my-attr.x", "it's"));
            RuleFilter rule = SubscriptionRules.toRule(Optional.of(f));
            assertThat(rule).isInstanceOf(SqlRuleFilter.class);
            assertThat(((SqlRuleFilter) rule).getSqlExpression())
                    .isEqualTo("user.[color] IN ('red', 'blue') AND user.[my-attr.x] = 'it''s'");
            assertThat(SubscriptionRules.fromRule(rule)).contains(f);
        }

        @Test
        @DisplayName("hostile names and values survive the round trip through SQL")
        void escaping() {
            Map<String, Set<String>> c = new LinkedHashMap<>();
            c.put("a]b", new LinkedHashSet<>(List.of("x' OR 1=1 --", "]')", "")));
            c.put("AND", Set.of("IN"));
            SubscriptionFilter f = new SubscriptionFilter(c);
            String sql = SubscriptionRules.sql(f);
            assertThat(sql).startsWith("user.[a]]b] IN ('x'' OR 1=1 --', ']'')', '')");
            assertThat(SubscriptionRules.parse(sql)).isEqualTo(f);
        }

        @Test
        @DisplayName("a rule not made by Polycloud has no portable form: UNIMPLEMENTED")
        void foreignRule() {
            assertThatThrownBy(() -> SubscriptionRules.fromRule(new SqlRuleFilter("sys.Label LIKE 'x%'")))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            assertThatThrownBy(() -> SubscriptionRules.fromRule(new FalseRuleFilter()))
                    .isInstanceOf(CloudException.class);
        }
    }

    @Nested
    @DisplayName("subscription creation")
    class Creation {

        @Test
        @DisplayName("the lock duration is the default lease, clamped to 5 s - 5 min")
        void lockDuration() {
            assertThat(ServiceBusSubscriptionDriver.lockDuration(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
            assertThat(ServiceBusSubscriptionDriver.lockDuration(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
            assertThat(ServiceBusSubscriptionDriver.lockDuration(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        @DisplayName("the broker never dead-letters before the portable layer could, and the options are recorded")
        void options() {
            SubscriptionOptions o = SubscriptionOptions.builder().defaultLease(Duration.ofSeconds(2))
                    .deadLetter("dead-letters", 5).filter(SubscriptionFilter.equals("a", "b")).build();
            CreateSubscriptionOptions c = ServiceBusSubscriptionDriver.subscriptionOptions("audit", o);
            assertThat(c.getMaxDeliveryCount()).isGreaterThan(dev.polycloud.message.DeadLetterPolicy.MAX_DELIVERIES);
            assertThat(c.getLockDuration()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.isDeadLetteringOnMessageExpiration()).isFalse();
            assertThat(c.getUserMetadata()).hasSizeLessThanOrEqualTo(1024).contains("\"name\":\"audit\"");
            SubscriptionOptions back = ServiceBusSubscriptionDriver.fromMetadata(c.getUserMetadata(),
                    c.getLockDuration(), o.filter());
            assertThat(back).isEqualTo(o);
            assertThat(ServiceBusSubscriptionDriver.ruleOptions(o).getFilter()).isInstanceOf(CorrelationRuleFilter.class);
        }

        @Test
        @DisplayName("a subscription made by another tool reads as its lock duration and no dead-lettering")
        void foreignSubscription() {
            SubscriptionOptions o = ServiceBusSubscriptionDriver.fromMetadata(null, Duration.ofSeconds(45),
                    Optional.empty());
            assertThat(o).isEqualTo(SubscriptionOptions.builder().defaultLease(Duration.ofSeconds(45)).build());
        }

        @Test
        @DisplayName("subscription names over 50 characters are shortened with a hash, others kept")
        void names() {
            assertThat(AzureNames.subscription("audit")).isEqualTo("audit");
            String longName = "s" + "x".repeat(62);
            String shortened = AzureNames.subscription(longName);
            assertThat(shortened).hasSize(50).startsWith("s" + "x".repeat(40) + "-");
            assertThat(AzureNames.subscription("s" + "x".repeat(61) + "y")).isNotEqualTo(shortened);
        }
    }

    @Nested
    @DisplayName("messages")
    class Messages {

        @Test
        @DisplayName("a published message carries body, attributes as application properties, and our id")
        void outgoing() {
            Message m = Message.builder().body(new byte[] {0, 1, (byte) 0xFF}).attribute("color", "red").build();
            ServiceBusMessage sb = ServiceBusTopicDriver.toServiceBus(m, "id-1");
            assertThat(sb.getBody().toBytes()).containsExactly(0, 1, 0xFF);
            assertThat(sb.getApplicationProperties()).containsExactlyEntriesOf(Map.of("color", "red"));
            assertThat(sb.getMessageId()).isEqualTo("id-1");
            assertThat(sb.getSessionId()).isNull();
        }

        @Test
        @DisplayName("a received message counts this delivery: Service Bus's count plus one")
        void incoming() {
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            ReceivedMessage first = ServiceBusSubscriptionDriver.toReceived("id", new byte[] {1},
                    Map.of("n", 1), 0, t, "lock-1");
            assertThat(first.deliveryCount()).isEqualTo(1);
            assertThat(first.attributes()).containsEntry("n", "1");
            assertThat(first.receipt()).isEqualTo("lock-1");
            assertThat(first.sentAt()).isEqualTo(t);
            assertThat(ServiceBusSubscriptionDriver.toReceived("id", new byte[] {1}, Map.of(), 3, t, "l")
                    .deliveryCount()).isEqualTo(4);
        }
    }
}
