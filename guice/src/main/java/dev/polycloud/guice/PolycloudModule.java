package dev.polycloud.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;

import java.util.Objects;

/**
 * The Guice module for applications that use Guice: {@code install(new PolycloudModule(config))} and then
 * {@code @Inject Cloud cloud}. Guice is not needed to use Polycloud; this module only binds the {@link Cloud}
 * that {@link Polycloud#open(PolycloudConfig)} (or a {@link Polycloud.Builder} given here) opens.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new PolycloudModule(PolycloudConfig.load()), new AppModule());
 * OrderService service = injector.getInstance(OrderService.class);   // @Inject OrderService(Cloud cloud)
 * }</pre>
 *
 * <p>The cloud is a singleton opened on first injection; the application closes it (for example with
 * {@code injector.getInstance(Cloud.class).close()} at shutdown). Thread-safe as Guice singletons are.
 */
public final class PolycloudModule extends AbstractModule {

    private final Polycloud.Builder builder;
    private final PolycloudConfig config;

    /**
     * A module configured from the standard sources ({@link PolycloudConfig#load()}).
     */
    public PolycloudModule() {
        this(PolycloudConfig.load());
    }

    /**
     * A module with an explicit configuration.
     *
     * @param config the configuration
     * @throws NullPointerException when {@code config} is null
     */
    public PolycloudModule(PolycloudConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.builder = Polycloud.builder().config(config);
    }

    /**
     * A module that opens the cloud with a builder the application prepared (customisers, objects).
     *
     * @param builder the builder; {@link Polycloud.Builder#open()} is called once, on first injection
     * @throws NullPointerException when {@code builder} is null
     */
    public PolycloudModule(Polycloud.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.config = null;
    }

    @Override
    protected void configure() {
        if (config != null) {
            bind(PolycloudConfig.class).toInstance(config);
        }
    }

    /**
     * The cloud.
     *
     * @return the cloud, opened once
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a wrong, missing or unknown key
     */
    @Provides
    @Singleton
    Cloud cloud() {
        return builder.open();
    }
}
