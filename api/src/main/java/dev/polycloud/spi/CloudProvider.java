package dev.polycloud.spi;

import com.google.inject.Module;
import dev.polycloud.PolycloudConfig;

/**
 * A provider, found with {@link java.util.ServiceLoader} by its {@link #id()}. Register an
 * implementation in {@code META-INF/services/dev.polycloud.spi.CloudProvider}.
 *
 * <p>The Guice module it returns must bind {@link dev.polycloud.Capabilities},
 * {@link QueueDrivers}, {@link TopicDrivers} and {@link TableDrivers} (singletons, created
 * lazily: no client for a service the application does not use), plus the native clients an
 * application may {@link dev.polycloud.Cloud#unwrap(Class) unwrap}.
 */
public interface CloudProvider {

    /**
     * The id used in {@code polycloud.provider}.
     *
     * @return {@code local}, {@code aws}, {@code azure}, {@code gcp}, or another provider's id
     */
    String id();

    /**
     * Checks the provider's configuration keys and returns the module that binds its drivers.
     * Called once per {@link dev.polycloud.Polycloud#open(PolycloudConfig)}; must not connect
     * to anything.
     *
     * @param config the configuration
     * @return the Guice module
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a
     *                                      missing or wrong key and the accepted values
     */
    Module module(PolycloudConfig config);
}
