package dev.polycloud.local;

import dev.polycloud.local.blob.LocalBlobs;
import dev.polycloud.local.functions.LocalFunctionDriver;
import dev.polycloud.local.functions.LocalFunctionRuntime;
import dev.polycloud.local.functions.LocalTriggers;
import dev.polycloud.local.gateway.LocalGateways;
import dev.polycloud.local.internal.LocalSettings;
import dev.polycloud.local.messaging.LocalQueueDriver;
import dev.polycloud.local.messaging.LocalTopicDriver;
import dev.polycloud.local.schedule.LocalScheduler;
import dev.polycloud.local.tables.LocalTableDriver;

import dev.polycloud.Capabilities;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.Lazy;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory provider ({@code polycloud.provider=local}, the default): queues, topics and
 * tables held in this JVM with the full portable semantics, for tests and local development.
 * Its configuration keys are described in {@link LocalSettings}.
 *
 * <p>Objects it {@linkplain dev.polycloud.Polycloud.Builder#use(Class, Object) uses}: a {@link Clock} or a
 * {@link LocalClock} (leases,
 * delays and retention follow it; tests pass a controllable clock). It builds no vendor client, so it has
 * nothing to customise. {@code Cloud.unwrap(LocalBackend.class)} returns the in-memory store and
 * {@code Cloud.unwrap(LocalScheduler.class)} the scheduler that runs scheduled triggers on that clock.
 */
public final class LocalCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "local";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return LocalSettings.KEYS;
    }

    @Override
    public Set<Class<?>> usableTypes() {
        return Set.of(Clock.class, LocalClock.class);
    }

    @Override
    public ProviderDrivers open(ProviderContext context) {
        LocalSettings settings = LocalSettings.from(context.config());
        Clock clock = context.use(LocalClock.class).<Clock>map(c -> c)
                .or(() -> context.use(Clock.class)).orElse(Clock.systemUTC());
        return new LocalDrivers(settings, clock, context);
    }

    /** The in-memory driver factories; the function runtime and gateways start on first use. */
    private static final class LocalDrivers implements ProviderDrivers {
        private final LocalSettings settings;
        private final LocalBackend backend;
        private final Lazy<LocalFunctionRuntime> runtime;
        private final Lazy<LocalFunctionDriver> functions;
        private final Lazy<LocalScheduler> scheduler;
        private final Lazy<LocalGateways> gateways;
        private final LocalBlobs blobs;

        LocalDrivers(LocalSettings settings, Clock clock, ProviderContext context) {
            this.settings = settings;
            this.backend = settings.instance().isEmpty() ? new LocalBackend(clock, settings)
                    : LocalBackend.shared(settings.instance(), clock, settings);
            this.runtime = Lazy.of(() -> new LocalFunctionRuntime(settings.maxConcurrency(), context.observer()));
            this.scheduler = Lazy.of(() -> new LocalScheduler(clock, runtime.get()));
            this.blobs = backend.blobs(context.config().get(LocalSettings.BLOB_DIR).map(java.nio.file.Path::of));
            this.functions = Lazy.of(() -> new LocalFunctionDriver(runtime.get(),
                    new LocalTriggers(backend, blobs, runtime.get(), context::cloud), context::cloud,
                    scheduler.get()));
            this.gateways = Lazy.of(() -> new LocalGateways(runtime.get(), settings));
        }

        @Override
        public Capabilities capabilities() {
            return settings.capabilities();
        }

        @Override
        public QueueDrivers queues() {
            return name -> new LocalQueueDriver(backend, name);
        }

        @Override
        public TopicDrivers topics() {
            return name -> new LocalTopicDriver(backend, name);
        }

        @Override
        public TableDrivers tables() {
            return name -> new LocalTableDriver(backend, name);
        }

        @Override
        public Optional<FunctionDriver> functions() {
            return Optional.of(functions.get());
        }

        @Override
        public Optional<GatewayDrivers> gateways() {
            // The gateway server starts with the first gateway handle, not when the factory is asked for.
            return Optional.of(name -> gateways.get().gateway(name));
        }

        @Override
        public Optional<dev.polycloud.spi.BlobDrivers> blobs() {
            return Optional.of(blobs);
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            if (type == LocalBackend.class) {
                return Optional.of(type.cast(backend));
            }
            if (type == LocalScheduler.class) {
                return Optional.of(type.cast(scheduler.get()));
            }
            if (type == Clock.class) {
                return Optional.of(type.cast(backend.clock()));
            }
            if (type == LocalClock.class && backend.clock() instanceof LocalClock local) {
                return Optional.of(type.cast(local));
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            gateways.close();
            blobs.close();
            functions.close();
            scheduler.close();
            runtime.close();
        }
    }
}
