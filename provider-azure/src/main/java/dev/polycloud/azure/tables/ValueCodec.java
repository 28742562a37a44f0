package dev.polycloud.azure.tables;

import dev.polycloud.table.Value;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact, typed binary encoding of attribute maps: the <em>overflow document</em> of an entity,
 * holding every attribute Table Storage cannot store natively (decimals, lists, maps, nulls,
 * non-finite doubles and -0.0, strings and binaries over a property's 64 KiB, names that are not
 * C# identifiers).
 *
 * <p>Format (version 1): a varint count, then per entry a string (the name) and a value. A value
 * is one tag byte followed by its payload:
 * <pre>
 *   0x00 null  0x01 false  0x02 true
 *   0x03 long: zig-zag varint          0x04 double: 8 bytes, IEEE 754 big-endian (bits kept exactly)
 *   0x05 decimal: zig-zag varint scale, varint length, unscaled two's complement big-endian
 *   0x06 string: varint length, UTF-8  0x07 bytes: varint length, bytes
 *   0x08 list: varint count, values    0x09 map: varint count, (string name, value) pairs
 *   0x0A string that is not valid UTF-16 (lone surrogates): varint length, UTF-16BE
 *   0x20-0x3F string of 0-31 UTF-8 bytes, length in the tag; 0x40-0x5F bytes of 0-31, likewise
 * </pre>
 * Its size is at most twice the portable {@link dev.polycloud.table.ItemSize} plus a few hundred
 * bytes (for decimals of up to 38 digits), which is what lets the driver declare an honest
 * {@code maxItemBytes}.
 */
final class ValueCodec {

    private static final int NULL = 0x00;
    private static final int FALSE = 0x01;
    private static final int TRUE = 0x02;
    private static final int LONG = 0x03;
    private static final int DOUBLE = 0x04;
    private static final int DECIMAL = 0x05;
    private static final int STRING = 0x06;
    private static final int BYTES = 0x07;
    private static final int LIST = 0x08;
    private static final int MAP = 0x09;
    private static final int STRING16 = 0x0A;
    private static final int SHORT_STRING = 0x20;
    private static final int SHORT_BYTES = 0x40;
    private static final int SHORT_MAX = 31;

    private ValueCodec() {
    }

    /**
     * Encodes attributes.
     *
     * @param attributes names and values
     * @return the document
     */
    static byte[] encode(Map<String, Value> attributes) {
        Out out = new Out();
        out.varint(attributes.size());
        for (Map.Entry<String, Value> e : attributes.entrySet()) {
            out.string(e.getKey());
            out.value(e.getValue());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a document made by {@link #encode(Map)}.
     *
     * @param document the bytes
     * @return the attributes, in their original order
     * @throws IllegalArgumentException when the bytes are not such a document
     */
    static Map<String, Value> decode(byte[] document) {
        In in = new In(document);
        try {
            Map<String, Value> map = in.entries(in.count());
            if (in.pos != document.length) {
                throw new IllegalArgumentException("Trailing bytes after the overflow document");
            }
            return map;
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated overflow document", e);
        }
    }

    /** An output buffer with the encoders. */
    private static final class Out extends ByteArrayOutputStream {

        Out() {
            super(256);
        }

        void varint(long v) {
            long x = v;
            while ((x & ~0x7FL) != 0) {
                write((int) ((x & 0x7F) | 0x80));
                x >>>= 7;
            }
            write((int) x);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void string(String s) {
            byte[] utf8 = utf8OrNull(s);
            if (utf8 == null) {
                // Code units as they are: the charset encoders would replace lone surrogates.
                byte[] utf16 = new byte[s.length() * 2];
                for (int i = 0; i < s.length(); i++) {
                    utf16[2 * i] = (byte) (s.charAt(i) >> 8);
                    utf16[2 * i + 1] = (byte) s.charAt(i);
                }
                write(STRING16);
                varint(utf16.length);
                writeBytes(utf16);
            } else if (utf8.length <= SHORT_MAX) {
                write(SHORT_STRING + utf8.length);
                writeBytes(utf8);
            } else {
                write(STRING);
                varint(utf8.length);
                writeBytes(utf8);
            }
        }

        void value(Value value) {
            if (value instanceof Value.StringValue s) {
                string(s.value());
            } else if (value instanceof Value.LongValue l) {
                write(LONG);
                zigzag(l.value());
            } else if (value instanceof Value.DoubleValue d) {
                write(DOUBLE);
                writeBytes(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(d.value())).array());
            } else if (value instanceof Value.DecimalValue d) {
                write(DECIMAL);
                zigzag(d.value().scale());
                byte[] unscaled = d.value().unscaledValue().toByteArray();
                varint(unscaled.length);
                writeBytes(unscaled);
            } else if (value instanceof Value.BooleanValue b) {
                write(b.value() ? TRUE : FALSE);
            } else if (value instanceof Value.BytesValue b) {
                byte[] bytes = b.value();
                if (bytes.length <= SHORT_MAX) {
                    write(SHORT_BYTES + bytes.length);
                } else {
                    write(BYTES);
                    varint(bytes.length);
                }
                writeBytes(bytes);
            } else if (value instanceof Value.ListValue l) {
                write(LIST);
                varint(l.values().size());
                l.values().forEach(this::value);
            } else if (value instanceof Value.MapValue m) {
                write(MAP);
                varint(m.values().size());
                m.values().forEach((k, v) -> {
                    string(k);
                    value(v);
                });
            } else {
                write(NULL);
            }
        }
    }

    /** An input cursor with the decoders. */
    private static final class In {
        private final byte[] bytes;
        private int pos;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            return bytes[pos++] & 0xFF;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("Malformed varint in the overflow document");
        }

        int count() {
            long n = varint();
            if (n < 0 || n > bytes.length - pos + 1L) {
                throw new IllegalArgumentException("Bad count " + n + " in the overflow document");
            }
            return (int) n;
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        byte[] take(int n) {
            if (n < 0 || n > bytes.length - pos) {
                throw new IllegalArgumentException("Bad length " + n + " in the overflow document");
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
            pos += n;
            return out;
        }

        Map<String, Value> entries(int n) {
            Map<String, Value> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Value name = value();
                if (!(name instanceof Value.StringValue s)) {
                    throw new IllegalArgumentException("Attribute name is not a string in the overflow document");
                }
                map.put(s.value(), value());
            }
            return map;
        }

        Value value() {
            int tag = next();
            if (tag >= SHORT_STRING && tag <= SHORT_STRING + SHORT_MAX) {
                return Value.of(new String(take(tag - SHORT_STRING), StandardCharsets.UTF_8));
            }
            if (tag >= SHORT_BYTES && tag <= SHORT_BYTES + SHORT_MAX) {
                return Value.of(take(tag - SHORT_BYTES));
            }
            return switch (tag) {
                case NULL -> Value.nullValue();
                case FALSE -> Value.of(false);
                case TRUE -> Value.of(true);
                case LONG -> Value.of(zigzag());
                case DOUBLE -> Value.of(Double.longBitsToDouble(ByteBuffer.wrap(take(8)).getLong()));
                case DECIMAL -> {
                    long scale = zigzag();
                    byte[] unscaled = take(count());
                    yield Value.of(new BigDecimal(new BigInteger(unscaled), Math.toIntExact(scale)));
                }
                case STRING -> Value.of(new String(take(count()), StandardCharsets.UTF_8));
                case STRING16 -> {
                    byte[] utf16 = take(count());
                    char[] chars = new char[utf16.length / 2];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = (char) (((utf16[2 * i] & 0xFF) << 8) | (utf16[2 * i + 1] & 0xFF));
                    }
                    yield Value.of(new String(chars));
                }
                case BYTES -> Value.of(take(count()));
                case LIST -> {
                    int n = count();
                    List<Value> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(value());
                    }
                    yield Value.of(list);
                }
                case MAP -> Value.of(entries(count()));
                default -> throw new IllegalArgumentException("Unknown tag " + tag + " in the overflow document");
            };
        }
    }

    /**
     * The UTF-8 bytes of a string, or null when it has lone surrogates (UTF-8 cannot carry them).
     *
     * @param s the string
     * @return the bytes or null
     */
    static byte[] utf8OrNull(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
