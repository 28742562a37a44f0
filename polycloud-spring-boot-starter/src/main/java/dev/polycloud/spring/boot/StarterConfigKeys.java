package dev.polycloud.spring.boot;

import dev.polycloud.spi.ConfigKeyOwner;
import java.util.Set;

/**
 * Declares the starter's own keys ({@code polycloud.queues}, {@code polycloud.topics}, {@code polycloud.tables})
 * so that {@code Polycloud.open()} does not refuse them when they are set as system properties or environment
 * variables. Registered with {@link java.util.ServiceLoader}; thread-safe (stateless).
 */
public final class StarterConfigKeys implements ConfigKeyOwner {

    /** The keys under which the starter reads named queue, topic and table beans. */
    static final Set<String> KEYS = Set.of("polycloud.queues", "polycloud.topics", "polycloud.tables");

    /** Creates the owner; {@link java.util.ServiceLoader} does this. */
    public StarterConfigKeys() {
    }

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }
}
