package dev.polycloud;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The entry point: opens a {@link Cloud} on the configured provider.
 *
 * <pre>{@code
 * try (Cloud cloud = Polycloud.open()) {
 *     Queue orders = cloud.queue("orders").create();
 *     orders.send("hello");
 * }
 * }</pre>
 */
public final class Polycloud {

    private Polycloud() {
    }

    /**
     * Opens a cloud configured from the standard sources (see {@link PolycloudConfig}).
     *
     * @return the cloud; close it when done
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong or missing key
     */
    public static Cloud open() {
        return open(PolycloudConfig.load());
    }

    /**
     * Opens a cloud with an explicit configuration.
     *
     * @param config the configuration
     * @return the cloud; close it when done
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong or missing key
     */
    public static Cloud open(PolycloudConfig config) {
        return open(config, new Module[0]);
    }

    /**
     * Opens a cloud whose bindings are overridden by the given Guice modules: for tests (an
     * injected {@link java.time.Clock} on the local provider, say) and advanced set-ups (a
     * pre-built native client).
     *
     * @param config the configuration
     * @param overrides modules whose bindings replace the provider's
     * @return the cloud; close it when done
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong or missing key
     */
    public static Cloud open(PolycloudConfig config, Module... overrides) {
        Module base = new PolycloudModule(config);
        Module module = overrides.length == 0 ? base : Modules.override(base).with(overrides);
        return Guice.createInjector(module).getInstance(Cloud.class);
    }
}
