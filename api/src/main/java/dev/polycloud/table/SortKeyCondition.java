package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A condition on the sort key of a query: =, &lt;, &lt;=, &gt;, &gt;=, between (inclusive) or
 * begins-with (string keys only).
 *
 * @param operator the comparison
 * @param value the operand (the lower bound for {@link Operator#BETWEEN})
 * @param upper the upper bound, present only for {@link Operator#BETWEEN}
 */
public record SortKeyCondition(Operator operator, Value value, Optional<Value> upper) {

    /** The comparison of a {@link SortKeyCondition}. */
    public enum Operator {
        /** Equal to. */
        EQ,
        /** Less than. */
        LT,
        /** Less than or equal to. */
        LE,
        /** Greater than. */
        GT,
        /** Greater than or equal to. */
        GE,
        /** Between two bounds, both included. */
        BETWEEN,
        /** A string that starts with the given prefix. */
        BEGINS_WITH
    }

    /**
     * Checks the components.
     *
     * @param operator see the record description
     * @param value see the record description
     * @param upper see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a missing or extra upper bound,
     *                        a non-key value, or begins-with on a non-string
     */
    public SortKeyCondition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
        upper = upper == null ? Optional.empty() : upper;
        if ((operator == Operator.BETWEEN) != upper.isPresent()) {
            throw CloudException.invalidArgument("Only BETWEEN takes an upper bound, and it needs one");
        }
        if (value.type() != ValueType.STRING && value.type() != ValueType.LONG) {
            throw CloudException.invalidArgument("Sort key conditions take STRING or LONG values (found "
                    + value.type() + ")");
        }
        if (upper.isPresent() && upper.get().type() != value.type()) {
            throw CloudException.invalidArgument("BETWEEN bounds must have the same type");
        }
        if (operator == Operator.BEGINS_WITH && value.type() != ValueType.STRING) {
            throw CloudException.invalidArgument("BEGINS_WITH needs a STRING value (found " + value.type() + ")");
        }
    }

    /**
     * Sort key equals {@code v}.
     *
     * @param v a String or Long
     * @return the condition
     */
    public static SortKeyCondition eq(Object v) {
        return new SortKeyCondition(Operator.EQ, Value.from(v), Optional.empty());
    }

    /**
     * Sort key less than {@code v}.
     *
     * @param v a String or Long
     * @return the condition
     */
    public static SortKeyCondition lt(Object v) {
        return new SortKeyCondition(Operator.LT, Value.from(v), Optional.empty());
    }

    /**
     * Sort key less than or equal to {@code v}.
     *
     * @param v a String or Long
     * @return the condition
     */
    public static SortKeyCondition le(Object v) {
        return new SortKeyCondition(Operator.LE, Value.from(v), Optional.empty());
    }

    /**
     * Sort key greater than {@code v}.
     *
     * @param v a String or Long
     * @return the condition
     */
    public static SortKeyCondition gt(Object v) {
        return new SortKeyCondition(Operator.GT, Value.from(v), Optional.empty());
    }

    /**
     * Sort key greater than or equal to {@code v}.
     *
     * @param v a String or Long
     * @return the condition
     */
    public static SortKeyCondition ge(Object v) {
        return new SortKeyCondition(Operator.GE, Value.from(v), Optional.empty());
    }

    /**
     * Sort key between {@code low} and {@code high}, both included.
     *
     * @param low a String or Long
     * @param high of the same type
     * @return the condition
     */
    public static SortKeyCondition between(Object low, Object high) {
        return new SortKeyCondition(Operator.BETWEEN, Value.from(low), Optional.of(Value.from(high)));
    }

    /**
     * String sort key starting with {@code prefix}.
     *
     * @param prefix the prefix
     * @return the condition
     */
    public static SortKeyCondition beginsWith(String prefix) {
        return new SortKeyCondition(Operator.BEGINS_WITH, Value.of(prefix), Optional.empty());
    }

    /**
     * Whether a sort key value satisfies the condition, with the ordering of
     * {@link Value#compareKeys(Value, Value)}.
     *
     * @param sortValue a value of the same type
     * @return true if it satisfies it
     */
    public boolean matches(Value sortValue) {
        int c = Value.compareKeys(sortValue, value);
        return switch (operator) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case BETWEEN -> c >= 0 && Value.compareKeys(sortValue, upper.orElseThrow()) <= 0;
            case BEGINS_WITH -> startsWith(sortValue.asString(), value.asString());
        };
    }

    private static boolean startsWith(String s, String prefix) {
        byte[] a = s.getBytes(StandardCharsets.UTF_8);
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }
}
