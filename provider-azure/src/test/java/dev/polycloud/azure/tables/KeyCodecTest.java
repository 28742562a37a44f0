package dev.polycloud.azure.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Table Storage key encoding")
class KeyCodecTest {

    private static final Random RANDOM = new Random(42);

    /** Characters Table Storage refuses in PartitionKey and RowKey. */
    static boolean forbidden(char c) {
        return c == '/' || c == '\\' || c == '#' || c == '?' || c <= 0x1F || (c >= 0x7F && c <= 0x9F);
    }

    /** A random string drawing on the troublesome ranges as much as on ordinary text. */
    static String randomKey(int maxLength) {
        int n = 1 + RANDOM.nextInt(maxLength);
        StringBuilder b = new StringBuilder();
        while (b.length() < n) {
            switch (RANDOM.nextInt(7)) {
                case 0 -> b.append((char) RANDOM.nextInt(0x40));
                case 1 -> b.append("/\\#?. >[~ab".charAt(RANDOM.nextInt(11)));
                case 2 -> b.append((char) (0x70 + RANDOM.nextInt(0x40)));
                case 3 -> b.append((char) (0xD7F0 + RANDOM.nextInt(0x10)));
                case 4 -> b.append((char) (0xE000 + RANDOM.nextInt(0x2000)));
                case 5 -> b.appendCodePoint(0x10000 + RANDOM.nextInt(0x1000));
                default -> b.append((char) ('a' + RANDOM.nextInt(26)));
            }
        }
        return b.toString();
    }

    @Nested
    @DisplayName("string keys")
    class Strings {

        @Test
        @DisplayName("ordinary keys are kept as they are")
        void ordinaryKeysUnchanged() {
            for (String s : List.of("order-0001", "Alice", "ключ", "日本", "a_b", "x:y", "🎉")) {
                assertThat(KeyCodec.escape(s)).isEqualTo(s);
            }
        }

        @Test
        @DisplayName("every forbidden character is escaped and the escaping is reversible")
        void forbiddenEscapedReversibly() {
            StringBuilder all = new StringBuilder();
            for (char c = 0; c < 0xA0; c++) {
                all.append(c);
            }
            String escaped = KeyCodec.escape(all.toString());
            assertThat(escaped.chars().noneMatch(c -> forbidden((char) c))).isTrue();
            assertThat(KeyCodec.unescape(escaped)).isEqualTo(all.toString());
            assertThat(KeyCodec.escape("with/slash")).isEqualTo("with.1slash");
            assertThat(KeyCodec.escape("a#b?c\\d")).isEqualTo("a Zb>1c[1d");
        }

        @Test
        @DisplayName("random keys round-trip and never contain a forbidden character")
        void randomRoundTrip() {
            for (int i = 0; i < 5000; i++) {
                String key = randomKey(40);
                String escaped = KeyCodec.escape(key);
                assertThat(KeyCodec.unescape(escaped)).isEqualTo(key);
                assertThat(escaped.chars().noneMatch(c -> forbidden((char) c))).as("escaped %s", escaped).isTrue();
            }
        }

        @Test
        @DisplayName("encoded keys sort in UTF-16 order exactly as the portable order (UTF-8 bytes) sorts the keys")
        void orderPreserved() {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                keys.add(randomKey(8));
            }
            keys.addAll(List.of("a", "a ", "a!", "a#", "a$", "a.", "a/", "a0", "a>", "a?", "a@", "a[", "a\\", "a]",
                    "a~", "a\u007F", "a\u00A0", "a\uD7FF", "a\uE000", "a\uFFFD", "a\uD83C\uDF89"));
            for (int i = 0; i + 1 < keys.size(); i++) {
                for (int j = i + 1; j < Math.min(keys.size(), i + 30); j++) {
                    Value a = Value.of(keys.get(i));
                    Value b = Value.of(keys.get(j));
                    int portable = Integer.signum(Value.compareKeys(a, b));
                    int stored = Integer.signum(KeyCodec.escape(keys.get(i)).compareTo(KeyCodec.escape(keys.get(j))));
                    assertThat(stored).as("%s vs %s", keys.get(i), keys.get(j)).isEqualTo(portable);
                }
            }
        }

        @Test
        @DisplayName("a key begins with a prefix exactly when its encoding begins with the prefix's encoding")
        void beginsWithIsAPrefixRange() {
            for (int i = 0; i < 3000; i++) {
                String key = randomKey(10);
                String prefix = RANDOM.nextBoolean() ? key.substring(0, RANDOM.nextInt(key.length()) + 1)
                        : randomKey(3);
                if (Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
                    continue;
                }
                boolean portable = SortKeyCondition.beginsWith(prefix).matches(Value.of(key));
                String encodedPrefix = KeyCodec.escape(prefix);
                String encodedKey = KeyCodec.escape(key);
                assertThat(encodedKey.startsWith(encodedPrefix)).as("%s / %s", key, prefix).isEqualTo(portable);
                String upper = KeyCodec.prefixUpperBound(encodedPrefix);
                boolean inRange = encodedKey.compareTo(encodedPrefix) >= 0
                        && (upper == null || encodedKey.compareTo(upper) < 0);
                assertThat(inRange).as("range of %s for %s", prefix, key).isEqualTo(portable);
            }
        }

