package dev.polycloud.local;

import com.google.inject.Module;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.CloudProvider;

/**
 * The in-memory provider ({@code polycloud.provider=local}, the default): queues, topics and
 * tables held in this JVM with the full portable semantics, for tests and local development.
 * Its configuration keys are described in {@link LocalSettings}.
 */
public final class LocalCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "local";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Module module(PolycloudConfig config) {
        return new LocalModule(LocalSettings.from(config));
    }
}
