package dev.polycloud.topic;

import dev.polycloud.CloudException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An attribute filter on a subscription: a message is delivered only if, for every attribute
 * named here, the message has that attribute with one of the listed values.
 *
 * <p>This is the subset that SNS filter policies, Pub/Sub filter expressions and Service Bus
 * rules all express: equals ({@link #equals(String, String)}) and one-of
 * ({@link #oneOf(String, String...)}), combined with AND ({@link #and(SubscriptionFilter)}).
 *
 * @param conditions attribute name to accepted values; every entry must match
 */
public record SubscriptionFilter(Map<String, Set<String>> conditions) {

    /**
     * Checks and copies the conditions.
     *
     * @param conditions see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when empty or when an
     *                        attribute has no accepted value
     */
    public SubscriptionFilter {
        if (conditions == null || conditions.isEmpty()) {
            throw CloudException.invalidArgument("A subscription filter needs at least one condition");
        }
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        conditions.forEach((name, values) -> {
            if (name == null || name.isEmpty() || values == null || values.isEmpty()) {
                throw CloudException.invalidArgument(
                        "A subscription filter condition needs an attribute name and at least one value");
            }
            copy.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(values)));
        });
        conditions = Collections.unmodifiableMap(copy);
    }

    /**
     * Delivers messages whose attribute {@code name} equals {@code value}.
     *
     * @param name the attribute name
     * @param value the value
     * @return the filter
     */
    public static SubscriptionFilter equals(String name, String value) {
        return new SubscriptionFilter(Map.of(name, Set.of(value)));
    }

    /**
     * Delivers messages whose attribute {@code name} is one of {@code values}.
     *
     * @param name the attribute name
     * @param values the accepted values
     * @return the filter
     */
    public static SubscriptionFilter oneOf(String name, String... values) {
        return new SubscriptionFilter(Map.of(name, new LinkedHashSet<>(Arrays.asList(values))));
    }

    /**
     * Both this filter and another must match.
     *
     * @param other the other filter (on different attributes)
     * @return the combined filter
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when both name one attribute
     */
    public SubscriptionFilter and(SubscriptionFilter other) {
        Map<String, Set<String>> merged = new LinkedHashMap<>(conditions);
        other.conditions.forEach((k, v) -> {
            if (merged.putIfAbsent(k, v) != null) {
                throw CloudException.invalidArgument("Attribute '" + k + "' appears twice in one filter");
            }
        });
        return new SubscriptionFilter(merged);
    }

    /**
     * Whether a message with these attributes passes.
     *
     * @param attributes the message attributes
     * @return true when every condition holds
     */
    public boolean matches(Map<String, String> attributes) {
        for (Map.Entry<String, Set<String>> c : conditions.entrySet()) {
            String v = attributes.get(c.getKey());
            if (v == null || !c.getValue().contains(v)) {
                return false;
            }
        }
        return true;
    }
}
