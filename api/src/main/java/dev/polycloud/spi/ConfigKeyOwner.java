package dev.polycloud.spi;

import java.util.Set;

/**
 * A module that reads {@code polycloud.*} configuration keys of its own (a metrics binding, a test
 * extension, an emulator launcher). {@code Polycloud.open()} refuses every {@code polycloud.*} key that
 * neither the core, nor a provider, nor a registered owner declares, so register an implementation in
 * {@code META-INF/services/dev.polycloud.spi.ConfigKeyOwner}. Providers declare their keys through
 * {@link CloudProvider#configKeys()} instead.
 */
public interface ConfigKeyOwner {

    /**
     * The exact keys this module reads.
     *
     * @return keys, each starting with {@code polycloud.}
     */
    Set<String> configKeys();
}
