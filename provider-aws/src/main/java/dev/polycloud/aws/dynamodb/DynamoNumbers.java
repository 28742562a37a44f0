package dev.polycloud.aws.dynamodb;

import dev.polycloud.table.Value;
import java.math.BigDecimal;

/**
 * The portable value of an unmarked DynamoDB number ({@code N}), the one rule shared by the table
 * driver and the Lambda stream adapter: a long when it is an integer that fits 64 bits (also when
 * written with a zero fraction or an exponent, such as {@code 1.0} or {@code 1E+2}), else a decimal.
 * Stateless and thread-safe.
 */
public final class DynamoNumbers {

    private DynamoNumbers() {
    }

    /**
     * Decodes a DynamoDB number.
     *
     * @param n the number as DynamoDB writes it
     * @return a long value, or a decimal value
     * @throws NumberFormatException when {@code n} is not a number
     * @throws NullPointerException when {@code n} is null
     */
    public static Value decode(String n) {
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
