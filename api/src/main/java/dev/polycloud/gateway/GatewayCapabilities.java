package dev.polycloud.gateway;

/**
 * What a provider's HTTP gateways support and their limits.
 *
 * @param supported whether the provider has gateways at all
 * @param maxBodyBytes the largest request body; larger requests are answered 413
 */
public record GatewayCapabilities(boolean supported, int maxBodyBytes) {

    /**
     * A provider without gateways.
     *
     * @return capabilities that declare nothing
     */
    public static GatewayCapabilities none() {
        return new GatewayCapabilities(false, 0);
    }
}
