package dev.polycloud.blob;

import dev.polycloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which object events of a bucket a trigger delivers: the event types, and optionally a key prefix and a key
 * suffix that must both match (the filter S3 notifications, Event Grid subject filters and the portable local
 * provider all apply). Immutable; build it with the factories and {@code with..} methods, for example
 * {@code BlobEventFilter.created().withPrefix("images/").withSuffix(".png")}.
 *
 * @param events the event types delivered (not empty)
 * @param prefix a key prefix the object's key must start with (not empty when present)
 * @param suffix a key suffix the object's key must end with (not empty when present)
 */
public record BlobEventFilter(Set<BlobEventType> events, Optional<String> prefix, Optional<String> suffix) {

    /**
     * Checks the components: prefix and suffix must be well-formed Unicode without NUL, 1 to
     * {@value Bucket#MAX_KEY_BYTES} UTF-8 bytes (the portable key limit).
     *
     * @param events see the record description
     * @param prefix see the record description
     * @param suffix see the record description
     * @throws NullPointerException for null events
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for no event types or a bad prefix or
     *                        suffix
     */
    public BlobEventFilter {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw CloudException.invalidArgument("A bucket event filter needs at least one event type");
        }
        events = Set.copyOf(EnumSet.copyOf(events));
        prefix = prefix == null ? Optional.empty() : prefix;
        suffix = suffix == null ? Optional.empty() : suffix;
        prefix.ifPresent(p -> check("prefix", p));
        suffix.ifPresent(s -> check("suffix", s));
    }

    /**
     * Created and deleted events of every key.
     *
     * @return the filter
     */
    public static BlobEventFilter all() {
        return new BlobEventFilter(EnumSet.allOf(BlobEventType.class), Optional.empty(), Optional.empty());
    }

    /**
     * Created events of every key.
     *
     * @return the filter
     */
    public static BlobEventFilter created() {
        return of(BlobEventType.CREATED);
    }

    /**
     * Deleted events of every key.
     *
     * @return the filter
     */
    public static BlobEventFilter deleted() {
        return of(BlobEventType.DELETED);
    }

    /**
     * Events of the given types, every key.
     *
     * @param first an event type
     * @param more further event types
     * @return the filter
     */
    public static BlobEventFilter of(BlobEventType first, BlobEventType... more) {
        return new BlobEventFilter(EnumSet.of(Objects.requireNonNull(first, "first"), more), Optional.empty(),
                Optional.empty());
    }

    /**
     * This filter, limited to keys starting with a prefix.
     *
     * @param keyPrefix the prefix, for example {@code "images/"}
     * @return a copy
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for an empty, too long or malformed
     *                        prefix
     */
    public BlobEventFilter withPrefix(String keyPrefix) {
        return new BlobEventFilter(events, Optional.of(Objects.requireNonNull(keyPrefix, "keyPrefix")), suffix);
    }

    /**
     * This filter, limited to keys ending with a suffix.
     *
     * @param keySuffix the suffix, for example {@code ".png"}
     * @return a copy
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for an empty, too long or malformed
     *                        suffix
     */
    public BlobEventFilter withSuffix(String keySuffix) {
        return new BlobEventFilter(events, prefix, Optional.of(Objects.requireNonNull(keySuffix, "keySuffix")));
    }

    /**
     * Whether an event passes this filter: its type is one of {@link #events()} and its key matches the prefix and
     * the suffix.
     *
     * @param type the event type
     * @param key the object's key
     * @return whether to deliver it
     */
    public boolean matches(BlobEventType type, String key) {
        return events.contains(type) && prefix.map(key::startsWith).orElse(true)
                && suffix.map(key::endsWith).orElse(true);
    }

    /**
     * Whether an event passes this filter.
     *
     * @param event the event
     * @return whether to deliver it
     */
    public boolean matches(BlobEvent event) {
        return matches(event.type(), event.key());
    }

    private static void check(String what, String value) {
        if (value.isEmpty()) {
            throw CloudException.invalidArgument("A bucket event filter " + what + " must not be empty (leave it out)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw CloudException.invalidArgument("A bucket event filter " + what + " must not contain NUL");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw CloudException.invalidArgument("A bucket event filter " + what
                        + " must be well-formed Unicode (unpaired surrogate at " + i + ")");
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Bucket.MAX_KEY_BYTES) {
            throw CloudException.invalidArgument("A bucket event filter " + what + " is at most "
                    + Bucket.MAX_KEY_BYTES + " UTF-8 bytes (found " + bytes + ")");
        }
    }
}
