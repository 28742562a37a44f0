package dev.polycloud.emulators;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for runners whose emulator is missing: skip with one clear line saying what to
 * install, unless the provider is listed in the system property {@value #REQUIRE_PROPERTY} or
 * the environment variable {@value #REQUIRE_ENV} (CI sets it), in which case the run fails.
 */
public final class Emulators {

    /** Comma-separated provider ids whose runners must run, e.g. {@code aws,gcp,azure}. */
    public static final String REQUIRE_PROPERTY = "polycloud.conformance.require";
    /** The environment variable read when the system property is absent or empty. */
    public static final String REQUIRE_ENV = "POLYCLOUD_CONFORMANCE_REQUIRE";

    private Emulators() {
    }

    /**
     * Whether the provider's runner must run.
     *
     * @param provider the provider id
     * @return true if listed in {@value #REQUIRE_PROPERTY}
     */
    public static boolean required(String provider) {
        String raw = System.getProperty(REQUIRE_PROPERTY, "");
        if (raw.isBlank()) {
            raw = System.getenv().getOrDefault(REQUIRE_ENV, "");
        }
        Set<String> ids = Arrays.stream(raw.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return ids.contains(provider);
    }

    /**
     * Reports a missing emulator: aborts (skips) the calling test, or fails it when required.
     *
     * @param provider the provider id
     * @param whatIsMissing one line saying what is missing and how to install it
     * @return never returns normally; declared so callers can write {@code throw Emulators.missing(...)}
     */
    public static RuntimeException missing(String provider, String whatIsMissing) {
        String line = "Skipping " + provider + " conformance: " + whatIsMissing;
        if (required(provider)) {
            throw new IllegalStateException(whatIsMissing + " (required by -D" + REQUIRE_PROPERTY + ")");
        }
        Assumptions.abort(line);
        return new IllegalStateException(line);
    }
}
