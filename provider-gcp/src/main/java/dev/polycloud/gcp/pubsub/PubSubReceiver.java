package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFutures;
import java.util.concurrent.CompletableFuture;

import com.google.api.gax.rpc.ApiException;
import dev.polycloud.CloudException;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.ReceiverDriver;
import dev.polycloud.spi.StreamingReceiverDriver;
import dev.polycloud.topic.SubscriptionFilter;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer side of a Pub/Sub subscription, shared by queues and topic subscriptions: receive
 * is a synchronous Pull, ack is Acknowledge, nack is ModifyAckDeadline to 0 and extending a lease
 * is ModifyAckDeadline, one call each.
 *
 * <h2>Leases</h2>
 * The lease is the ack deadline. A subscription's default deadline is at least 10 seconds on
 * Pub/Sub, but ModifyAckDeadline takes 0 to 600 seconds, so a receive whose lease differs from
 * the subscription's deadline (a shorter default lease, or a lease given to the receive) sets it
 * right after the pull; leases are rounded up to whole seconds. The receipt carries the deadline
 * the client granted itself; once it has passed, the lease counts as lost (Pub/Sub may already
 * have handed the message to another receiver) and {@link #extendLease} fails with
 * {@link ErrorCode#PRECONDITION_FAILED}. Without exactly-once delivery, Pub/Sub itself accepts a
 * late ModifyAckDeadline silently, so this check is the only way to report a lost lease.
 *
 * <h2>Streaming</h2>
 * Managed listeners receive over StreamingPull ({@link PubSubStream}) instead of Pull, unless
 * {@value dev.polycloud.gcp.internal.GcpSettings#PUBSUB_STREAMING} is {@code false}; the messages, receipts, filter drops and
 * leases are the same, and acks, nacks and extensions stay the unary calls below.
 *
 * <h2>Delivery counts</h2>
 * Pub/Sub only counts deliveries ({@code delivery_attempt}) on subscriptions with a dead-letter
 * policy, so every subscription the drivers create has one ({@link PubSubOptions}). A message
 * received from the parking subscription carries the count it reached in the attribute
 * {@value PubSubMessages#SOURCE_DELIVERY_COUNT}, and its first publish time in
 * {@value PubSubMessages#SOURCE_PUBLISH_TIME}; both are carried on, and Pub/Sub's dead-letter
 * attributes are not shown to the receiver.
 */
abstract class PubSubReceiver implements StreamingReceiverDriver {

    private static final long MIN_WAIT_MILLIS = 100;
    private static final Duration EMULATOR_PULL_GRACE = Duration.ofSeconds(3);
    private static final int MAX_TRACKED_LEASES = 10_000;
    /** The receipt kind of the main subscription. */
    static final char MAIN = 'm';
    /** The receipt kind of the parking subscription. */
    static final char PARKING = 'p';

    /** The clients. */
    protected final PubSubClients clients;
    /** The portable resource, for errors. */
    protected final String resource;
    /** The id of the subscription messages are received from. */
    protected final String subscriptionId;
    /** The id of its parking topic and subscription, used when it has no dead-letter queue. */
    protected final String parkingId;
    /** The admin calls. */
    protected final PubSubAdmin admin;
    private final Map<String, Long> extendedDeadlines = new ConcurrentHashMap<>();
    private volatile ReceiveSettings settings;
    private volatile boolean parked;
    private boolean createdParkingTopic;
    private boolean createdParking;

    /** What receiving needs to know about the subscription. */
    record ReceiveSettings(Duration lease, int ackDeadlineSeconds, Optional<SubscriptionFilter> filter) {
    }

    PubSubReceiver(PubSubClients clients, String resource, String subscriptionId, String parkingId) {
        this.clients = clients;
        this.resource = resource;
        this.subscriptionId = subscriptionId;
        this.parkingId = parkingId;
        this.admin = new PubSubAdmin(clients);
    }

    /**
     * The filter of a subscription, for the receive settings.
     *
     * @param subscription the subscription
     * @return its portable filter, if any
     */
    abstract Optional<SubscriptionFilter> filterOf(com.google.pubsub.v1.Subscription subscription);

    /**
     * The not-found error of this resource.
     *
     * @return the exception to throw
     */
    abstract dev.polycloud.CloudException notFound();

    /**
     * The subscription's receive settings, cached once read or created.
     *
     * @return the settings
     * @throws dev.polycloud.CloudException NOT_FOUND when the subscription does not exist
     */
    ReceiveSettings receiveSettings() {
        ReceiveSettings s = settings;
        if (s == null) {
            s = remember(admin.getSubscription(subscriptionId, resource).orElseThrow(this::notFound));
        }
        return s;
    }

    /** Caches the receive settings of a subscription just created or read. */
    ReceiveSettings remember(com.google.pubsub.v1.Subscription subscription) {
        ReceiveSettings s = PubSubOptions.receiveSettings(subscription, filterOf(subscription));
        parked = subscription.getDeadLetterPolicy().getDeadLetterTopic().equals(admin.topicPath(parkingId));
        settings = s;
        return s;
    }

    /** Forgets the cached settings and extended leases (after a delete). */
    void forget() {
        settings = null;
        extendedDeadlines.clear();
    }

    /**
     * The hidden parking subscription drained when the main one is empty, if it has one.
     *
     * @return its id, or empty
     */
    Optional<String> parkingId() {
        return parked ? Optional.of(parkingId) : Optional.empty();
    }

    /**
     * Creates the subscription, with its parking topic and subscription when it has no dead-letter
     * queue; cleans up what it created when a step fails.
     *
     * @param subscription the main subscription
     * @param lease the default lease
     * @return false when a subscription of that name existed already (left untouched; the parking
     *         resources this call created are then removed again by {@link #undoParking})
     */
    boolean createWithParking(com.google.pubsub.v1.Subscription subscription, Duration lease) {
        boolean parking = subscription.getDeadLetterPolicy().getDeadLetterTopic().equals(admin.topicPath(parkingId));
        createdParkingTopic = false;
        createdParking = false;
        try {
            if (parking) {
                createdParkingTopic = admin.createTopic(parkingId, resource);
                createdParking = admin.createSubscription(
                        PubSubOptions.parkingSubscription(clients.project(), parkingId, lease), resource);
            }
            return admin.createSubscription(subscription, resource);
        } catch (RuntimeException e) {
            undoParking();
            throw e;
        }
    }

    /** Removes the parking resources the last {@link #createWithParking} created. */
    void undoParking() {
        admin.deleteQuietly(createdParking ? parkingId : null, createdParkingTopic ? parkingId : null);
        createdParking = false;
        createdParkingTopic = false;
    }

    /**
     * Deletes the subscription and its parking resources.
     *
     * @return false when the subscription did not exist
     */
    boolean deleteWithParking() {
        boolean existed = admin.deleteSubscription(subscriptionId, resource);
        admin.deleteSubscription(parkingId, resource);
        admin.deleteTopic(parkingId, resource);
        forget();
        return existed;
    }

    /**
     * Whether the subscription exists, for a lost-lease check.
     *
     * @return true if it exists
     */
    boolean subscriptionExists() {
        return admin.getSubscription(subscriptionId, resource).isPresent();
    }

    /** Whether listeners stream: {@value dev.polycloud.gcp.internal.GcpSettings#PUBSUB_STREAMING}. */
    @Override
    public boolean streaming() {
        return clients.streaming();
    }

    /**
     * Opens StreamingPull on the subscription, and on its parking subscription when it has one
     * (receive drains that one when the main one is empty; a listener reads both). Reads the
     * subscription's settings first (a blocking call the first time).
     *
     * @throws CloudException NOT_FOUND when the subscription does not exist
     */
    @Override
    public ReceiveStream openStream(StreamSettings settings, StreamObserver observer) {
        java.util.Objects.requireNonNull(settings, "settings");
        java.util.Objects.requireNonNull(observer, "observer");
        ReceiveSettings receive = receiveSettings();
        return PubSubStream.open(this, settings, observer, receive);
    }

    String path(String id) {
        return PubSubNames.subscriptionPath(clients.project(), id);
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> leaseOption) {
        ReceiveSettings settings = receiveSettings();
        Duration lease = leaseOption.orElse(settings.lease());
        long deadline = System.nanoTime() + wait.toNanos();
        List<ReceivedMessage> out = new ArrayList<>();
        do {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            boolean immediate = remaining < MIN_WAIT_MILLIS;
            long pulledAt = System.currentTimeMillis();
            List<com.google.pubsub.v1.ReceivedMessage> got = pull(subscriptionId, maxMessages, immediate,
                    immediate ? clients.timeout() : Duration.ofMillis(remaining).plus(pullGrace()));
            out.addAll(accept(subscriptionId, MAIN, got, lease, settings, pulledAt));
            if (!out.isEmpty() || immediate) {
                break;
            }
        } while ((deadline - System.nanoTime()) / 1_000_000 >= MIN_WAIT_MILLIS);
        if (out.isEmpty() && parkingId().isPresent()) {
            long pulledAt = System.currentTimeMillis();
            String parking = parkingId().get();
            out.addAll(accept(parking, PARKING, pull(parking, maxMessages, true, clients.timeout()), lease, settings,
                    pulledAt));
        }
        return out;
    }

    /**
     * How much longer than the wait a waiting pull may take before the client cancels it. Pub/Sub
     * answers a waiting pull before its deadline; the emulator ignores the deadline and holds a pull
     * up to about two seconds. A pull cancelled by the client may already have been handed messages,
     * which then stay leased until their ack deadline, so the client never cancels first.
     */
    private Duration pullGrace() {
        return clients.emulator() ? EMULATOR_PULL_GRACE : Duration.ZERO;
    }

    @SuppressWarnings("deprecation") // returnImmediately: the one way to ask for no wait at all
    private List<com.google.pubsub.v1.ReceivedMessage> pull(String id, int max, boolean immediate, Duration timeout) {
        PullRequest request = PullRequest.newBuilder().setSubscription(path(id)).setMaxMessages(max)
                .setReturnImmediately(immediate).build();
        try {
            return clients.subscriber().pullCallable().call(request, PubSubClients.call(timeout))
                    .getReceivedMessagesList();
        } catch (ApiException e) {
            if (!immediate && GcpErrors.is(e, Status.Code.DEADLINE_EXCEEDED)) {
                return List.of(); // the long poll ended without a message
            }
            throw GcpErrors.map(e, "receive", resource);
        }
    }

    private List<ReceivedMessage> accept(String id, char kind, List<com.google.pubsub.v1.ReceivedMessage> got,
                                         Duration lease, ReceiveSettings settings, long pulledAt) {
        Accepted a = sort(id, kind, got, lease, pulledAt, settings);
        if (!a.keep().isEmpty() && seconds(lease) != settings.ackDeadlineSeconds()) {
            modify(id, a.keep(), seconds(lease), "receive");
        }
        if (!a.drop().isEmpty()) {
            acknowledge(id, a.drop());
        }
        return a.messages();
    }

    /** Pulled messages sorted out: those to hand out (with their ack ids) and those the filter drops. */
    record Accepted(List<ReceivedMessage> messages, List<String> keep, List<String> drop) {
    }

    Accepted sort(String id, char kind, List<com.google.pubsub.v1.ReceivedMessage> got, Duration lease,
                          long pulledAt, ReceiveSettings settings) {
        if (got.isEmpty()) {
            return new Accepted(List.of(), List.of(), List.of());
        }
        List<ReceivedMessage> out = new ArrayList<>(got.size());
        List<String> keep = new ArrayList<>(got.size());
        List<String> drop = new ArrayList<>();
        long leaseDeadline = pulledAt + lease.toMillis();
        for (com.google.pubsub.v1.ReceivedMessage r : got) {
            PubsubMessage m = r.getMessage();
            Map<String, String> attributes = PubSubMessages.senderAttributes(m.getAttributesMap());
            if (settings.filter().isPresent() && !settings.filter().get().matches(attributes)) {
                // Pub/Sub filters on the server; the emulator accepts filters but ignores them.
                drop.add(r.getAckId());
                continue;
            }
            keep.add(r.getAckId());
            out.add(new ReceivedMessage(m.getMessageId(), m.getData().toByteArray(), attributes,
                    deliveryCount(r, id), sentAt(m, id),
                    m.getOrderingKey().isEmpty() ? Optional.empty() : Optional.of(m.getOrderingKey()),
                    kind + Long.toString(leaseDeadline) + "." + r.getAckId()));
        }
        return new Accepted(out, keep, drop);
    }

    // ---------------------------------------------------------------- asynchronous

    /**
     * {@link #receive} on the subscriber stub's futures: the same pulls (a waiting pull, repeated
     * while the wait lasts, then the parking subscription), lease setting and filter drops, without
     * a thread waiting on the network. The first receive of a driver whose subscription settings are
     * not cached yet reads them with a blocking admin call on {@link dev.polycloud.spi.BlockingAsync}'s pool.
     */
    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration wait,
                                                                 Optional<Duration> leaseOption) {
        ReceiveSettings cached = settings;
        if (cached == null) {
            return StreamingReceiverDriver.super.receiveAsync(maxMessages, wait, leaseOption);
        }
        Duration lease = leaseOption.orElse(cached.lease());
        return receiveFrom(cached, maxMessages, System.nanoTime() + wait.toNanos(), lease);
    }

    private CompletableFuture<List<ReceivedMessage>> receiveFrom(ReceiveSettings settings, int maxMessages,
                                                                 long deadline, Duration lease) {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        boolean immediate = remaining < MIN_WAIT_MILLIS;
        long pulledAt = System.currentTimeMillis();
        return pullAsync(subscriptionId, maxMessages, immediate,
                immediate ? clients.timeout() : Duration.ofMillis(remaining).plus(pullGrace()))
                .thenCompose(got -> acceptAsync(subscriptionId, MAIN, got, lease, settings, pulledAt))
                .thenCompose(out -> {
                    if (!out.isEmpty()) {
                        return CompletableFuture.completedFuture(out);
                    }
                    if (!immediate && (deadline - System.nanoTime()) / 1_000_000 >= MIN_WAIT_MILLIS) {
                        return receiveFrom(settings, maxMessages, deadline, lease);
                    }
                    Optional<String> parking = parkingId();
                    if (parking.isEmpty()) {
                        return CompletableFuture.completedFuture(out);
                    }
                    long parkedAt = System.currentTimeMillis();
                    return pullAsync(parking.get(), maxMessages, true, clients.timeout())
                            .thenCompose(got -> acceptAsync(parking.get(), PARKING, got, lease, settings, parkedAt));
                });
    }

    @SuppressWarnings("deprecation") // returnImmediately: the one way to ask for no wait at all
    private CompletableFuture<List<com.google.pubsub.v1.ReceivedMessage>> pullAsync(String id, int max,
                                                                                   boolean immediate, Duration timeout) {
        PullRequest request = PullRequest.newBuilder().setSubscription(path(id)).setMaxMessages(max)
                .setReturnImmediately(immediate).build();
        return GcpFutures.of(() -> clients.subscriber().pullCallable().futureCall(request, PubSubClients.call(timeout)),
                "receive", resource).handle((response, error) -> {
                    if (error == null) {
                        return response.getReceivedMessagesList();
                    }
                    if (!immediate && GcpErrors.is(error, Status.Code.DEADLINE_EXCEEDED)) {
                        return List.<com.google.pubsub.v1.ReceivedMessage>of(); // the long poll ended empty
                    }
                    throw GcpErrors.map(error, "receive", resource);
                });
    }

    private CompletableFuture<List<ReceivedMessage>> acceptAsync(String id, char kind,
            List<com.google.pubsub.v1.ReceivedMessage> got, Duration lease, ReceiveSettings settings, long pulledAt) {
        Accepted a = sort(id, kind, got, lease, pulledAt, settings);
        CompletableFuture<Void> modified = !a.keep().isEmpty() && seconds(lease) != settings.ackDeadlineSeconds()
                ? modifyAsync(id, a.keep(), seconds(lease), "receive") : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> dropped = a.drop().isEmpty() ? CompletableFuture.completedFuture(null)
                : acknowledgeAsync(id, a.drop());
        return CompletableFuture.allOf(modified, dropped).thenApply(v -> a.messages());
    }

    /** Acknowledge on the stub's future, one call per subscription the receipts belong to. */
    @Override
    public CompletableFuture<Void> ackAsync(List<String> receipts) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : group(receipts).entrySet()) {
            calls.add(acknowledgeAsync(e.getKey(), new ArrayList<>(e.getValue()))
                    .thenRun(() -> e.getValue().forEach(extendedDeadlines::remove)));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /** ModifyAckDeadline to 0 on the stub's future, one call per subscription the receipts belong to. */
    @Override
    public CompletableFuture<Void> nackAsync(List<String> receipts) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : group(receipts).entrySet()) {
            calls.add(modifyAsync(e.getKey(), new ArrayList<>(e.getValue()), 0, "nack")
                    .thenRun(() -> e.getValue().forEach(extendedDeadlines::remove)));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    CompletableFuture<Void> acknowledgeAsync(String id, List<String> ackIds) {
        AcknowledgeRequest request = AcknowledgeRequest.newBuilder().setSubscription(path(id)).addAllAckIds(ackIds)
                .build();
        return ignoreUnknownAckIds(GcpFutures.of(() -> clients.subscriber().acknowledgeCallable().futureCall(request,
                PubSubClients.call(clients.timeout())), "ack", resource));
    }

    CompletableFuture<Void> modifyAsync(String id, List<String> ackIds, int seconds, String operation) {
        ModifyAckDeadlineRequest request = ModifyAckDeadlineRequest.newBuilder().setSubscription(path(id))
                .addAllAckIds(ackIds).setAckDeadlineSeconds(seconds).build();
        return ignoreUnknownAckIds(GcpFutures.of(() -> clients.subscriber().modifyAckDeadlineCallable()
                .futureCall(request, PubSubClients.call(clients.timeout())), operation, resource));
    }

    /** An ack id Pub/Sub does not know (never issued or gone) is a no-op, as in the blocking calls. */
    private static CompletableFuture<Void> ignoreUnknownAckIds(CompletableFuture<com.google.protobuf.Empty> call) {
        return call.handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            CloudException mapped = error instanceof CloudException ce ? ce
                    : error.getCause() instanceof CloudException ce2 ? ce2 : null;
            if (mapped != null && mapped.code() == ErrorCode.INVALID_ARGUMENT) {
                return null;
            }
            if (mapped != null) {
                throw mapped;
            }
            throw new java.util.concurrent.CompletionException(error);
        });
    }

    /** The delivery count, carried across a dead-letter loop back to this subscription. */
    private int deliveryCount(com.google.pubsub.v1.ReceivedMessage r, String id) {
        // Parked messages come from a subscription without dead-letter policy: 0, counted as one more.
        int attempt = Math.max(1, r.getDeliveryAttempt());
        Map<String, String> raw = r.getMessage().getAttributesMap();
        if (fromLoop(raw, id)) {
            try {
                return attempt + Integer.parseInt(raw.get(PubSubMessages.SOURCE_DELIVERY_COUNT));
            } catch (NumberFormatException e) {
                return attempt;
            }
        }
        return attempt;
    }

    private Instant sentAt(PubsubMessage m, String id) {
        if (fromLoop(m.getAttributesMap(), id)) {
            try {
                return Instant.parse(m.getAttributesMap().get(PubSubMessages.SOURCE_PUBLISH_TIME));
            } catch (DateTimeParseException | NullPointerException e) {
                // fall back to the publish time of the forwarded copy
            }
        }
        return Instant.ofEpochMilli(Timestamps.toMillis(m.getPublishTime()));
    }

    /** Whether the message was dead-lettered from this very subscription (or its main one) back to it. */
    private boolean fromLoop(Map<String, String> raw, String id) {
        String source = raw.get(PubSubMessages.SOURCE_SUBSCRIPTION);
        if (source == null || !raw.containsKey(PubSubMessages.SOURCE_DELIVERY_COUNT)) {
            return false;
        }
        String sourceId = PubSubNames.id(source);
        return sourceId.equals(id) || sourceId.equals(subscriptionId);
    }

    @Override
    public void ack(List<String> receipts) {
        for (Map.Entry<String, Set<String>> e : group(receipts).entrySet()) {
            acknowledge(e.getKey(), new ArrayList<>(e.getValue()));
            e.getValue().forEach(extendedDeadlines::remove);
        }
    }

    @Override
    public void nack(List<String> receipts) {
        for (Map.Entry<String, Set<String>> e : group(receipts).entrySet()) {
            modify(e.getKey(), new ArrayList<>(e.getValue()), 0, "nack");
            e.getValue().forEach(extendedDeadlines::remove);
        }
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        Receipt r = Receipt.parse(receipt);
        if (r == null) {
            // never issued: like a lease that ended (acks and nacks of it are no-ops, an extension fails)
            throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "No lease of " + resource + " has this receipt (never"
                    + " issued, or ended); receive the message again", resource);
        }
        long now = System.currentTimeMillis();
        long deadline = Math.max(r.deadline(), extendedDeadlines.getOrDefault(r.ackId(), Long.MIN_VALUE));
        if (now >= deadline) {
            if (!subscriptionExists()) {
                throw notFound();
            }
            throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The lease of message receipt on " + resource
                    + " ended " + Duration.ofMillis(now - deadline) + " ago; the message may have been delivered"
                    + " again", resource);
        }
        modify(r.kind() == PARKING ? parkingId().orElse(subscriptionId) : subscriptionId, List.of(r.ackId()),
                seconds(lease), "extendLease");
        if (extendedDeadlines.size() > MAX_TRACKED_LEASES) {
            Iterator<Map.Entry<String, Long>> it = extendedDeadlines.entrySet().iterator();
            while (it.hasNext()) {
                if (it.next().getValue() < now) {
                    it.remove();
                }
            }
        }
        extendedDeadlines.put(r.ackId(), now + lease.toMillis());
    }

    private Map<String, Set<String>> group(List<String> receipts) {
        Map<String, Set<String>> byId = new java.util.LinkedHashMap<>();
        for (String receipt : receipts) {
            Receipt r = Receipt.parse(receipt);
            if (r == null) {
                continue; // never issued: unknown receipts are no-ops, as everywhere (DESIGN §8)
            }
            String id = r.kind() == PARKING ? parkingId().orElse(subscriptionId) : subscriptionId;
            byId.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(r.ackId());
        }
        return byId;
    }

    void acknowledge(String id, List<String> ackIds) {
        try {
            clients.subscriber().acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(path(id))
                    .addAllAckIds(ackIds).build(), PubSubClients.call(clients.timeout()));
        } catch (ApiException e) {
            CloudException mapped = GcpErrors.map(e, "ack", resource);
            if (mapped.code() == ErrorCode.INVALID_ARGUMENT) {
                return; // an ack id Pub/Sub does not know (never issued or gone): a no-op, as everywhere
            }
            throw mapped;
        }
    }

    void modify(String id, List<String> ackIds, int seconds, String operation) {
        try {
            clients.subscriber().modifyAckDeadlineCallable().call(ModifyAckDeadlineRequest.newBuilder()
                    .setSubscription(path(id)).addAllAckIds(ackIds).setAckDeadlineSeconds(seconds).build(),
                    PubSubClients.call(clients.timeout()));
        } catch (ApiException e) {
            CloudException mapped = GcpErrors.map(e, operation, resource);
            if (mapped.code() == ErrorCode.INVALID_ARGUMENT) {
                return; // an ack id Pub/Sub does not know (never issued or gone): a no-op, as everywhere
            }
            throw mapped;
        }
    }

    /**
     * A lease rounded up to whole seconds, at least 1.
     *
     * @param lease the lease
     * @return the seconds
     */
    static int seconds(Duration lease) {
        long ms = lease.toMillis();
        return (int) Math.max(1, (ms + 999) / 1000);
    }

    /**
     * The ack deadline of a subscription for a default lease: rounded up to whole seconds, within
     * Pub/Sub's 10 to 600 seconds.
     *
     * @param lease the default lease
     * @return the deadline in seconds
     */
    static int ackDeadlineSeconds(Duration lease) {
        return Math.min(600, Math.max(10, seconds(lease)));
    }

    /**
     * A parsed receipt: which subscription, the lease deadline granted at receive, the ack id.
     *
     * @param kind {@code m} for the main subscription, {@code p} for the parking one
     * @param deadline the lease deadline, epoch milliseconds
     * @param ackId Pub/Sub's ack id
     */
    record Receipt(char kind, long deadline, String ackId) {

        /** The parsed receipt, or null for a string that is not a receipt this driver issued. */
        static Receipt parse(String receipt) {
            int dot = receipt.indexOf('.');
            if (receipt.length() > 2 && dot > 1 && dot < receipt.length() - 1
                    && (receipt.charAt(0) == MAIN || receipt.charAt(0) == PARKING)) {
                try {
                    return new Receipt(receipt.charAt(0), Long.parseLong(receipt.substring(1, dot)),
                            receipt.substring(dot + 1));
                } catch (NumberFormatException e) {
                    // falls through
                }
            }
            return null;
        }
    }
}