        @Test
        @DisplayName("a malformed escape is refused when decoding")
        void malformedEscape() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyCodec.unescape("a."))
                    .isInstanceOf(IllegalArgumentException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyCodec.unescape(".9"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("long keys")
    class Longs {

        @ParameterizedTest(name = "{0}")
        @ValueSource(longs = {Long.MIN_VALUE, -1_000_000_000_000L, -2, -1, 0, 1, 2, 255, 256, Long.MAX_VALUE})
        @DisplayName("a long encodes to 16 hex digits and decodes back")
        void fixedWidth(long v) {
            String s = KeyCodec.encodeLong(v);
            assertThat(s).hasSize(16).matches("[0-9a-f]{16}");
            assertThat(KeyCodec.decodeLong(s)).isEqualTo(v);
        }

        @Test
        @DisplayName("string order of encoded longs is numeric order, negatives included")
        void numericOrder() {
            long[] values = IntStream.range(0, 2000).mapToLong(i -> RANDOM.nextLong() >> RANDOM.nextInt(64)).toArray();
            for (int i = 0; i + 1 < values.length; i++) {
                int numeric = Long.compare(values[i], values[i + 1]);
                int stored = KeyCodec.encodeLong(values[i]).compareTo(KeyCodec.encodeLong(values[i + 1]));
                assertThat(Integer.signum(stored)).isEqualTo(Integer.signum(numeric));
            }
            assertThat(KeyCodec.encodeLong(-1)).isLessThan(KeyCodec.encodeLong(0));
            assertThat(KeyCodec.encodeLong(Long.MIN_VALUE)).isEqualTo("0000000000000000");
            assertThat(KeyCodec.encodeLong(Long.MAX_VALUE)).isEqualTo("ffffffffffffffff");
        }
    }

    @Nested
    @DisplayName("keys longer than Table Storage allows")
    class LongKeys {

        @Test
        @DisplayName("a key of 1,024 bytes is stored in at most 512 code units, deterministically")
        void truncatedAndHashed() {
            String k = "x".repeat(1024);
            String stored = KeyCodec.encode(Value.of(k));
            assertThat(stored.length()).isLessThanOrEqualTo(KeyCodec.MAX_STORED);
            assertThat(stored).startsWith("x".repeat(KeyCodec.MAX_EXACT)).isEqualTo(KeyCodec.encode(Value.of(k)));
            assertThat(KeyCodec.encode(Value.of("x".repeat(1023) + "y"))).isNotEqualTo(stored);
        }

        @Test
        @DisplayName("a key up to 480 code units after escaping is stored exactly")
        void exactUpToLimit() {
            String k = "y".repeat(KeyCodec.MAX_EXACT);
            assertThat(KeyCodec.encode(Value.of(k))).isEqualTo(k);
            assertThat(KeyCodec.lossy(KeyCodec.encodeFull(Value.of(k)))).isFalse();
            assertThat(KeyCodec.lossy(KeyCodec.encodeFull(Value.of(k + "y")))).isTrue();
        }

        @Test
        @DisplayName("truncation never splits an escape or a surrogate pair")
        void cutsCleanly() {
            String escapedAtCut = "a".repeat(KeyCodec.MAX_EXACT - 1) + "/" + "b".repeat(50);
            String stored = KeyCodec.encode(Value.of(escapedAtCut));
            assertThat(stored.charAt(KeyCodec.MAX_EXACT - 2)).isEqualTo('a');
            assertThat(stored.substring(0, KeyCodec.MAX_EXACT - 1)).isEqualTo("a".repeat(KeyCodec.MAX_EXACT - 1));
            String pairAtCut = "a".repeat(KeyCodec.MAX_EXACT - 1) + "🎉" + "b".repeat(50);
            String stored2 = KeyCodec.encode(Value.of(pairAtCut));
            assertThat(Character.isHighSurrogate(stored2.charAt(KeyCodec.MAX_EXACT - 2))).isFalse();
            assertThat(stored2.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)).isTrue();
        }

        @Test
        @DisplayName("long keys still sort correctly against keys that differ within the first 480 code units")
        void orderAgainstShortKeys() {
            String longA = "a".repeat(600);
            String longB = "b" + "a".repeat(599);
            assertThat(KeyCodec.encode(Value.of(longA))).isLessThan(KeyCodec.encode(Value.of("b")));
            assertThat(KeyCodec.encode(Value.of(longB))).isGreaterThan(KeyCodec.encode(Value.of("az")));
            assertThat(KeyCodec.encode(Value.of("a"))).isLessThan(KeyCodec.encode(Value.of(longA)));
        }
    }
}
