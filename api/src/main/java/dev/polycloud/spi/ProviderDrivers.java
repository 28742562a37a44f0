package dev.polycloud.spi;

import dev.polycloud.Capabilities;

import java.util.Optional;

/**
 * The driver factories of one opened provider. The portable {@link dev.polycloud.Cloud} asks for each
 * factory the first time its building block is used, and caches the answer; a factory therefore builds its
 * vendor clients lazily (see {@link Lazy}).
 *
 * <p>Implementations must be thread-safe. {@link #close()} releases every client that was built and is
 * called once, when the cloud is closed.
 */
public interface ProviderDrivers extends AutoCloseable {

    /**
     * What the provider supports and its limits, fixed for the life of the cloud.
     *
     * @return the capabilities
     */
    Capabilities capabilities();

    /**
     * The queue drivers.
     *
     * @return the factory
     */
    QueueDrivers queues();

    /**
     * The topic drivers (a provider without topics returns a factory whose drivers refuse with
     * {@link dev.polycloud.ErrorCode#UNIMPLEMENTED}, and declares no topics in its capabilities).
     *
     * @return the factory
     */
    TopicDrivers topics();

    /**
     * The table drivers.
     *
     * @return the factory
     */
    TableDrivers tables();

    /**
     * The function driver, when the provider (as configured) runs functions.
     *
     * @return the driver, or empty
     */
    default Optional<FunctionDriver> functions() {
        return Optional.empty();
    }

    /**
     * The gateway drivers, when the provider (as configured) serves gateways.
     *
     * @return the factory, or empty
     */
    default Optional<GatewayDrivers> gateways() {
        return Optional.empty();
    }

    /**
     * The object-storage drivers, when the provider (as configured) has object storage.
     *
     * @return the factory, or empty
     */
    default Optional<BlobDrivers> blobs() {
        return Optional.empty();
    }

    /**
     * The native object of the given type that the drivers use (a vendor client, say), for
     * {@link dev.polycloud.Cloud#unwrap(Class)}. It must be the very object the drivers call, so what a user
     * does with it (or shaped through a customiser) applies to the portable API too.
     *
     * @param type the class asked for
     * @param <T> the type
     * @return the object, or empty when the provider has none of that type
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
    }

    /**
     * Releases every client that was built. Idempotent; never throws for a client that was never built.
     */
    @Override
    void close();
}
