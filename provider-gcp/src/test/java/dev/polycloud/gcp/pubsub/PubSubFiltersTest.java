package dev.polycloud.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.topic.SubscriptionFilter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Pub/Sub filter expressions")
class PubSubFiltersTest {

    @Test
    @DisplayName("equals is one comparison")
    void equalsFilter() {
        assertThat(PubSubFilters.toExpression(SubscriptionFilter.equals("color", "red")))
                .isEqualTo("attributes.color = \"red\"");
    }

    @Test
    @DisplayName("one-of is an OR group in parentheses, and attributes are joined with AND")
    void oneOfAndAnd() {
        SubscriptionFilter f = SubscriptionFilter.equals("color", "red").and(SubscriptionFilter.oneOf("size", "s", "m"));
        assertThat(PubSubFilters.toExpression(f))
                .isEqualTo("attributes.color = \"red\" AND (attributes.size = \"s\" OR attributes.size = \"m\")");
    }

    @Test
    @DisplayName("names with periods are string literals, and quotes, backslashes and line breaks in values are escaped")
    void escaping() {
        SubscriptionFilter f = SubscriptionFilter.equals("with.dots_and-dashes", "say \"hi\" \\ now\n\ttab\r");
        assertThat(PubSubFilters.toExpression(f))
                .isEqualTo("attributes.\"with.dots_and-dashes\" = \"say \\\"hi\\\" \\\\ now\\n\\ttab\\r\"");
    }

    @ParameterizedTest(name = "value \"{0}\"")
    @ValueSource(strings = {"plain", "ünïcödé ✓ 日本 🎉", "\"", "\\", "a OR b", ") AND (", "attributes.x = \"y\"",
            "  spaced  ", "tab\there"})
    @DisplayName("every expression reads back as the filter it was written from")
    void roundTrip(String value) {
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        conditions.put("k", Set.of(value));
        conditions.put("a.b", new LinkedHashSet<>(List.of(value, "other", "x\"y")));
        SubscriptionFilter f = new SubscriptionFilter(conditions);
        assertThat(PubSubFilters.parse(PubSubFilters.toExpression(f))).isEqualTo(f);
    }

    @Test
    @DisplayName("a filter too long for Pub/Sub's 256 bytes is INVALID_ARGUMENT naming the limit")
    void tooLong() {
        SubscriptionFilter f = SubscriptionFilter.oneOf("color", "v1".repeat(40), "v2".repeat(40), "v3".repeat(40));
        assertThatThrownBy(() -> PubSubFilters.checkedExpression(f))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("256");
                });
    }

    @Test
    @DisplayName("an expression Polycloud did not write is UNIMPLEMENTED when read back")
    void foreign() {
        assertThatThrownBy(() -> PubSubFilters.parse("hasPrefix(attributes.x, \"a\")"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
        assertThatThrownBy(() -> PubSubFilters.parse("attributes.a = \"x\" OR attributes.b = \"y\""))
                .isInstanceOf(CloudException.class);
    }
}
