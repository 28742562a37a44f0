package dev.polycloud.azure;

import com.google.inject.Module;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.CloudProvider;

/**
 * The Azure provider ({@code polycloud.provider=azure}): queues on Azure Storage Queues, tables on
 * Azure Table Storage, topics on Azure Service Bus. See {@link AzureSettings} for the
 * configuration keys and {@link AzureCapabilities} for what is supported.
 */
public final class AzureCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "azure";

    /** Creates the provider (found by {@link java.util.ServiceLoader}). */
    public AzureCloudProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Module module(PolycloudConfig config) {
        return new AzureModule(AzureSettings.from(config));
    }

    @Override
    public String toString() {
        return "AzureCloudProvider";
    }
}
