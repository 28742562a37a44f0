package dev.polycloud.gcp.pubsub;


import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.topic.SubscriptionFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates a portable {@link SubscriptionFilter} to a Pub/Sub filter expression and back.
 *
 * <p>One condition per attribute, joined with {@code AND}; a condition with several values is an
 * {@code OR} group in parentheses (Pub/Sub needs them when {@code AND} and {@code OR} mix):
 * <pre>attributes.color = "red" AND (attributes.size = "s" OR attributes.size = "m")</pre>
 * Attribute names other than letters, digits, {@code _} and {@code -} (portable names may contain a
 * period) are written as string literals, {@code attributes."a.b"}; in literals a backslash, a double
 * quote and the control characters tab, line feed and carriage return are escaped. The expression is
 * the one stored with the subscription, so {@link #parse} reads back exactly what {@link #toExpression}
 * wrote, which is how the options of a subscription are recovered.
 */
final class PubSubFilters {

    /** Pub/Sub's limit on the length of a filter expression, in UTF-8 bytes. */
    static final int MAX_EXPRESSION_BYTES = 256;

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

    private PubSubFilters() {
    }

    /**
     * The Pub/Sub expression of a filter.
     *
     * @param filter the portable filter
     * @return the expression
     */
    static String toExpression(SubscriptionFilter filter) {
        List<String> terms = new ArrayList<>();
        for (Map.Entry<String, Set<String>> c : filter.conditions().entrySet()) {
            String key = PLAIN_KEY.matcher(c.getKey()).matches() ? c.getKey() : literal(c.getKey());
            List<String> alternatives = new ArrayList<>();
            for (String value : c.getValue()) {
                alternatives.add("attributes." + key + " = " + literal(value));
            }
            terms.add(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")");
        }
        return String.join(" AND ", terms);
    }

    /**
     * Checks that the expression of a filter fits Pub/Sub's limit.
     *
     * @param filter the filter
     * @return the expression
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming the limit
     */
    static String checkedExpression(SubscriptionFilter filter) {
        String expression = toExpression(filter);
        int bytes = expression.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw CloudException.invalidArgument("The subscription filter is " + bytes
                    + " bytes as a Pub/Sub filter expression, over Pub/Sub's limit of " + MAX_EXPRESSION_BYTES
                    + " bytes: " + expression);
        }
        return expression;
    }

    /**
     * Reads back an expression written by {@link #toExpression}.
     *
     * @param expression the expression
     * @return the filter
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} for an expression Polycloud did not write
     */
    static SubscriptionFilter parse(String expression) {
        Parser p = new Parser(expression);
        try {
            Map<String, Set<String>> conditions = new LinkedHashMap<>();
            do {
                p.spaces();
                boolean group = p.accept('(');
                Set<String> values = new LinkedHashSet<>();
                String key = null;
                do {
                    p.spaces();
                    p.expect("attributes.");
                    String k = p.peek() == '"' ? p.literal() : p.plainKey();
                    if (key != null && !key.equals(k)) {
                        throw new IllegalArgumentException("mixed attributes in one OR group");
                    }
                    key = k;
                    p.spaces();
                    p.expect("=");
                    p.spaces();
                    values.add(p.literal());
                    p.spaces();
                } while (group && p.acceptWord("OR"));
                if (group) {
                    p.spaces();
                    p.expect(")");
                }
                if (conditions.put(key, values) != null) {
                    throw new IllegalArgumentException("attribute " + key + " twice");
                }
                p.spaces();
            } while (p.acceptWord("AND"));
            p.spaces();
            if (!p.atEnd()) {
                throw new IllegalArgumentException("unexpected text at " + p.pos);
            }
            return new SubscriptionFilter(conditions);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CloudException(ErrorCode.UNIMPLEMENTED, "The Pub/Sub filter '" + expression
                    + "' was not written by Polycloud and cannot be shown as a portable filter ("
                    + e.getMessage() + ")", GcpErrors.PROVIDER, null, e);
        }
    }

    private static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    /** A small reader of the expressions this class writes. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void spaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        boolean accept(char ch) {
            if (!atEnd() && peek() == ch) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptWord(String word) {
            if (s.startsWith(word, pos) && pos + word.length() < s.length()
                    && Character.isWhitespace(s.charAt(pos + word.length()))) {
                pos += word.length();
                return true;
            }
            return false;
        }

        void expect(String text) {
            if (!s.startsWith(text, pos)) {
                throw new IllegalArgumentException("expected '" + text + "' at " + pos);
            }
            pos += text.length();
        }

        String plainKey() {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected an attribute name at " + pos);
            }
            return s.substring(start, pos);
        }

        String literal() {
            expect("\"");
            StringBuilder sb = new StringBuilder();
            while (true) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch == '\\') {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case '\\', '"' -> sb.append(e);
                        default -> throw new IllegalArgumentException("unknown escape \\" + e);
                    }
                } else {
                    sb.append(ch);
                }
            }
        }
    }
}
