package dev.polycloud.conformance.azure;

import dev.polycloud.emulators.Azurite;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;
import java.util.Optional;

/**
 * The Azure provider as a conformance target. By default it runs against the {@link Azurite} the
 * tests start (queues and tables); when {@code polycloud.azure.connection-string} is configured
 * the way an application configures it (system property, environment variable
 * {@code POLYCLOUD_AZURE_CONNECTION_STRING} or {@code polycloud.properties}) it runs against that
 * account instead, with the rest of the user's {@code polycloud.azure.*} configuration. Service Bus
 * keys ({@code polycloud.azure.servicebus.*}), when configured, are passed on in both cases; there
 * is no Service Bus emulator without Docker.
 */
public final class AzureTarget implements ConformanceTarget {

    /** The shared target. */
    public static final AzureTarget INSTANCE = new AzureTarget();

    static final String CONNECTION_STRING = "polycloud.azure.connection-string";
    static final String SERVICEBUS_CONNECTION_STRING = "polycloud.azure.servicebus.connection-string";
    static final String SERVICEBUS_NAMESPACE = "polycloud.azure.servicebus.namespace";

    private AzureTarget() {
    }

    /**
     * Whether the target is the Azurite the tests start (as opposed to a configured account).
     *
     * @return true for Azurite
     */
    public boolean isAzurite() {
        return PolycloudConfig.load().get(CONNECTION_STRING).isEmpty();
    }

    /**
     * Whether Service Bus (topics) is configured for this run.
     *
     * @return true when a Service Bus connection string or namespace is configured
     */
    public boolean hasServiceBus() {
        PolycloudConfig config = PolycloudConfig.load();
        return config.get(SERVICEBUS_CONNECTION_STRING).isPresent() || config.get(SERVICEBUS_NAMESPACE).isPresent();
    }

    @Override
    public Cloud open() {
        if (!isAzurite()) {
            return Polycloud.open(PolycloudConfig.builder().withStandardSources().provider("azure").build());
        }
        return Polycloud.open(PolycloudConfig.builder().setAll(configuration().orElseThrow()).build());
    }

    @Override
    public Optional<java.util.Map<String, String>> configuration() {
        if (!isAzurite()) {
            return Optional.empty();
        }
        Azurite azurite = Azurite.shared();
        PolycloudConfig standard = PolycloudConfig.load();
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put(PolycloudConfig.PROVIDER, "azure");
        keys.put(CONNECTION_STRING, azurite.connectionString());
        for (String key : new String[] {SERVICEBUS_CONNECTION_STRING, SERVICEBUS_NAMESPACE}) {
            standard.get(key).ifPresent(value -> keys.put(key, value));
        }
        return Optional.of(keys);
    }

    @Override
    public Duration shortLease() {
        // Storage Queues count visibility timeouts in whole seconds.
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(20);
    }

    @Override
    public String toString() {
        return isAzurite() ? "azure on Azurite" : "azure on a configured storage account";
    }
}
