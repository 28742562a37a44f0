package dev.polycloud.local.tables;

import dev.polycloud.CloudException;
import dev.polycloud.table.Key;
import dev.polycloud.table.Value;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque cursors of the in-memory provider: the last key of a page, each part typed and
 * base64url-encoded, so paging resumes strictly after it even if items changed in between.
 */
final class KeyCursor {

    private KeyCursor() {
    }

    static String encode(Key key) {
        return part(key.partition()) + key.sort().map(s -> "." + part(s)).orElse("");
    }

    static Key decode(String cursor) {
        try {
            String[] parts = cursor.split("\\.", -1);
            if (parts.length < 1 || parts.length > 2) {
                throw new IllegalArgumentException(cursor);
            }
            return new Key(value(parts[0]), parts.length == 2 ? Optional.of(value(parts[1])) : Optional.empty());
        } catch (RuntimeException e) {
            throw CloudException.invalidArgument("The cursor is not one this provider issued");
        }
    }

    private static String part(Value v) {
        String text = v instanceof Value.LongValue l ? Long.toString(l.value()) : v.asString();
        return (v instanceof Value.LongValue ? "L" : "S")
                + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Value value(String part) {
        String text = new String(Base64.getUrlDecoder().decode(part.substring(1)), StandardCharsets.UTF_8);
        return switch (part.charAt(0)) {
            case 'L' -> Value.of(Long.parseLong(text));
            case 'S' -> Value.of(text);
            default -> throw new IllegalArgumentException(part);
        };
    }
}
