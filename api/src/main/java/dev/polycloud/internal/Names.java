package dev.polycloud.internal;

import dev.polycloud.CloudException;
import java.util.regex.Pattern;

/**
 * The portable resource-name rule, checked before any network call: 3 to 63 characters,
 * lowercase letters, digits and single hyphens, starting with a letter and not ending with a
 * hyphen. It is the subset every supported cloud accepts for queues, topics, subscriptions,
 * tables, functions and gateways.
 */
public final class Names {

    /** The shortest accepted name. */
    public static final int MIN_LENGTH = 3;
    /** The longest accepted name. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern NAME = Pattern.compile("[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]");

    private Names() {
    }

    /**
     * Checks a name.
     *
     * @param kind what is named, for the message (for example {@code "queue"})
     * @param name the name
     * @return the name, for chaining
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the rule broken
     */
    public static String validate(String kind, String name) {
        if (name == null) {
            throw CloudException.invalidArgument(kind + " name must not be null");
        }
        if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
            throw CloudException.invalidArgument(kind + " name '" + printable(name) + "' must be " + MIN_LENGTH
                    + " to " + MAX_LENGTH + " characters long (found " + name.length() + ")");
        }
        if (!NAME.matcher(name).matches()) {
            throw CloudException.invalidArgument(kind + " name '" + printable(name)
                    + "' must use only lowercase letters, digits and single hyphens, start with a letter"
                    + " and not end with a hyphen");
        }
        return name;
    }

    private static String printable(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
