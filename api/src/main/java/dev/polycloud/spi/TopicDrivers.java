package dev.polycloud.spi;

/** Hands out topic drivers by portable name; bound by each provider's Guice module. */
@FunctionalInterface
public interface TopicDrivers {

    /**
     * The driver of one topic (no network call).
     *
     * @param name a validated portable name
     * @return the driver
     */
    TopicDriver topic(String name);
}
