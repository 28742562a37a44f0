package dev.polycloud;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.internal.ProviderRegistry;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.CloudProvider;

/**
 * The Guice module for applications that use Guice: {@code install(new PolycloudModule(config))}
 * and then {@code @Inject Cloud cloud}.
 *
 * <p>The constructor resolves the provider and checks the configuration, so a wrong or missing
 * key fails right there with a {@link CloudException} naming it; no client is created until a
 * building block is first used.
 */
public final class PolycloudModule extends AbstractModule {

    private final PolycloudConfig config;
    private final CloudProvider provider;
    private final Module providerModule;
    private final Retrier retrier;

    /**
     * A module configured from the standard sources ({@link PolycloudConfig#load()}).
     *
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a wrong or missing key
     */
    public PolycloudModule() {
        this(PolycloudConfig.load());
    }

    /**
     * A module with an explicit configuration.
     *
     * @param config the configuration
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a wrong or missing key
     */
    public PolycloudModule(PolycloudConfig config) {
        this.config = config;
        int maxAttempts = config.getInt(PolycloudConfig.RETRY_MAX_ATTEMPTS, 3, 1, 20);
        java.time.Duration backoff = config.getDuration(PolycloudConfig.RETRY_INITIAL_BACKOFF,
                java.time.Duration.ofMillis(50));
        this.provider = ProviderRegistry.find(config);
        this.retrier = new Retrier(provider.id(), maxAttempts, backoff);
        this.providerModule = provider.module(config);
    }

    @Override
    protected void configure() {
        bind(PolycloudConfig.class).toInstance(config);
        bind(Retrier.class).toInstance(retrier);
        // Functions and gateways are optional: a provider binds them with
        // OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class).setBinding()...
        OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class);
        OptionalBinder.newOptionalBinder(binder(), GatewayDrivers.class);
        install(providerModule);
        bind(Cloud.class).in(Scopes.SINGLETON);
    }
}
