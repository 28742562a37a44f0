package dev.polycloud.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.polycloud.Capabilities;
import dev.polycloud.Cloud;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
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
        OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class).setBinding().to(LocalFunctionDriver.class);
        OptionalBinder.newOptionalBinder(binder(), GatewayDrivers.class).setBinding().to(LocalGateways.class);
    }

    @Provides
    @Singleton
    LocalFunctionRuntime runtime(LocalSettings localSettings) {
        return new LocalFunctionRuntime(localSettings.maxConcurrency());
    }

    @Provides
    @Singleton
    LocalFunctionDriver functionDriver(LocalFunctionRuntime runtime, LocalBackend backend,
                                       com.google.inject.Provider<Cloud> cloud) {
        return new LocalFunctionDriver(runtime, new LocalTriggers(backend, runtime, cloud), cloud);
    }

    @Provides
    @Singleton
    LocalGateways gateways(LocalFunctionRuntime runtime, LocalSettings localSettings) {
        return new LocalGateways(runtime, localSettings);
    }

    @Provides
    @Singleton
    LocalBackend backend(Clock clock, LocalSettings localSettings) {
        return localSettings.instance().isEmpty() ? new LocalBackend(clock, localSettings)
                : LocalBackend.shared(localSettings.instance(), clock, localSettings);
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
