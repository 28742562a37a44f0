package dev.polycloud.spi;

/** Hands out gateway drivers by portable name; bound by providers that have gateways. */
@FunctionalInterface
public interface GatewayDrivers {

    /**
     * The driver of one gateway (no network call).
     *
     * @param name a validated portable name
     * @return the driver
     */
    GatewayDriver gateway(String name);
}
