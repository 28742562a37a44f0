package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpHooks;
import dev.polycloud.gcp.internal.GcpSettings;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.PublisherStubSettings;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pub/Sub clients of one {@code Cloud}, created together on first use (never at
 * {@code Polycloud.open()}): the two admin clients and the raw publisher and subscriber stubs,
 * which the drivers use for 1:1 publish, synchronous pull, acknowledge and modifyAckDeadline
 * calls (no streaming pull, no client-side batching or lease management).
 *
 * <p>With an emulator host every client shares one plaintext channel without credentials;
 * otherwise each uses Google's default channel with Application Default Credentials, through the
 * regional endpoint when a region is configured. Closing is idempotent.
 */
public final class PubSubClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubClients.class);

    private final GcpSettings settings;
    private volatile Clients clients;
    private volatile boolean closed;

    /** The clients, created together. */
    private final GcpHooks hooks;

    private record Clients(ManagedChannel channel, TopicAdminClient topics, SubscriptionAdminClient subscriptions,
                           GrpcPublisherStub publisher, GrpcSubscriberStub subscriber) {
    }

    /**
     * Prepares the clients; nothing is created until first used.
     *
     * @param settings the provider settings
     */
    public PubSubClients(GcpSettings settings) {
        this(settings, GcpHooks.none());
    }

    public PubSubClients(GcpSettings settings, GcpHooks hooks) {
        this.settings = settings;
        this.hooks = hooks;
    }

    /**
     * The project id.
     *
     * @return the project
     */
    public String project() {
        return settings.project();
    }

    /**
     * Whether the clients talk to an emulator.
     *
     * @return true for an emulator
     */
    public boolean emulator() {
        return settings.pubsubEmulator();
    }

    /**
     * Whether managed listeners receive over StreamingPull.
     *
     * @return the value of {@value GcpSettings#PUBSUB_STREAMING}
     */
    public boolean streaming() {
        return settings.pubsubStreaming();
    }

    /**
     * The topic admin client (also the native client for {@code Cloud.unwrap}).
     *
     * @return the client
     */
    public TopicAdminClient topics() {
        return clients().topics();
    }

    /**
     * The subscription admin client.
     *
     * @return the client
     */
    public SubscriptionAdminClient subscriptions() {
        return clients().subscriptions();
    }

    /**
     * The raw publisher stub.
     *
     * @return the stub
     */
    public GrpcPublisherStub publisher() {
        return clients().publisher();
    }

    /**
     * The raw subscriber stub (synchronous pull, acknowledge, modifyAckDeadline).
     *
     * @return the stub
     */
    public GrpcSubscriberStub subscriber() {
        return clients().subscriber();
    }

    /**
     * The per-call timeout ({@code polycloud.timeout}): every data-plane call (publish, pull without waiting,
     * acknowledge, modify ack deadline) is given it, and every admin call is bounded by it (one attempt).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return settings.timeout();
    }

    /**
     * A call context for data-plane calls: the given timeout and no retries inside the client
     * library, since the portable layer retries retryable failures itself.
     *
     * @param timeout the per-call timeout
     * @return the context
     */
    static GrpcCallContext call(Duration timeout) {
        return GrpcCallContext.createDefault().withTimeoutDuration(timeout).withRetryableCodes(Set.of());
    }

    private Clients clients() {
        Clients c = clients;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("The Pub/Sub clients are closed");
                }
                c = clients;
                if (c == null) {
                    try {
                        c = create();
                    } catch (IOException e) {
                        throw GcpErrors.map(e, "connect", "Pub/Sub");
                    }
                    clients = c;
                }
            }
        }
        return c;
    }

    private Clients create() throws IOException {
        TopicAdminSettings.Builder topics = TopicAdminSettings.newBuilder();
        SubscriptionAdminSettings.Builder subscriptions = SubscriptionAdminSettings.newBuilder();
        PublisherStubSettings.Builder publisher = PublisherStubSettings.newBuilder();
        SubscriberStubSettings.Builder subscriber = SubscriberStubSettings.newBuilder();
        ManagedChannel channel = null;
        if (settings.pubsubEmulatorHost().isPresent()) {
            channel = ManagedChannelBuilder.forTarget(settings.pubsubEmulatorHost().get()).usePlaintext()
                    .maxInboundMessageSize(Integer.MAX_VALUE).build();
            TransportChannelProvider transport = FixedTransportChannelProvider.create(
                    GrpcTransportChannel.create(channel));
            CredentialsProvider none = NoCredentialsProvider.create();
            topics.setTransportChannelProvider(transport).setCredentialsProvider(none);
            subscriptions.setTransportChannelProvider(transport).setCredentialsProvider(none);
            publisher.setTransportChannelProvider(transport).setCredentialsProvider(none);
            subscriber.setTransportChannelProvider(transport).setCredentialsProvider(none);
        } else {
            subscriber.setTransportChannelProvider(SubscriberStubSettings.defaultGrpcTransportProviderBuilder()
                    .setMaxInboundMessageSize(Integer.MAX_VALUE).build());
            if (settings.region().isPresent()) {
                String endpoint = settings.region().get() + "-pubsub.googleapis.com:443";
                topics.setEndpoint(endpoint);
                subscriptions.setEndpoint(endpoint);
                publisher.setEndpoint(endpoint);
                subscriber.setEndpoint(endpoint);
            }
        }
        // Admin calls: one attempt bounded by polycloud.timeout (the portable layer retries), instead of
        // the library's default of minutes of retries against a server that does not answer.
        topics.applyToAllUnaryMethods(b -> {
            b.setRetrySettings(bounded(b.getRetrySettings()));
            return null;
        });
        subscriptions.applyToAllUnaryMethods(b -> {
            b.setRetrySettings(bounded(b.getRetrySettings()));
            return null;
        });
        boolean emulator = channel != null;
        return new Clients(channel, TopicAdminClient.create(hooks.client(topics, emulator).build()),
                SubscriptionAdminClient.create(hooks.client(subscriptions, emulator).build()),
                GrpcPublisherStub.create(hooks.stub(publisher, emulator).build()),
                GrpcSubscriberStub.create(hooks.stub(subscriber, emulator).build()));
    }

    private com.google.api.gax.retrying.RetrySettings bounded(com.google.api.gax.retrying.RetrySettings r) {
        return r.toBuilder().setInitialRpcTimeoutDuration(settings.timeout())
                .setMaxRpcTimeoutDuration(settings.timeout()).setTotalTimeoutDuration(settings.timeout())
                .setMaxAttempts(1).build();
    }

    /** Closes the clients that were created. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Clients c = clients;
        clients = null;
        if (c == null) {
            return;
        }
        for (AutoCloseable closeable : new AutoCloseable[] {c.topics(), c.subscriptions(), c.publisher(),
                c.subscriber()}) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing a Pub/Sub client failed", e);
            }
        }
        if (c.channel() != null) {
            c.channel().shutdown();
            try {
                if (!c.channel().awaitTermination(5, TimeUnit.SECONDS)) {
                    c.channel().shutdownNow();
                }
            } catch (InterruptedException e) {
                c.channel().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
