package dev.polycloud.spi;

/** Hands out table drivers by portable name; returned by the provider's {@link ProviderDrivers}. */
@FunctionalInterface
public interface TableDrivers {

    /**
     * The driver of one table (no network call).
     *
     * @param name a validated portable name
     * @return the driver
     */
    TableDriver table(String name);
}
