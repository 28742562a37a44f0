package dev.polycloud.aws.sqs;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.MessageCodec;
import dev.polycloud.aws.lambda.LambdaDestinations;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.ReceiverDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The receiving side shared by SQS queues and the SQS queues behind SNS subscriptions: long-poll
 * receive with the visibility timeout as lease, {@code DeleteMessageBatch} for ack,
 * {@code ChangeMessageVisibility} for nack (to 0) and lease extension.
 *
 * <p><b>Leases.</b> The portable contract says an ack or nack after the lease ended does nothing and
 * an extension after it fails with {@link ErrorCode#PRECONDITION_FAILED}. SQS itself answers
 * {@code MessageNotInflight} or {@code ReceiptHandleIsInvalid} in most such cases, but not in all
 * (and emulators accept stale receipt handles). So each driver also remembers what it knows for
 * certain about the receipts it handed out (see {@link LeaseTracker}): a receipt whose lease has
 * certainly ended is not sent to SQS — ack and nack skip it, extend fails. Receipts this driver
 * did not hand out, or whose lease may still run, go to SQS, which decides.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public abstract class SqsReceiverDriver implements ReceiverDriver {

    /** The FIFO suffix of SQS queue names. */
    public static final String FIFO_SUFFIX = ".fifo";
    /** The group given to messages sent to a FIFO queue without an ordering group. */
    static final String DEFAULT_GROUP = "polycloud-default";

    private static final Set<String> STALE_RECEIPT_CODES = Set.of("ReceiptHandleIsInvalid", "InvalidReceiptHandle",
            "MessageNotInflight", "InvalidParameterValue");

    /** The clients. */
    protected final AwsClients clients;
    /** The resource description, for example {@code "queue orders"}. */
    protected final String resource;

    private final LeaseTracker leases = new LeaseTracker();
    private volatile QueueRef ref;
    private volatile Integer defaultLeaseSeconds;

    /**
     * A resolved SQS queue.
     *
     * @param name the native queue name
     * @param url the queue URL
     * @param fifo whether it is a FIFO queue
     */
    public record QueueRef(String name, String url, boolean fifo) {
    }

    public SqsReceiverDriver(AwsClients clients, String resource) {
        this.clients = clients;
        this.resource = resource;
    }

    /**
     * The native names the queue may have, most likely first.
     *
     * @return the candidates
     */
    protected abstract List<String> candidateNames();

    /**
     * The message of the NOT_FOUND error when no candidate exists.
     *
     * @return the message
     */
    protected abstract String missingMessage();

    public final SqsClient sqs() {
        return clients.sqs();
    }

    /**
     * The queue, resolved once and then cached until an operation finds it gone.
     *
     * @return the queue
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    final QueueRef ref() {
        QueueRef r = ref;
        if (r == null) {
            r = find().orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, missingMessage(),
                    AwsErrors.PROVIDER, resource, null));
        }
        return r;
    }

    /**
     * Looks the queue up under each candidate name.
     *
     * @return the queue, or empty
     */
    public final Optional<QueueRef> find() {
        QueueRef cached = ref;
        if (cached != null) {
            return Optional.of(cached);
        }
        for (String name : candidateNames()) {
            Optional<QueueRef> found = lookUp(clients, resource, name);
            if (found.isPresent()) {
                ref = found.get();
                return found;
            }
        }
        return Optional.empty();
    }

    public static Optional<QueueRef> lookUp(AwsClients clients, String resource, String name) {
        try {
            String url = AwsErrors.call(resource, "GetQueueUrl",
                    () -> clients.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl());
            return Optional.of(new QueueRef(name, url, name.endsWith(FIFO_SUFFIX)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Forgets the resolved queue (after it was deleted or found missing). */
    /**
     * Whether the backing queue exists: found by name and still answering (a queue deleted
     * elsewhere may stay cached until its first call fails).
     *
     * @return true if it exists
     */
    public final boolean exists() {
        if (find().isEmpty()) {
            return false;
        }
        try {
            attributes(QueueAttributeName.VISIBILITY_TIMEOUT);
            return true;
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return find().isPresent();
            }
            throw e;
        }
    }

    public final void forget() {
        ref = null;
        defaultLeaseSeconds = null;
    }

    /**
     * Remembers a queue just created.
     *
     * @param created the queue
     * @param leaseSeconds its visibility timeout
     */
    public final void remember(QueueRef created, int leaseSeconds) {
        ref = created;
        defaultLeaseSeconds = leaseSeconds;
    }

    /**
     * Runs an SQS call on the queue, mapping errors and forgetting the queue when it is gone.
     *
     * @param operation the operation name
     * @param call the call, given the queue
     * @param <T> the result type
     * @return the result
     */
    public final <T> T onQueue(String operation, Function<QueueRef, T> call) {
        QueueRef r = ref();
        try {
            return AwsErrors.call(resource, operation, () -> call.apply(r));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                forget();
                throw new CloudException(ErrorCode.NOT_FOUND, missingMessage(), AwsErrors.PROVIDER, resource, e);
            }
            throw e;
        }
    }

    /**
     * Reads queue attributes.
     *
     * @param names the attributes
     * @return name to value
     */
    public final Map<String, String> attributes(QueueAttributeName... names) {
        return onQueue("GetQueueAttributes", r -> sqs().getQueueAttributes(b -> b.queueUrl(r.url())
                .attributeNames(names)).attributesAsStrings());
    }

    private int defaultLeaseSeconds() {
        Integer seconds = defaultLeaseSeconds;
        if (seconds == null) {
            seconds = Integer.valueOf(attributes(QueueAttributeName.VISIBILITY_TIMEOUT)
                    .getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), "30"));
            defaultLeaseSeconds = seconds;
        }
        return seconds;
    }

    /**
     * Whole seconds, rounded up: SQS counts leases and delays in seconds, and a little more lease
     * or delay than asked is safe where less is not.
     *
     * @param d the duration
     * @return the seconds
     */
    public static int ceilSeconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
        int leaseSeconds = lease.map(SqsReceiverDriver::ceilSeconds).orElseGet(this::defaultLeaseSeconds);
        List<Message> messages = onQueue("ReceiveMessage",
                r -> sqs().receiveMessage(receiveRequest(r, maxMessages, wait, leaseSeconds, clients.settings().timeout())).messages());
        return toReceived(messages, leaseSeconds);
    }

    /** The receive on {@link SqsAsyncClient}: the same request and mapping as {@link #receive}. */
    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration wait,
                                                                 Optional<Duration> lease) {
        int leaseSeconds;
        try {
            leaseSeconds = lease.map(SqsReceiverDriver::ceilSeconds).orElseGet(this::defaultLeaseSeconds);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onQueueAsync("ReceiveMessage", r -> clients.sqsAsync()
                .receiveMessage(receiveRequest(r, maxMessages, wait, leaseSeconds, clients.settings().timeout())))
                .thenApply(response -> toReceived(response.messages(), leaseSeconds));
    }

    /**
     * The receive request. Its call timeout is {@code polycloud.timeout} plus the long-poll wait (the SQS
     * clients bound every other call by {@code polycloud.timeout} alone).
     */
    private static ReceiveMessageRequest receiveRequest(QueueRef r, int maxMessages, Duration wait, int leaseSeconds,
                                                        Duration timeout) {
        int waitSeconds = Math.min(20, ceilSeconds(wait));
        return ReceiveMessageRequest.builder().queueUrl(r.url())
                .overrideConfiguration(o -> o.apiCallTimeout(timeout.plusSeconds(waitSeconds)))
                .maxNumberOfMessages(Math.min(10, maxMessages))
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout(leaseSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.MESSAGE_GROUP_ID)
                .messageAttributeNames("All")
                .build();
    }

    private List<ReceivedMessage> toReceived(List<Message> messages, int leaseSeconds) {
        long leaseEnd = leases.now() + Duration.ofSeconds(leaseSeconds).toNanos();
        List<ReceivedMessage> result = new ArrayList<>(messages.size());
        for (Message m : messages) {
            Map<String, String> system = m.attributesAsStrings();
            String group = system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString());
            MessageAttributeValue portableId = m.messageAttributes().get(MessageCodec.ID_ATTRIBUTE);
            byte[] body = null;
            Map<String, String> attributes = null;
            if (m.messageAttributes().isEmpty()) {
                var record = LambdaDestinations.portable(m.body());
                if (record.isPresent()) {
                    body = record.get().getKey();
                    attributes = record.get().getValue();
                }
            }
            result.add(new ReceivedMessage(
                    portableId != null && portableId.stringValue() != null ? portableId.stringValue() : m.messageId(),
                    body != null ? body : MessageCodec.decodeBody(m.body()),
                    attributes != null ? attributes : MessageCodec.portableAttributes(m.messageAttributes()),
                    parseInt(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT.toString()), 1),
                    sentAt(system.get(MessageSystemAttributeName.SENT_TIMESTAMP.toString())),
                    Optional.ofNullable(group).filter(g -> !g.equals(DEFAULT_GROUP)),
                    m.receiptHandle()));
            leases.delivered(m.messageId(), m.receiptHandle(), leaseEnd);
        }
        return result;
    }

    /**
     * Runs an {@link SqsAsyncClient} call on the queue: the asynchronous twin of {@link #onQueue},
     * with the same error mapping. Resolving the queue's URL the first time is a blocking call;
     * it is cached afterwards.
     *
     * @param operation the operation name
     * @param call starts the call, given the queue
     * @param <T> the result type
     * @return the result, or a mapped {@link CloudException}
     */
    final <T> CompletableFuture<T> onQueueAsync(String operation, Function<QueueRef, CompletableFuture<T>> call) {
        QueueRef r;
        try {
            r = ref();
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return AwsErrors.callAsync(resource, operation, () -> call.apply(r), mapped -> {
            if (mapped.code() != ErrorCode.NOT_FOUND) {
                return mapped;
            }
            forget();
            return new CloudException(ErrorCode.NOT_FOUND, missingMessage(), AwsErrors.PROVIDER, resource, mapped);
        });
    }

    @Override
    public void ack(List<String> receipts) {
        List<String> live = live(receipts);
        if (live.isEmpty()) {
            ref();
            return;
        }
        DeleteMessageBatchResponse response = onQueue("DeleteMessageBatch",
                r -> sqs().deleteMessageBatch(deleteRequest(r, live)));
        live.forEach(leases::finished);
        throwUnlessStale("DeleteMessageBatch", response.failed());
    }

    /** The ack on {@link SqsAsyncClient}: the same request and outcome as {@link #ack}. */
    @Override
    public CompletableFuture<Void> ackAsync(List<String> receipts) {
        List<String> live = live(receipts);
        if (live.isEmpty()) {
            return onQueueAsync("DeleteMessageBatch", r -> CompletableFuture.completedFuture(null));
        }
        return onQueueAsync("DeleteMessageBatch", r -> clients.sqsAsync().deleteMessageBatch(deleteRequest(r, live)))
                .thenAccept(response -> {
                    live.forEach(leases::finished);
                    throwUnlessStale("DeleteMessageBatch", response.failed());
                });
    }

    private static DeleteMessageBatchRequest deleteRequest(QueueRef r, List<String> live) {
        return DeleteMessageBatchRequest.builder().queueUrl(r.url())
                .entries(entries(live, (id, receipt) -> DeleteMessageBatchRequestEntry.builder().id(id)
                        .receiptHandle(receipt).build()))
                .build();
    }

    @Override
    public void nack(List<String> receipts) {
        List<String> live = live(receipts);
        if (live.isEmpty()) {
            ref();
            return;
        }
        ChangeMessageVisibilityBatchResponse response = onQueue("ChangeMessageVisibilityBatch",
                r -> sqs().changeMessageVisibilityBatch(releaseRequest(r, live)));
        live.forEach(leases::finished);
        throwUnlessStale("ChangeMessageVisibilityBatch", response.failed());
    }

    /** The nack on {@link SqsAsyncClient}: the same request and outcome as {@link #nack}. */
    @Override
    public CompletableFuture<Void> nackAsync(List<String> receipts) {
        List<String> live = live(receipts);
        if (live.isEmpty()) {
            return onQueueAsync("ChangeMessageVisibilityBatch", r -> CompletableFuture.completedFuture(null));
        }
        return onQueueAsync("ChangeMessageVisibilityBatch",
                r -> clients.sqsAsync().changeMessageVisibilityBatch(releaseRequest(r, live)))
                .thenAccept(response -> {
                    live.forEach(leases::finished);
                    throwUnlessStale("ChangeMessageVisibilityBatch", response.failed());
                });
    }

    private static ChangeMessageVisibilityBatchRequest releaseRequest(QueueRef r, List<String> live) {
        return ChangeMessageVisibilityBatchRequest.builder().queueUrl(r.url())
                .entries(entries(live, (id, receipt) -> ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(id).receiptHandle(receipt).visibilityTimeout(0).build()))
                .build();
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        if (leases.ended(receipt)) {
            throw leaseLost(null);
        }
        int seconds = ceilSeconds(lease);
        try {
            onQueue("ChangeMessageVisibility", r -> sqs().changeMessageVisibility(b -> b.queueUrl(r.url())
                    .receiptHandle(receipt).visibilityTimeout(seconds)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.PRECONDITION_FAILED || isExpiredReceipt(e)) {
                leases.finished(receipt);
                throw leaseLost(e);
            }
            throw e;
        }
        leases.extended(receipt, leases.now() + Duration.ofSeconds(seconds).toNanos());
    }

    private CloudException leaseLost(Throwable cause) {
        return new CloudException(ErrorCode.PRECONDITION_FAILED,
                "The lease on this message was lost (it ran out, or the message was acked or nacked): it will be"
                        + " delivered again", AwsErrors.PROVIDER, resource, cause);
    }

    private static boolean isExpiredReceipt(CloudException e) {
        return e.code() == ErrorCode.INVALID_ARGUMENT && mentionsReceipt(e.getMessage());
    }

    private void throwUnlessStale(String operation, List<BatchResultErrorEntry> failed) {
        for (BatchResultErrorEntry f : failed) {
            String code = f.code() == null ? "" : AwsErrors.normalize(f.code());
            boolean stale = STALE_RECEIPT_CODES.contains(code)
                    && (!code.equals("InvalidParameterValue") || mentionsReceipt(f.message()));
            if (!stale) {
                ErrorCode mapped = AwsErrors.codeFor(code, Boolean.TRUE.equals(f.senderFault()) ? 400 : 500, false);
                throw new CloudException(mapped, operation + " on " + resource + " failed: " + code + ": "
                        + f.message(), AwsErrors.PROVIDER, resource, null);
            }
        }
    }

    private static boolean mentionsReceipt(String message) {
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("receipt handle");
    }

    private List<String> live(List<String> receipts) {
        List<String> live = new ArrayList<>();
        for (String receipt : new LinkedHashSet<>(receipts)) {
            if (!leases.ended(receipt)) {
                live.add(receipt);
            }
        }
        return live;
    }

    private static <E> List<E> entries(List<String> receipts, java.util.function.BiFunction<String, String, E> entry) {
        List<E> list = new ArrayList<>(receipts.size());
        for (int i = 0; i < receipts.size(); i++) {
            list.add(entry.apply("r" + i, receipts.get(i)));
        }
        return list;
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Instant sentAt(String millis) {
        try {
            return millis == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return Instant.now();
        }
    }
}
