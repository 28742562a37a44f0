package dev.polycloud;

import dev.polycloud.internal.ConfigKeys;
import dev.polycloud.internal.ProviderRegistry;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The entry point: opens a {@link Cloud} on the configured provider. Providers are found with
 * {@link java.util.ServiceLoader}; no dependency-injection container and no classpath scanning is involved,
 * and no vendor client is built before a building block is first used.
 *
 * <pre>{@code
 * try (Cloud cloud = Polycloud.open()) {                 // polycloud.* keys from the standard sources
 *     Queue orders = cloud.queue("orders").create();
 *     orders.send("hello");
 * }
 *
 * // shaping the vendor clients: every AWS client the drivers build gets the interceptor,
 * // and cloud.unwrap(SqsClient.class) returns that very client
 * try (Cloud cloud = Polycloud.builder()
 *         .config(PolycloudConfig.load(Map.of("polycloud.provider", "aws")))
 *         .customize(AwsClientBuilder.class, b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(audit)))
 *         .open()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: the static methods may be called concurrently; a {@link Builder} is not thread-safe.
 */
public final class Polycloud {

    private Polycloud() {
    }

    /**
     * Opens a cloud configured from the standard sources (see {@link PolycloudConfig#load()}).
     *
     * @return the cloud; close it when done
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong, missing or unknown key
     */
    public static Cloud open() {
        return builder().open();
    }

    /**
     * Opens a cloud with an explicit configuration.
     *
     * @param config the configuration
     * @return the cloud; close it when done
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong, missing or unknown key
     * @throws NullPointerException when {@code config} is null
     */
    public static Cloud open(PolycloudConfig config) {
        return builder().config(config).open();
    }

    /**
     * A builder for a cloud whose vendor clients the application shapes: typed customisers applied to every
     * client builder the provider uses, and ready-made objects (an HTTP client, a credentials provider, a
     * {@link java.time.Clock} for the local provider) used instead of the provider's defaults.
     *
     * @return a new builder; its configuration defaults to {@link PolycloudConfig#load()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link Cloud}. Each provider documents, in its {@code CloudProvider} Javadoc, the builder types
     * it customises and the object types it uses; anything else is refused at {@link #open()} with
     * {@link ErrorCode#INVALID_ARGUMENT}, never silently ignored.
     *
     * <p>Not thread-safe; the cloud it opens is.
     */
    public static final class Builder {
        private PolycloudConfig config;
        private final List<Customizer<?>> customizers = new ArrayList<>();
        private final Map<Class<?>, Object> objects = new LinkedHashMap<>();
        private dev.polycloud.spi.OperationObserver observer = dev.polycloud.spi.OperationObserver.NONE;
        /** Null for the shared mapper, resolved lazily so that Jackson loads only when typed tables are used. */
        private com.fasterxml.jackson.databind.ObjectMapper objectMapper;

        private Builder() {
        }

        /**
         * Sets the configuration.
         *
         * @param config the configuration
         * @return this builder
         * @throws NullPointerException when {@code config} is null
         */
        public Builder config(PolycloudConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Registers a customiser applied to every vendor client builder (or settings builder) of the given type
         * that the provider builds a client from, just before it builds it: on AWS, for example,
         * {@code AwsClientBuilder.class} (every client), {@code SqsClientBuilder.class} (SQS only); on Azure
         * {@code HttpTrait.class} or {@code QueueServiceClientBuilder.class}; on GCP
         * {@code FirestoreOptions.Builder.class} or {@code StubSettings.Builder.class}. Customisers run in
         * registration order.
         *
         * @param type a builder type the provider uses, or a super-type of one
         * @param customizer what to do with each such builder
         * @param <B> the builder type
         * @return this builder
         * @throws NullPointerException when an argument is null
         */
        public <B> Builder customize(Class<B> type, Consumer<? super B> customizer) {
            customizers.add(new Customizer<>(Objects.requireNonNull(type, "type"),
                    Objects.requireNonNull(customizer, "customizer")));
            return this;
        }

        /**
         * Supplies a ready-made object the provider uses instead of building its own, for example a
         * {@link java.time.Clock} for the local provider, an {@code SdkHttpClient} or
         * {@code AwsCredentialsProvider} on AWS, a {@code TokenCredential} or {@code HttpClient} on Azure, a
         * {@code CredentialsProvider} or {@code TransportChannelProvider} on GCP. The application keeps
         * ownership: closing the cloud does not close it.
         *
         * @param type the type the provider asks for
         * @param instance the object
         * @param <T> the type
         * @return this builder
         * @throws NullPointerException when an argument is null
         */
        public <T> Builder use(Class<T> type, T instance) {
            Objects.requireNonNull(type, "type");
            objects.put(type, type.cast(Objects.requireNonNull(instance, "instance")));
            return this;
        }

        /**
         * Registers the observer that sees every portable operation of the cloud (outcome, duration, retries),
         * for example {@code MicrometerObserver} from the {@code polycloud-micrometer} module. Only one observer
         * is kept (the last one set); without one nothing is timed.
         *
         * @param observer the observer
         * @return this builder
         * @throws NullPointerException when {@code observer} is null
         */
        public Builder observer(dev.polycloud.spi.OperationObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Sets the Jackson mapper that typed tables ({@link Cloud#table(String, Class)}) use to turn objects into
         * items and back. Without one, the SDK's single shared configuration is used
         * ({@link dev.polycloud.function.PayloadCodec#mapper()}: Java time and {@code Optional} support, unknown
         * properties ignored, {@code BigDecimal} scale kept). Whatever the mapper, {@code null} fields are left out
         * of items and decimals keep their scale.
         *
         * @param mapper the mapper; it must not be reconfigured once the cloud is open
         * @return this builder
         * @throws NullPointerException when {@code mapper} is null
         */
        public Builder objectMapper(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Resolves the provider, checks the configuration (every {@code polycloud.*} key must be known), the
         * customiser and object types, and opens the cloud. Connects to nothing.
         *
         * @return the cloud; close it when done
         * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a wrong, missing or unknown key, or a
         *                        customiser or object type the provider does not use
         */
        public Cloud open() {
            PolycloudConfig cfg = config != null ? config : PolycloudConfig.load();
            Map<String, CloudProvider> available = ProviderRegistry.available();
            ConfigKeys.check(cfg, available);
            int maxAttempts = cfg.getInt(PolycloudConfig.RETRY_MAX_ATTEMPTS, 3, 1, 20);
            Duration backoff = cfg.getDuration(PolycloudConfig.RETRY_INITIAL_BACKOFF, Duration.ofMillis(50));
            CloudProvider provider = ProviderRegistry.find(cfg);
            checkTypes(provider);
            Retrier retrier = new Retrier(provider.id(), maxAttempts, backoff, observer, cfg.timeout());
            Context context = new Context(cfg, List.copyOf(customizers), Map.copyOf(objects), observer);
            ProviderDrivers drivers = provider.open(context);
            Cloud cloud = new Cloud(drivers, retrier);
            cloud.objectMapper = objectMapper;
            context.cloud = cloud;
            return cloud;
        }

        private void checkTypes(CloudProvider provider) {
            for (Class<?> type : objects.keySet()) {
                if (!provider.usableTypes().contains(type)) {
                    throw CloudException.invalidArgument("Provider '" + provider.id() + "' does not use objects of type "
                            + type.getName() + "; it uses " + names(provider.usableTypes()));
                }
            }
            for (Customizer<?> c : customizers) {
                if (provider.customizableTypes().stream().noneMatch(c.type::isAssignableFrom)) {
                    throw CloudException.invalidArgument("Provider '" + provider.id() + "' builds no client from a "
                            + c.type.getName() + "; it customises " + names(provider.customizableTypes())
                            + " and their super-types");
                }
            }
        }

        private static Set<String> names(Set<Class<?>> types) {
            Set<String> names = new TreeSet<>();
            types.forEach(t -> names.add(t.getName()));
            return names;
        }
    }

    private record Customizer<B>(Class<B> type, Consumer<? super B> action) {
        void applyTo(Object builder) {
            if (type.isInstance(builder)) {
                action.accept(type.cast(builder));
            }
        }
    }

    private static final class Context implements ProviderContext {
        private final PolycloudConfig config;
        private final List<Customizer<?>> customizers;
        private final Map<Class<?>, Object> objects;
        private final dev.polycloud.spi.OperationObserver observer;
        private volatile Cloud cloud;

        Context(PolycloudConfig config, List<Customizer<?>> customizers, Map<Class<?>, Object> objects,
                dev.polycloud.spi.OperationObserver observer) {
            this.observer = observer;
            this.config = config;
            this.customizers = customizers;
            this.objects = objects;
        }

        @Override
        public PolycloudConfig config() {
            return config;
        }

        @Override
        public <B> B customize(B builder) {
            Objects.requireNonNull(builder, "builder");
            for (Customizer<?> c : customizers) {
                c.applyTo(builder);
            }
            return builder;
        }

        @Override
        public <T> Optional<T> use(Class<T> type) {
            return Optional.ofNullable(objects.get(type)).map(type::cast);
        }

        @Override
        public dev.polycloud.spi.OperationObserver observer() {
            return observer;
        }

        @Override
        public Cloud cloud() {
            Cloud c = cloud;
            if (c == null) {
                throw new IllegalStateException("The cloud is still being opened");
            }
            return c;
        }

        @Override
        public String toString() {
            return "ProviderContext[" + config + "]";
        }
    }
}
