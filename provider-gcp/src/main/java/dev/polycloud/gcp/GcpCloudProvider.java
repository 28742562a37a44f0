package dev.polycloud.gcp;

import dev.polycloud.gcp.scheduler.CloudSchedulerTriggers;

import dev.polycloud.gcp.firestore.FirestoreTables;
import dev.polycloud.gcp.functions.CloudFunctionsDriver;
import dev.polycloud.gcp.functions.FunctionHttpInvoker;
import dev.polycloud.gcp.functions.FunctionUrls;
import dev.polycloud.gcp.functions.IdTokens;
import dev.polycloud.gcp.gateway.ApiGateways;
import dev.polycloud.gcp.internal.GcpApiEndpoints;
import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpHooks;
import dev.polycloud.gcp.internal.GcpSettings;
import dev.polycloud.gcp.internal.LazyClient;
import dev.polycloud.gcp.pubsub.PubSubClients;
import dev.polycloud.gcp.pubsub.PubSubMessages;
import dev.polycloud.gcp.pubsub.PubSubMessaging;

import dev.polycloud.Capabilities;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.QueueCapabilities;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.HeaderProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.apigateway.v1.ApiGatewayServiceClient;
import com.google.cloud.apigateway.v1.ApiGatewayServiceSettings;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.scheduler.v1.CloudSchedulerClient;
import com.google.cloud.scheduler.v1.CloudSchedulerSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.PublisherStub;
import com.google.cloud.pubsub.v1.stub.PublisherStubSettings;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.Lazy;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;

/**
 * The Google Cloud provider ({@code polycloud.provider=gcp}): queues and topics on Pub/Sub,
 * tables on Firestore in native mode, functions on Cloud Functions (2nd gen), gateways on API
 * Gateway. Its configuration keys are described in {@link GcpSettings}, {@link GcpFunctionSettings} and
 * {@link GcpApiEndpoints} (with only emulator hosts configured, functions and gateways refuse to reach Google);
 * {@code polycloud.gcp.project} is required, and functions and gateways also need {@code polycloud.gcp.region}.
 *
 * <h2>What it declares</h2>
 * <ul>
 *   <li>Messages: 10,000,000 bytes (Pub/Sub's 10 MB), 100 attributes, 1,000 per publish and per pull,
 *       leases up to 600 seconds (the longest ack deadline). Pub/Sub also limits attribute values to
 *       1,024 bytes, which it enforces itself (INVALID_ARGUMENT).</li>
 *   <li>Queues: FIFO (message ordering, ordering group = ordering key); no delayed delivery and no
 *       deduplication (Pub/Sub has neither). nativeDeadLetter is false: Pub/Sub's dead-letter
 *       policy takes 5 to 100 attempts, so the drivers set it (which also makes Pub/Sub count
 *       deliveries) and the portable layer moves messages for a smaller maxDeliveries.</li>
 *   <li>Topics: filters (Pub/Sub filter expressions) and ordering groups.</li>
 *   <li>Tables: items up to 1,000,000 portable bytes (a Firestore document holds 1 MiB including
 *       names and the driver's fields), 500 keys per batch get, 500 writes per batch (Firestore's
 *       commit limit), pages of up to 500 items; Firestore has transactions.</li>
 *   <li>Functions: payloads up to 32,000,000 bytes (Cloud Functions' 32 MB request limit), timeouts up to
 *       3,600 seconds (HTTP functions of the 2nd gen). No asynchronous invocation, no reserved
 *       concurrency (Cloud Run holds a request beyond its instances in a queue rather than refusing it),
 *       no queue, subscription or table triggers: all refused with UNIMPLEMENTED by the portable layer.
 *       Schedules (Cloud Scheduler) and bucket events (Cloud Storage Pub/Sub notifications pushed to the
 *       function) are bound.</li>
 *   <li>Gateways: request bodies up to 32,000,000 bytes.</li>
 * </ul>
 *
 * <h2>Shaping the clients</h2>
 * Through {@link dev.polycloud.Polycloud#builder()}: the settings builders of the Pub/Sub admin clients and
 * stubs ({@code TopicAdminSettings.Builder}, {@code SubscriptionAdminSettings.Builder},
 * {@code PublisherStubSettings.Builder}, {@code SubscriberStubSettings.Builder}), of Firestore
 * ({@code FirestoreOptions.Builder}), Cloud Functions and API Gateway go through the customisers registered for
 * their type or a super-type (gax's {@code ClientSettings.Builder} / {@code StubSettings.Builder}). Objects it
 * {@linkplain dev.polycloud.Polycloud.Builder#use(Class, Object) uses}: a {@link CredentialsProvider} and a
 * {@link TransportChannelProvider} (ignored for a service configured with an emulator host, which is always
 * plaintext without credentials), a {@link HeaderProvider}, and ready-made {@link FunctionServiceSettings} /
 * {@link ApiGatewayServiceSettings} (a private endpoint, a stand-in server). {@code Cloud.unwrap} returns the
 * very clients the drivers use: {@link TopicAdminClient}, {@link SubscriptionAdminClient},
 * {@link SubscriberStub}, {@link PublisherStub} (and their gRPC classes), {@link Firestore},
 * {@link FunctionServiceClient}, {@link ApiGatewayServiceClient}, and the holders {@link PubSubClients} and
 * {@link FirestoreTables}.
 */
