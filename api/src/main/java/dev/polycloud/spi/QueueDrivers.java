package dev.polycloud.spi;

/** Hands out queue drivers by portable name; bound by each provider's Guice module. */
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
