package dev.polycloud.test;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;
import java.util.Set;

/** A provider that is not {@code local} (so no LocalClock is injected) but keeps everything in memory. */
public final class RemoteLookalikeProvider implements CloudProvider {

    @Override
    public String id() {
        return "remote-lookalike";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public ProviderDrivers open(ProviderContext context) {
        return new LocalCloudProvider().open(context);
    }
}