public final class GcpCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "gcp";

    /** The largest invocation payload and gateway request body: Cloud Functions' 32 MB HTTP request limit. */
    public static final int MAX_PAYLOAD_BYTES = 32_000_000;

    private static final MessageLimits LIMITS = new MessageLimits(PubSubMessages.MAX_MESSAGE_BYTES,
            PubSubMessages.MAX_ATTRIBUTES, PubSubMessages.MAX_PUBLISH_BATCH, 1000, Duration.ofSeconds(600));
    private static final Capabilities CAPABILITIES = new Capabilities(ID,
            new QueueCapabilities(LIMITS, Duration.ZERO, true, false, false),
            new TopicCapabilities(LIMITS, true, true, false),
            new TableCapabilities(1_000_000, 500, 500, 500, true),
            new FunctionCapabilities(true, MAX_PAYLOAD_BYTES, Duration.ofSeconds(3600), false, false, false, false,
                    false).withSchedules(new dev.polycloud.function.ScheduleCapabilities(true,
                    dev.polycloud.function.ScheduleCapabilities.ONE_MINUTE, false, false)).withBucketEvents(true),
            new GatewayCapabilities(true, MAX_PAYLOAD_BYTES));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        Set<String> keys = new TreeSet<>(GcpSettings.KEYS);
        keys.addAll(GcpFunctionSettings.KEYS);
        keys.addAll(GcpApiEndpoints.KEYS);
        keys.addAll(CloudSchedulerTriggers.KEYS);
        keys.addAll(dev.polycloud.gcp.storage.GcsBucketTriggers.KEYS);
        return Set.copyOf(keys);
    }

    @Override
    public Set<Class<?>> usableTypes() {
        return Set.of(CredentialsProvider.class, TransportChannelProvider.class, HeaderProvider.class,
                FunctionServiceSettings.class, ApiGatewayServiceSettings.class, CloudSchedulerSettings.class,
                com.google.cloud.storage.Storage.class);
    }

    @Override
    public Set<Class<?>> customizableTypes() {
        return Set.of(TopicAdminSettings.Builder.class, SubscriptionAdminSettings.Builder.class,
                PublisherStubSettings.Builder.class, SubscriberStubSettings.Builder.class,
                FirestoreOptions.Builder.class, FunctionServiceSettings.Builder.class,
                ApiGatewayServiceSettings.Builder.class, CloudSchedulerSettings.Builder.class);
    }

    @Override
    public ProviderDrivers open(ProviderContext context) {
        return new Drivers(GcpSettings.from(context.config()), GcpFunctionSettings.from(context.config()),
                GcpApiEndpoints.from(context.config()), CloudSchedulerTriggers.serviceAccount(context.config()),
                dev.polycloud.gcp.storage.GcsBucketTriggers.serviceAccount(context.config()), new GcpHooks(context));
    }

    /**
     * The GCP driver factories. Every client is built on first use; none connects before a building block is
     * used.
     */
    private static final class Drivers implements ProviderDrivers {
        private final PubSubClients pubSubClients;
        private final Lazy<PubSubMessaging> messaging;
        private final Lazy<FirestoreTables> tables;
        private final LazyClient<FunctionServiceClient> functionClient;
        private final LazyClient<ApiGatewayServiceClient> gatewayClient;
        private final LazyClient<CloudSchedulerClient> schedulerClient;
        private final Lazy<CloudFunctionsDriver> functions;
        private final Lazy<ApiGateways> gateways;
        private final Lazy<com.google.cloud.storage.Storage> storage;
        private final boolean storageOwned;

        Drivers(GcpSettings settings, GcpFunctionSettings functionSettings, GcpApiEndpoints endpoints,
                Optional<String> schedulerAccount, Optional<String> eventsAccount, GcpHooks hooks) {
            this.pubSubClients = new PubSubClients(settings, hooks);
            java.util.Optional<com.google.cloud.storage.Storage> given = hooks.use(com.google.cloud.storage.Storage.class);
            this.storageOwned = given.isEmpty();
            // One attempt per call bounded by polycloud.timeout (the portable layer retries).
            int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
            this.storage = Lazy.of(() -> given.orElseGet(() -> com.google.cloud.storage.StorageOptions.newBuilder()
                    .setProjectId(settings.project())
                    .setTransportOptions(com.google.cloud.http.HttpTransportOptions.newBuilder()
                            .setConnectTimeout(millis).setReadTimeout(millis).build())
                    .setRetrySettings(com.google.cloud.storage.StorageOptions.getDefaultRetrySettings().toBuilder()
                            .setMaxAttempts(1).setTotalTimeoutDuration(settings.timeout()).build())
                    .build().getService()));
            this.messaging = Lazy.of(() -> new PubSubMessaging(pubSubClients));
            this.tables = Lazy.of(() -> new FirestoreTables(settings, hooks));
            this.functionClient = new LazyClient<>("Cloud Functions", () -> {
                try {
                    FunctionServiceSettings s;
                    if (hooks.use(FunctionServiceSettings.class).isPresent()) {
                        s = hooks.use(FunctionServiceSettings.class).get();
                    } else {
                        var c = GcpApiEndpoints.configure(FunctionServiceSettings.newBuilder(), endpoints.functions(),
                                GcpApiEndpoints.FUNCTIONS_ENDPOINT, "Cloud Functions", settings, hooks);
                        s = hooks.client(c.builder(), c.plaintext()).build();
                    }
                    return FunctionServiceClient.create(s);
                } catch (IOException e) {
                    throw GcpErrors.map(e, "connect", "Cloud Functions");
                }
            });
            this.gatewayClient = new LazyClient<>("API Gateway", () -> {
                try {
                    ApiGatewayServiceSettings s;
                    if (hooks.use(ApiGatewayServiceSettings.class).isPresent()) {
                        s = hooks.use(ApiGatewayServiceSettings.class).get();
                    } else {
                        var c = GcpApiEndpoints.configure(ApiGatewayServiceSettings.newBuilder(), endpoints.gateway(),
                                GcpApiEndpoints.GATEWAY_ENDPOINT, "API Gateway", settings, hooks);
                        s = hooks.client(c.builder(), c.plaintext()).build();
                    }
                    return ApiGatewayServiceClient.create(s);
                } catch (IOException e) {
                    throw GcpErrors.map(e, "connect", "API Gateway");
                }
            });
            this.schedulerClient = new LazyClient<>("Cloud Scheduler", () -> {
                try {
                    CloudSchedulerSettings s;
                    if (hooks.use(CloudSchedulerSettings.class).isPresent()) {
                        s = hooks.use(CloudSchedulerSettings.class).get();
                    } else {
                        CloudSchedulerSettings.Builder b = CloudSchedulerSettings.newBuilder();
                        // One attempt per call bounded by polycloud.timeout (the portable layer retries).
                        java.time.Duration t = settings.timeout();
                        b.applyToAllUnaryMethods(m -> {
                            m.setRetrySettings(m.getRetrySettings().toBuilder().setInitialRpcTimeoutDuration(t)
                                    .setMaxRpcTimeoutDuration(t).setTotalTimeoutDuration(t).setMaxAttempts(1).build());
                            return null;
                        });
                        var c = GcpApiEndpoints.configure(b, endpoints.scheduler(), GcpApiEndpoints.SCHEDULER_ENDPOINT,
                                "Cloud Scheduler", settings, hooks);
                        s = hooks.client(c.builder(), c.plaintext()).build();
                    }
                    return CloudSchedulerClient.create(s);
                } catch (IOException e) {
                    throw GcpErrors.map(e, "connect", "Cloud Scheduler");
                }
            });
            Lazy<FunctionUrls> urls = Lazy.of(() -> new FunctionUrls(settings, functionSettings, functionClient));
            this.functions = Lazy.of(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                return new CloudFunctionsDriver(settings, functionSettings, functionClient, urls.get(),
                        new FunctionHttpInvoker(http, new IdTokens()), http, CAPABILITIES.functions().maxTimeout(),
                        schedulerClient, schedulerAccount, url -> new dev.polycloud.gcp.storage.GcsBucketTriggers(
                                storage, pubSubClients, url, eventsAccount));
            });
            this.gateways = Lazy.of(() -> new ApiGateways(settings, functionSettings, gatewayClient, urls.get(),
                    CAPABILITIES.functions().maxTimeout()));
        }

        @Override
        public Capabilities capabilities() {
            return CAPABILITIES;
        }

        @Override
        public QueueDrivers queues() {
            return messaging.get();
        }

        @Override
        public TopicDrivers topics() {
            return messaging.get();
        }

        @Override
        public TableDrivers tables() {
            return tables.get();
        }

        @Override
        public Optional<FunctionDriver> functions() {
            return Optional.of(functions.get());
        }

        @Override
        public Optional<GatewayDrivers> gateways() {
            return Optional.of(gateways.get());
        }

        @Override
        public Optional<dev.polycloud.spi.BlobDrivers> blobs() {
            return Optional.of(new dev.polycloud.gcp.storage.GcsBlobs(storage));
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            Object o = null;
            if (type == com.google.cloud.storage.Storage.class) {
                o = storage.get();
            } else if (type == TopicAdminClient.class) {
                o = pubSubClients.topics();
            } else if (type == SubscriptionAdminClient.class) {
                o = pubSubClients.subscriptions();
            } else if (type == GrpcSubscriberStub.class || type == SubscriberStub.class) {
                o = pubSubClients.subscriber();
            } else if (type == GrpcPublisherStub.class || type == PublisherStub.class) {
                o = pubSubClients.publisher();
            } else if (type == PubSubClients.class) {
                o = pubSubClients;
            } else if (type == Firestore.class) {
                o = tables.get().firestore();
            } else if (type == FirestoreTables.class) {
                o = tables.get();
            } else if (type == FunctionServiceClient.class) {
                o = functionClient.get();
            } else if (type == ApiGatewayServiceClient.class) {
                o = gatewayClient.get();
            } else if (type == CloudSchedulerClient.class) {
                o = schedulerClient.get();
            }
            return Optional.ofNullable(o).map(type::cast);
        }

        @Override
        public void close() {
            if (storageOwned) {
                storage.close();
            }
            gateways.close();
            functions.close();
            closeQuietly(gatewayClient);
            closeQuietly(functionClient);
            closeQuietly(schedulerClient);
            messaging.close();
            closeQuietly(pubSubClients);
            tables.close();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(GcpCloudProvider.class).warn("Closing {} failed", c, e);
            }
        }
    }

    /**
     * What the provider supports and its limits.
     *
     * @return the capabilities
     */
    public static Capabilities capabilities() {
        return CAPABILITIES;
    }
}
