package dev.polycloud.azure.servicebus;

import dev.polycloud.azure.internal.AzureErrors;

import com.azure.messaging.servicebus.administration.models.CorrelationRuleFilter;
import com.azure.messaging.servicebus.administration.models.RuleFilter;
import com.azure.messaging.servicebus.administration.models.SqlRuleFilter;
import com.azure.messaging.servicebus.administration.models.TrueRuleFilter;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.topic.SubscriptionFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Portable subscription filters as Service Bus rules, and back.
 *
 * <p>A filter whose every condition has one value becomes a {@link CorrelationRuleFilter} on
 * application properties (the cheapest rule for the broker); otherwise a {@link SqlRuleFilter} of
 * the form {@code user.[name] = 'v' AND user.[other] IN ('a', 'b')}, with {@code ]} doubled
 * inside brackets and {@code '} doubled inside strings. A message without the attribute does not
 * match (SQL comparisons with a missing property are unknown, hence false). The reverse mapping
 * reads exactly this form, so {@code options()} can rebuild the filter from the rule.
 */
final class SubscriptionRules {

    /** The name of the rule Polycloud creates. */
    static final String RULE_NAME = "polycloud";

    private SubscriptionRules() {
    }

    /**
     * The rule filter for a portable filter.
     *
     * @param filter the filter, or empty for "everything"
     * @return the rule filter
     */
    static RuleFilter toRule(Optional<SubscriptionFilter> filter) {
        if (filter.isEmpty()) {
            return new TrueRuleFilter();
        }
        Map<String, Set<String>> conditions = filter.get().conditions();
        if (conditions.values().stream().allMatch(v -> v.size() == 1)) {
            CorrelationRuleFilter correlation = new CorrelationRuleFilter();
            conditions.forEach((name, values) -> correlation.getProperties().put(name, values.iterator().next()));
            return correlation;
        }
        return new SqlRuleFilter(sql(filter.get()));
    }

    /**
     * The SQL expression of a filter.
     *
     * @param filter the filter
     * @return the expression
     */
    static String sql(SubscriptionFilter filter) {
        List<String> parts = new ArrayList<>();
        filter.conditions().forEach((name, values) -> {
            String property = "user.[" + name.replace("]", "]]") + "]";
            if (values.size() == 1) {
                parts.add(property + " = " + quote(values.iterator().next()));
            } else {
                List<String> quoted = values.stream().map(SubscriptionRules::quote).toList();
                parts.add(property + " IN (" + String.join(", ", quoted) + ")");
            }
        });
        return String.join(" AND ", parts);
    }

    /**
     * The portable filter of a rule Polycloud created.
     *
     * @param rule the rule filter
     * @return the filter, or empty for a rule that matches everything
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} for a rule not made by Polycloud
     */
    static Optional<SubscriptionFilter> fromRule(RuleFilter rule) {
        if (rule == null || rule instanceof TrueRuleFilter) {
            return Optional.empty();
        }
        if (rule instanceof CorrelationRuleFilter c) {
            Map<String, Set<String>> conditions = new LinkedHashMap<>();
            c.getProperties().forEach((k, v) -> conditions.put(k, Set.of(String.valueOf(v))));
            return conditions.isEmpty() ? Optional.empty() : Optional.of(new SubscriptionFilter(conditions));
        }
        if (rule instanceof SqlRuleFilter s) {
            String expr = s.getSqlExpression().trim();
            if (expr.equals("1=1")) {
                return Optional.empty();
            }
            return Optional.of(parse(expr));
        }
        throw new CloudException(ErrorCode.UNIMPLEMENTED, "The subscription rule " + rule
                + " was not made by Polycloud and has no portable form", AzureErrors.PROVIDER, null, null);
    }

    /**
     * Parses the SQL form {@link #sql(SubscriptionFilter)} writes.
     *
     * @param expr the expression
     * @return the filter
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} for any other SQL
     */
    static SubscriptionFilter parse(String expr) {
        Parser p = new Parser(expr);
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        do {
            p.skipSpaces();
            p.expect("user.[");
            String name = p.until(']');
            p.skipSpaces();
            Set<String> values = new LinkedHashSet<>();
            if (p.tryConsume("=")) {
                p.skipSpaces();
                values.add(p.string());
            } else {
                p.expect("IN");
                p.skipSpaces();
                p.expect("(");
                do {
                    p.skipSpaces();
                    values.add(p.string());
                    p.skipSpaces();
                } while (p.tryConsume(","));
                p.expect(")");
            }
            conditions.put(name, values);
            p.skipSpaces();
        } while (p.tryConsume("AND"));
        if (!p.atEnd()) {
            throw p.error();
        }
        return new SubscriptionFilter(conditions);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A tiny reader for the SQL subset above. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean tryConsume(String token) {
            if (s.regionMatches(true, i, token, 0, token.length())) {
                i += token.length();
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!tryConsume(token)) {
                throw error();
            }
        }

        /** Reads up to a closing delimiter, where a doubled delimiter stands for itself. */
        String until(char close) {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == close) {
                    if (i < s.length() && s.charAt(i) == close) {
                        b.append(close);
                        i++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
            throw error();
        }

        String string() {
            expect("'");
            return until('\'');
        }

        boolean atEnd() {
            skipSpaces();
            return i >= s.length();
        }

        CloudException error() {
            return new CloudException(ErrorCode.UNIMPLEMENTED, "The subscription rule '" + s
                    + "' was not made by Polycloud and has no portable form", AzureErrors.PROVIDER, null, null);
        }
    }
}
