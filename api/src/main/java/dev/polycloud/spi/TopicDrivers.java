package dev.polycloud.spi;

/** Hands out topic drivers by portable name; returned by the provider's {@link ProviderDrivers}. */
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
