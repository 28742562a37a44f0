package dev.polycloud.aws.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB charges for an encoded item, by AWS's published rules: UTF-8 bytes of names
 * and strings, raw bytes of binaries, 1 byte per two significant digits plus 1 for a number, 1 for
 * a boolean or null, 3 bytes plus 1 per element for a list or map, the sum of the elements for a set.
 *
 * <p>The portable layer checks items against the declared {@code maxItemBytes} (400 KB less a
 * reserve for the version and type marker). This count is the driver's own check that an item's
 * markers did not take it past DynamoDB's real 400 KB.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class DynamoSize {

    /** DynamoDB's item size limit. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private DynamoSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    public static long of(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8(v.s());
            case N:
                return number(v.n());
            case B:
                return v.b().asByteArrayUnsafe().length;
            case SS:
                return v.ss().stream().mapToLong(DynamoSize::utf8).sum();
            case NS:
                return v.ns().stream().mapToLong(DynamoSize::number).sum();
            case BS:
                return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
            case L:
                return 3 + v.l().stream().mapToLong(x -> 1 + of(x)).sum();
            case M: {
                long size = 3;
                for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                    size += 1 + utf8(e.getKey()) + of(e.getValue());
                }
                return size;
            }
            default:
                return 1;
        }
    }

    private static long number(String n) {
        BigDecimal d = new BigDecimal(n);
        int digits = d.signum() == 0 ? 1 : d.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
