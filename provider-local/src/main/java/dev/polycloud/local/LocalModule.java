package dev.polycloud.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import java.time.Clock;

/**
 * Binds the in-memory drivers. The {@link Clock} binding is the real UTC clock; tests replace
 * it with {@code Polycloud.open(config, binder -> binder.bind(Clock.class).toInstance(fake))}.
 */
final class LocalModule extends AbstractModule {

    private final LocalSettings settings;

    LocalModule(LocalSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(LocalSettings.class).toInstance(settings);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(Capabilities.class).toInstance(settings.capabilities());
    }

    @Provides
    @Singleton
    LocalBackend backend(Clock clock, LocalSettings localSettings) {
        return new LocalBackend(clock, localSettings);
    }

    @Provides
    @Singleton
    QueueDrivers queueDrivers(LocalBackend backend) {
        return name -> new LocalQueueDriver(backend, name);
    }

    @Provides
    @Singleton
    TopicDrivers topicDrivers(LocalBackend backend) {
        return name -> new LocalTopicDriver(backend, name);
    }

    @Provides
    @Singleton
    TableDrivers tableDrivers(LocalBackend backend) {
        return name -> new LocalTableDriver(backend, name);
    }
}
