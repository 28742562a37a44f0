package dev.polycloud.aws.dynamodb;

import dev.polycloud.table.Value;
import java.math.BigDecimal;

/**
 * The parts of Polycloud's DynamoDB item encoding shared by the table driver and the Lambda stream
 * adapter (which reads the same items from stream records): the reserved attribute names, the type
 * markers, and the portable value of an unmarked number. Stateless and thread-safe.
 */
public final class DynamoEncoding {

    /** The reserved attribute holding the item's version. */
    public static final String VERSION = "_pcv";
    /** The reserved attribute holding the type marker. */
    public static final String TYPES = "_pct";
    /** The version reported for items that have none. */
    public static final String UNVERSIONED = "0";
    /** The type marker of a decimal. */
    public static final String DECIMAL_MARK = "d";
    /** The type marker of a double stored as {@code N}. */
    public static final String DOUBLE_MARK = "f";
    /** The type marker of a double stored as its 8 IEEE 754 bytes in {@code B}. */
    public static final String DOUBLE_BITS_MARK = "x";

    private DynamoEncoding() {
    }

    /**
     * Decodes an unmarked DynamoDB number: a long when it is an integer that fits 64 bits (also when
     * written with a zero fraction or an exponent, such as {@code 1.0} or {@code 1E+2}), else a decimal.
     *
     * @param n the number as DynamoDB writes it
     * @return a long value, or a decimal value
     * @throws NumberFormatException when {@code n} is not a number
     * @throws NullPointerException when {@code n} is null
     */
    public static Value decodeNumber(String n) {
        try {
            return Value.of(Long.parseLong(n));
        } catch (NumberFormatException e) {
            BigDecimal d = new BigDecimal(n);
            try {
                if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
                    return Value.of(d.longValueExact());
                }
            } catch (ArithmeticException tooBig) {
                // falls through: a decimal
            }
            return Value.of(d);
        }
    }
}
