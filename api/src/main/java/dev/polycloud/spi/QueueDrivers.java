package dev.polycloud.spi;

/** Hands out queue drivers by portable name; returned by the provider's {@link ProviderDrivers}. */
@FunctionalInterface
public interface QueueDrivers {

    /**
     * The driver of one queue (no network call).
     *
     * @param name a validated portable name
     * @return the driver
     */
    QueueDriver queue(String name);
}
