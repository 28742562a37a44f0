package dev.polycloud.azure.queues;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureFutures;
import dev.polycloud.azure.internal.ExpectedConflicts;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueProperties;
import com.azure.storage.queue.models.SendMessageResult;
import com.azure.storage.queue.models.UpdateMessageResult;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.QueueDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Azure Storage Queue.
 *
 * <ul>
 *   <li><b>Options</b> are stored as queue metadata ({@code pcformat}, {@code pcdefaultlease},
 *       {@code pcdeadletterqueue}, {@code pcmaxdeliveries}), so {@link #options()} works from any
 *       process; a queue without them reads as the defaults.</li>
 *   <li><b>Messages</b> are {@link QueueEnvelope}s, sent one by one with an infinite time to live
 *       (Storage Queues would otherwise drop them after 7 days) and the delay as initial
 *       visibility timeout (whole seconds, rounded up).</li>
 *   <li><b>Receive</b> has no long poll on Storage Queues: the driver polls with a backoff from 50 ms
 *       to 1 s until a message arrives or the wait ends (each poll is a billed transaction).</li>
 *   <li><b>Receipts</b>: updating a message (extend, nack) gives it a new pop receipt, so the
 *       portable receipt ({@code messageId:popReceipt} of the delivery) is mapped in memory to the
 *       current pop receipt. An extend after the lease has ended, or with a stale receipt, is
 *       {@link ErrorCode#PRECONDITION_FAILED}; an ack or nack with a stale receipt is ignored.</li>
 *   <li><b>Delivery count</b> is the dequeue count; dead-lettering is left to the portable layer.</li>
 *   <li><b>Asynchronous calls</b> (send, receive, ack, nack) run on {@code QueueAsyncClient} through
 *       {@link AzureFutures}: a batch's messages are sent concurrently, the pauses of a waiting receive are timers,
 *       and the calls on one delivery are ordered by {@link ReceiptOrder} together with the blocking ones.
 *       {@code extendLease}, {@code create}, {@code delete} and {@code approximateDepth} have no asynchronous form
 *       in the SPI.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureQueueDriver implements QueueDriver {

    static final String META_FORMAT = "pcformat";
    static final String META_LEASE = "pcdefaultlease";
    static final String META_DLQ = "pcdeadletterqueue";
    static final String META_MAX_DELIVERIES = "pcmaxdeliveries";
    private static final Duration INFINITE_TTL = Duration.ofSeconds(-1);
    private static final long FIRST_POLL_MS = 50;
    private static final long MAX_POLL_MS = 1000;
    private static final Duration RECEIPT_GRACE = Duration.ofMinutes(10);
    private static final int RECEIPT_PURGE_THRESHOLD = 10_000;
    /** The most sends of one asynchronous batch in flight at once (Storage Queues take one message a request). */
    static final int MAX_SENDS_IN_FLIGHT = 16;

    private final String name;
    private final String resource;
    private final Supplier<QueueClient> client;
    private final Supplier<QueueAsyncClient> asyncClient;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /**
     * Each update of a message rotates its pop receipt, so an ack, nack or extension of one delivery must not
     * overlap another: an ack that read the receipt while an extension was replacing it would be refused as
     * stale and the message would come back although it was handled. Calls for one receipt, blocking and
     * asynchronous alike, run one after another in call order.
     */
    private final ReceiptOrder order = new ReceiptOrder();
    private volatile QueueOptions cachedOptions;

    /** The current pop receipt of a delivery and when its lease ends (local clock). */
    private record Lease(String messageId, String popReceipt, Instant until) {
    }

    /**
     * Creates the driver; no network call.
     *
     * @param name the portable queue name
     * @param client the blocking client of the queue, built on first use
     * @param asyncClient the asynchronous client of the queue, built on first asynchronous call
     * @param clock the clock of lease ends and sent-at times
     */
    public AzureQueueDriver(String name, Supplier<QueueClient> client, Supplier<QueueAsyncClient> asyncClient,
                            Clock clock) {
        this.name = name;
        this.resource = "queue " + name;
        this.client = client;
        this.asyncClient = asyncClient;
        this.clock = clock;
    }

    @Override
    public void create(QueueOptions options) {
        Map<String, String> metadata = toMetadata(options);
        try {
            client.get().createWithResponse(metadata, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureErrors.hasServiceCode(e, "QueueAlreadyExists")) {
                throw AzureErrors.map(e, resource);
            }
            QueueOptions existing = options().orElseThrow(() -> AzureErrors.map(e, resource));
            if (!existing.equals(options)) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "Queue '" + name
                        + "' already exists with other options (" + existing + ")", AzureErrors.PROVIDER, resource, e);
            }
        }
        cachedOptions = options;
    }

    @Override
    public void delete() {
        call(() -> client.get().deleteWithResponse(null, Context.NONE));
        cachedOptions = null;
        leases.clear();
    }

    @Override
    public boolean exists() {
        return properties().isPresent();
    }

    @Override
    public Optional<QueueOptions> options() {
        Optional<QueueOptions> options = properties().map(p -> fromMetadata(p.getMetadata()));
        options.ifPresent(o -> cachedOptions = o);
        return options;
    }

    @Override
    public BatchOutcome<String> send(List<Message> messages) {
        // Storage Queues take one message per request, each sent once; when one fails after others were
        // sent, it and the unsent ones are failed entries, so the portable retry does not resend the sent ones.
        BatchOutcome.Builder<String> outcome = BatchOutcome.builder(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String text = QueueEnvelope.encode(m, clock.instant());
            Duration delay = m.delay().map(AzureQueueDriver::wholeSeconds).orElse(Duration.ZERO);
            SendMessageResult result;
            try {
                result = call(() -> client.get()
                        .sendMessageWithResponse(text, delay, INFINITE_TTL, null, Context.NONE).getValue());
            } catch (CloudException e) {
                if (i == 0) {
                    throw e;
                }
                for (int j = i; j < messages.size(); j++) {
                    outcome.failure(j, e);
                }
                return outcome.build();
            }
            outcome.success(i, result.getMessageId());
        }
        return outcome.build();
    }

    @Override
    public long approximateDepth() {
        QueueProperties p = call(() -> client.get().getProperties());
        return p.getApproximateMessagesCountLong();
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
        Duration visibility = wholeSeconds(lease.orElseGet(this::defaultLease));
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = FIRST_POLL_MS;
        purgeOldLeases();
        while (true) {
            Instant before = clock.instant();
            List<QueueMessageItem> items = call(() -> {
                List<QueueMessageItem> got = new ArrayList<>();
                Iterator<QueueMessageItem> it = client.get()
                        .receiveMessages(maxMessages, visibility, null, Context.NONE).iterator();
                while (it.hasNext()) {
                    got.add(it.next());
                }
                return got;
            });
            if (!items.isEmpty()) {
                List<ReceivedMessage> out = new ArrayList<>(items.size());
                for (QueueMessageItem item : items) {
                    out.add(toReceived(item, before.plus(visibility)));
                }
                return out;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            pause = Math.min(MAX_POLL_MS, pause * 2);
        }
    }

    @Override
    public void ack(List<String> receipts) {
        for (String receipt : receipts) {
            order.blocking(receipt, () -> {
                Lease lease = current(receipt);
                if (lease == null) {
                    return null; // never issued by Azure: acking it is a no-op, as everywhere
                }
                try {
                    // A stale receipt is a no-op: absorbed so that the SDK does not log it at ERROR
                    client.get().deleteMessageWithResponse(lease.messageId(), lease.popReceipt(), null,
                            ExpectedConflicts.Outcome.staleReceipt().context());
                } catch (RuntimeException e) {
                    if (!staleReceipt(e)) {
                        throw AzureErrors.map(e, resource);
                    }
                }
                leases.remove(receipt);
                return null;
            });
        }
    }

    @Override
    public void nack(List<String> receipts) {
        for (String receipt : receipts) {
            order.blocking(receipt, () -> {
                Lease lease = current(receipt);
                if (lease == null) {
                    return null; // never issued by Azure: a no-op, as everywhere
                }
                try {
                    client.get().updateMessageWithResponse(lease.messageId(), lease.popReceipt(), null, Duration.ZERO,
                            null, ExpectedConflicts.Outcome.staleReceipt().context());
                } catch (RuntimeException e) {
                    if (!staleReceipt(e)) {
                        throw AzureErrors.map(e, resource);
                    }
                }
                // The delivery is over: a later ack or extend with this receipt is stale.
                leases.remove(receipt);
                return null;
            });
        }
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        order.blocking(receipt, () -> {
            Lease current = current(receipt);
            if (current == null) {
                // never issued: like a lease that ended (acks and nacks of it are no-ops, an extension fails)
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, "No lease of " + resource + " has this receipt"
                        + " (never issued, or ended); receive the message again", AzureErrors.PROVIDER, resource, null);
            }
            Instant now = clock.instant();
            if (current.until() != null && now.isAfter(current.until())) {
                leases.remove(receipt);
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, "The lease of message " + current.messageId()
                        + " ended at " + current.until() + "; receive it again", AzureErrors.PROVIDER, resource, null);
            }
            Duration visibility = wholeSeconds(lease);
            UpdateMessageResult result;
            try {
                result = client.get().updateMessage(current.messageId(), current.popReceipt(), null, visibility);
            } catch (RuntimeException e) {
                if (staleReceipt(e)) {
                    leases.remove(receipt);
                    throw new CloudException(ErrorCode.PRECONDITION_FAILED, "The lease of message "
                            + current.messageId() + " was lost (deleted or received again)", AzureErrors.PROVIDER,
                            resource, e);
                }
                throw AzureErrors.map(e, resource);
            }
            leases.put(receipt, new Lease(current.messageId(), result.getPopReceipt(), now.plus(visibility)));
            return null;
        });
    }

    // ---------------------------------------------------------------- asynchronous, on QueueAsyncClient

    /**
     * The send on {@link QueueAsyncClient}: the same requests as {@link #send(List)}, sent concurrently (at
     * most {@value #MAX_SENDS_IN_FLIGHT} in flight), each message once. Each message's own outcome is its entry
     * of the result: a message that failed is a failed entry with its mapped code (the portable layer resends
     * the retryable ones), the others keep their ids. The future fails as a whole only when every message
     * failed (nothing was sent), with the first failure.
     */
    @Override
    public CompletableFuture<BatchOutcome<String>> sendAsync(List<Message> messages) {
        Instant now = clock.instant();
        List<String> texts = new ArrayList<>(messages.size());
        List<Duration> delays = new ArrayList<>(messages.size());
        try {
            for (Message m : messages) {
                texts.add(QueueEnvelope.encode(m, now));
                delays.add(m.delay().map(AzureQueueDriver::wholeSeconds).orElse(Duration.ZERO));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AzureErrors.map(e, resource));
        }
        return AzureFutures.of(() -> {
            QueueAsyncClient queue = asyncClient.get();
            return Flux.range(0, messages.size())
                    .flatMap(i -> queue.sendMessageWithResponse(texts.get(i), delays.get(i), INFINITE_TTL)
                            .map(r -> new Sent(i, r.getValue().getMessageId(), null))
                            .onErrorResume(e -> Mono.just(new Sent(i, null, AzureErrors.map(e, resource)))),
                            MAX_SENDS_IN_FLIGHT)
                    .collectList();
        }, resource).thenApply(sent -> {
            BatchOutcome.Builder<String> outcome = BatchOutcome.builder(messages.size());
            CloudException first = null;
            int firstIndex = Integer.MAX_VALUE;
            boolean any = false;
            for (Sent s : sent) {
                if (s.failure() == null) {
                    outcome.success(s.index(), s.id());
                    any = true;
                } else {
                    outcome.failure(s.index(), s.failure());
                    if (s.index() < firstIndex) {
                        first = s.failure();
                        firstIndex = s.index();
                    }
                }
            }
            if (!any && first != null) {
                throw first; // nothing was sent: the whole call failed
            }
            return outcome.build();
        });
    }

    /** One message's send: its index, and its id or its failure. */
    private record Sent(int index, String id, CloudException failure) {
    }

    /**
     * The receive on {@link QueueAsyncClient}: the same requests and polling as
     * {@link #receive(int, Duration, Optional)}, with the pauses between polls on a timer, so that a waiting
     * receive holds no thread.
     */
    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration wait,
                                                                 Optional<Duration> lease) {
        long deadline = System.nanoTime() + wait.toNanos();
        purgeOldLeases();
        CompletableFuture<Duration> visibility = lease.isPresent()
                ? CompletableFuture.completedFuture(wholeSeconds(lease.get()))
                : defaultLeaseAsync().thenApply(AzureQueueDriver::wholeSeconds);
        return visibility.thenCompose(v -> poll(maxMessages, v, deadline, FIRST_POLL_MS));
    }

    private CompletableFuture<List<ReceivedMessage>> poll(int maxMessages, Duration visibility, long deadline,
                                                          long pause) {
        Instant before = clock.instant();
        return AzureFutures.of(() -> asyncClient.get().receiveMessages(maxMessages, visibility).collectList(),
                resource).thenCompose(items -> {
                    if (!items.isEmpty()) {
                        List<ReceivedMessage> out = new ArrayList<>(items.size());
                        for (QueueMessageItem item : items) {
                            out.add(toReceived(item, before.plus(visibility)));
                        }
                        return CompletableFuture.completedFuture(out);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    long millis = Math.min(pause, Math.max(1, left / 1_000_000));
                    return AzureFutures.delay(Duration.ofMillis(millis))
                            .thenCompose(ignored -> poll(maxMessages, visibility, deadline,
                                    Math.min(MAX_POLL_MS, pause * 2)));
                });
    }

    /** The default lease, from the cached options or read asynchronously (NOT_FOUND for a missing queue). */
    private CompletableFuture<Duration> defaultLeaseAsync() {
        QueueOptions o = cachedOptions;
        if (o != null) {
            return CompletableFuture.completedFuture(o.defaultLease());
        }
        return AzureFutures.of(() -> asyncClient.get().getProperties(), resource).thenApply(p -> {
            QueueOptions read = fromMetadata(p.getMetadata());
            cachedOptions = read;
            return read.defaultLease();
        });
    }

    /**
     * The ack on {@link QueueAsyncClient}: the same requests and outcome as {@link #ack(List)}. Each
     * receipt's delete runs after the operations called before on the same delivery (see
     * {@link ReceiptOrder}), without holding a thread; different receipts go concurrently. Fails with the
     * first failure, after every receipt was tried (acks are idempotent, so the portable retry may resend).
     */
    @Override
    public CompletableFuture<Void> ackAsync(List<String> receipts) {
        List<CompletableFuture<Void>> calls = new ArrayList<>(receipts.size());
        for (String receipt : receipts) {
            calls.add(order.async(receipt, () -> {
                Lease lease = current(receipt);
                if (lease == null) {
                    return CompletableFuture.completedFuture(null); // never issued by Azure: a no-op
                }
                return AzureFutures.<Void>of(() -> asyncClient.get()
                                .deleteMessage(lease.messageId(), lease.popReceipt())
                                .onErrorResume(AzureQueueDriver::staleReceipt, e -> Mono.empty()), resource)
                        .thenRun(() -> leases.remove(receipt));
            }));
        }
        return AzureFutures.allOf(calls);
    }

    /**
     * The nack on {@link QueueAsyncClient}: the same requests and outcome as {@link #nack(List)}, ordered per
     * delivery like {@link #ackAsync(List)}.
     */
    @Override
    public CompletableFuture<Void> nackAsync(List<String> receipts) {
        List<CompletableFuture<Void>> calls = new ArrayList<>(receipts.size());
        for (String receipt : receipts) {
            calls.add(order.async(receipt, () -> {
                Lease lease = current(receipt);
                if (lease == null) {
                    return CompletableFuture.completedFuture(null); // never issued by Azure: a no-op
                }
                return AzureFutures.of(() -> asyncClient.get()
                                .updateMessage(lease.messageId(), lease.popReceipt(), null, Duration.ZERO)
                                .map(r -> Boolean.TRUE)
                                .onErrorResume(AzureQueueDriver::staleReceipt, e -> Mono.just(Boolean.FALSE)),
                        resource).thenRun(() -> leases.remove(receipt)); // the delivery is over either way
            }));
        }
        return AzureFutures.allOf(calls);
    }

    private ReceivedMessage toReceived(QueueMessageItem item, Instant leaseEnd) {
        QueueEnvelope.Content content = QueueEnvelope.decode(item.getBody().toString());
        String receipt = item.getMessageId() + ":" + item.getPopReceipt();
        leases.put(receipt, new Lease(item.getMessageId(), item.getPopReceipt(), leaseEnd));
        Instant sentAt = content.sentAt().orElseGet(() -> item.getInsertionTime() == null
                ? clock.instant() : item.getInsertionTime().toInstant());
        return new ReceivedMessage(item.getMessageId(), content.body(), content.attributes(),
                (int) Math.min(Integer.MAX_VALUE, item.getDequeueCount()), sentAt, content.orderingGroup(), receipt);
    }

    private Lease current(String receipt) {
        Lease known = leases.get(receipt);
        if (known != null) {
            return known;
        }
        int colon = receipt == null ? -1 : receipt.indexOf(':');
        if (colon <= 0 || colon == receipt.length() - 1) {
            return null; // not a receipt Azure issued: unknown receipts are no-ops (DESIGN §8)
        }
        return new Lease(receipt.substring(0, colon), receipt.substring(colon + 1), null);
    }

    /** A message-level "no such message / pop receipt" failure, as opposed to a missing queue. */
    private static boolean staleReceipt(Throwable e) {
        return AzureErrors.hasServiceCode(e, "MessageNotFound", "PopReceiptMismatch", "InvalidQueryParameterValue")
                || AzureErrors.status(e) == 400 && !AzureErrors.hasServiceCode(e, "QueueNotFound");
    }

    private Duration defaultLease() {
        QueueOptions o = cachedOptions;
        if (o == null) {
            o = options().orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND,
                    "Queue '" + name + "' does not exist", AzureErrors.PROVIDER, resource, null));
        }
        return o.defaultLease();
    }

    private Optional<QueueProperties> properties() {
        try {
            return Optional.of(client.get().getProperties());
        } catch (RuntimeException e) {
            if (AzureErrors.hasServiceCode(e, "QueueNotFound") || AzureErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, resource);
        }
    }

    private void purgeOldLeases() {
        if (leases.size() < RECEIPT_PURGE_THRESHOLD) {
            return;
        }
        Instant horizon = clock.instant().minus(RECEIPT_GRACE);
        leases.values().removeIf(l -> l.until() != null && l.until().isBefore(horizon));
    }

    static Map<String, String> toMetadata(QueueOptions options) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_FORMAT, "1");
        metadata.put(META_LEASE, options.defaultLease().toString());
        options.deadLetter().ifPresent(d -> {
            metadata.put(META_DLQ, d.deadLetterQueue());
            metadata.put(META_MAX_DELIVERIES, Integer.toString(d.maxDeliveries()));
        });
        return metadata;
    }

    static QueueOptions fromMetadata(Map<String, String> raw) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((k, v) -> metadata.put(k.toLowerCase(java.util.Locale.ROOT), v));
        }
        Duration lease = QueueOptions.DEFAULT_LEASE;
        try {
            if (metadata.containsKey(META_LEASE)) {
                lease = Duration.parse(metadata.get(META_LEASE));
            }
        } catch (DateTimeParseException e) {
            // A hand-edited value: fall back to the default.
        }
        Optional<DeadLetterPolicy> deadLetter = Optional.empty();
        if (metadata.containsKey(META_DLQ) && metadata.containsKey(META_MAX_DELIVERIES)) {
            try {
                deadLetter = Optional.of(new DeadLetterPolicy(metadata.get(META_DLQ),
                        Integer.parseInt(metadata.get(META_MAX_DELIVERIES))));
            } catch (RuntimeException e) {
                // Ignore a hand-edited, invalid policy.
            }
        }
        return new QueueOptions(lease, false, deadLetter);
    }

    /**
     * Rounds a duration up to whole seconds (Storage Queues' unit).
     *
     * @param d the duration
     * @return whole seconds, at least the duration
     */
    static Duration wholeSeconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while waiting for messages",
                    AzureErrors.PROVIDER, null, e);
        }
    }

    @Override
    public String toString() {
        return "AzureQueueDriver[" + name + "]";
    }
}
