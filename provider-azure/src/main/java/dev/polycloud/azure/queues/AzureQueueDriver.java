package dev.polycloud.azure.queues;

import dev.polycloud.azure.internal.AzureErrors;

import com.azure.core.util.Context;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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

    private final String name;
    private final String resource;
    private final Supplier<QueueClient> client;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /**
     * Each update of a message rotates its pop receipt, so an ack, nack or extension of one delivery must not
     * overlap another: an ack that read the receipt while an extension was replacing it would be refused as
     * stale and the message would come back although it was handled. Calls for one receipt take its stripe.
     */
    private final Object[] receiptLocks = new Object[64];
    private volatile QueueOptions cachedOptions;

    /** The current pop receipt of a delivery and when its lease ends (local clock). */
    private record Lease(String messageId, String popReceipt, Instant until) {
    }

    public AzureQueueDriver(String name, Supplier<QueueClient> client, Clock clock) {
        this.name = name;
        this.resource = "queue " + name;
        this.client = client;
        this.clock = clock;
        for (int i = 0; i < receiptLocks.length; i++) {
            receiptLocks[i] = new Object();
        }
    }

    private Object lockOf(String receipt) {
        return receiptLocks[Math.floorMod(receipt == null ? 0 : receipt.hashCode(), receiptLocks.length)];
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
            synchronized (lockOf(receipt)) {
                Lease lease = current(receipt);
                if (lease == null) {
                    continue; // never issued by Azure: acking it is a no-op, as everywhere
                }
                try {
                    client.get().deleteMessage(lease.messageId(), lease.popReceipt());
                } catch (RuntimeException e) {
                    if (!staleReceipt(e)) {
                        throw AzureErrors.map(e, resource);
                    }
                }
                leases.remove(receipt);
            }
        }
    }

    @Override
    public void nack(List<String> receipts) {
        for (String receipt : receipts) {
            synchronized (lockOf(receipt)) {
                Lease lease = current(receipt);
                if (lease == null) {
                    continue; // never issued by Azure: a no-op, as everywhere
                }
                try {
                    client.get().updateMessage(lease.messageId(), lease.popReceipt(), null, Duration.ZERO);
                } catch (RuntimeException e) {
                    if (!staleReceipt(e)) {
                        throw AzureErrors.map(e, resource);
                    }
                }
                // The delivery is over: a later ack or extend with this receipt is stale.
                leases.remove(receipt);
            }
        }
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        synchronized (lockOf(receipt)) {
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
        }
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
    private static boolean staleReceipt(RuntimeException e) {
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
