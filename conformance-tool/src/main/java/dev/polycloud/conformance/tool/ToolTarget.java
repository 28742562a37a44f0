package dev.polycloud.conformance.tool;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The target the tool checks: a {@link Cloud} opened from the keys given on the command line, on top of
 * the standard sources an application reads ({@code polycloud.properties}, system properties,
 * {@code POLYCLOUD_*} environment variables). Set once by {@link ConformanceTool} before the suites run;
 * read by every suite class. Thread-safe.
 */
public final class ToolTarget implements ConformanceTarget {

    private static volatile ToolTarget current;

    private final Map<String, String> keys;
    private final Duration shortLease;
    private final Duration patience;

    /**
     * A target.
     *
     * @param keys configuration keys given explicitly (they win over the standard sources)
     * @param shortLease the short lease the lease tests use
     * @param patience how long tests wait for eventual effects
     */
    public ToolTarget(Map<String, String> keys, Duration shortLease, Duration patience) {
        this.keys = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(keys, "keys")));
        this.shortLease = Objects.requireNonNull(shortLease, "shortLease");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /**
     * Makes a target the one the suites use.
     *
     * @param target the target
     */
    static void use(ToolTarget target) {
        current = Objects.requireNonNull(target, "target");
    }

    /**
     * The target in use.
     *
     * @return it
     * @throws IllegalStateException when the tool has not set one
     */
    static ToolTarget current() {
        ToolTarget t = current;
        if (t == null) {
            throw new IllegalStateException("No target: run the suites through ConformanceTool");
        }
        return t;
    }

    @Override
    public Cloud open() {
        return Polycloud.open(PolycloudConfig.builder().withStandardSources().setAll(keys).build());
    }

    /**
     * The explicit keys (only these: the standard sources cannot be listed completely), so the configuration
     * tests can misspell each one.
     *
     * @return the keys
     */
    @Override
    public Optional<Map<String, String>> configuration() {
        return Optional.of(keys);
    }

    @Override
    public Duration shortLease() {
        return shortLease;
    }

    @Override
    public Duration patience() {
        return patience;
    }

    @Override
    public String toString() {
        return keys.getOrDefault(PolycloudConfig.PROVIDER, "the configured provider");
    }
}
