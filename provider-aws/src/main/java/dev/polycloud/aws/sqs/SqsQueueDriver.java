package dev.polycloud.aws.sqs;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.MessageCodec;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.QueueDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * A portable queue on SQS. The portable name is the SQS queue name, with {@code .fifo} appended
 * for FIFO queues; the driver finds the queue under either name.
 *
 * <p>The portable options live in native queue attributes, so {@link #options()} reads them back
 * from any process: the default lease is {@code VisibilityTimeout} (whole seconds, rounded up),
 * {@code fifo} is {@code FifoQueue}, the dead-letter policy is the {@code RedrivePolicy}
 * ({@code maxReceiveCount} = {@code maxDeliveries}). Creating an existing queue with the same
 * options does nothing; with other options it is {@link ErrorCode#ALREADY_EXISTS}.
 *
 * <p>Sends use {@code SendMessageBatch}, split further so that no request exceeds SQS's 256 KiB
 * total, each request sent once; entries that fail are reported per entry (see {@link #send(List)}),
 * and the portable layer resends those that failed on the server side. FIFO messages without an ordering group go to the group
 * {@value SqsReceiverDriver#DEFAULT_GROUP} (reported back as no group), and without a deduplication
 * id get a random one (no content-based deduplication). SQS FIFO queues take no per-message
 * delay, so a delayed message to a FIFO queue is {@link ErrorCode#UNIMPLEMENTED}. Note that AWS
 * refuses to re-create a queue name within 60 seconds of deleting it.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class SqsQueueDriver extends SqsReceiverDriver implements QueueDriver {

    /** SQS's limit on one message and on one batch request, in bytes. */
    public static final int MAX_REQUEST_BYTES = 262_144;

    private final String name;

    public SqsQueueDriver(AwsClients clients, String name) {
        super(clients, "queue " + name);
        this.name = name;
    }

    @Override
    protected List<String> candidateNames() {
        return List.of(name, name + FIFO_SUFFIX);
    }

    @Override
    protected String missingMessage() {
        return "Queue '" + name + "' does not exist";
    }

    @Override
    public void create(QueueOptions options) {
        QueueOptions wanted = normalize(options);
        Optional<QueueRef> existing = find();
        if (existing.isPresent()) {
            QueueOptions current = read(existing.get()).orElse(null);
            if (current != null) {
                if (!current.equals(wanted)) {
                    throw new CloudException(ErrorCode.ALREADY_EXISTS, "Queue '" + name
                            + "' already exists with other options: " + current, AwsErrors.PROVIDER, resource, null);
                }
                return;
            }
        }
        String nativeName = options.fifo() ? name + FIFO_SUFFIX : name;
        int lease = ceilSeconds(options.defaultLease());
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(lease));
        if (options.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        options.deadLetter().ifPresent(p -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                DeadLetters.redrivePolicy(clients, resource, p, options.fifo())));
        String url = AwsErrors.call(resource, "CreateQueue", () -> sqs().createQueue(b -> b.queueName(nativeName)
                .attributes(attributes)).queueUrl());
        remember(new QueueRef(nativeName, url, options.fifo()), lease);
    }

    /**
     * The options as SQS stores them: the lease in whole seconds, rounded up.
     *
     * @param options the options asked for
     * @return the options as they will read back
     */
    static QueueOptions normalize(QueueOptions options) {
        return new QueueOptions(Duration.ofSeconds(ceilSeconds(options.defaultLease())), options.fifo(),
                options.deadLetter());
    }

    @Override
    public void delete() {
        onQueue("DeleteQueue", r -> sqs().deleteQueue(b -> b.queueUrl(r.url())));
        forget();
    }

    @Override
    public Optional<QueueOptions> options() {
        Optional<QueueRef> ref = find();
        return ref.isEmpty() ? Optional.empty() : read(ref.get());
    }

    private Optional<QueueOptions> read(QueueRef ref) {
        Map<String, String> attributes;
        try {
            attributes = attributes(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY,
                    QueueAttributeName.FIFO_QUEUE);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        int lease = Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), "30"));
        boolean fifo = ref.fifo() || "true".equalsIgnoreCase(attributes.get(QueueAttributeName.FIFO_QUEUE.toString()));
        return Optional.of(new QueueOptions(Duration.ofSeconds(Math.max(1, lease)), fifo,
                DeadLetters.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY.toString()), resource)));
    }

    /**
     * One {@code SendMessageBatch} per request of at most 10 entries and 256 KiB, each sent once. Entries
     * SQS failed are failed entries (the sender's fault: a non-retryable code; a server fault: retryable);
     * when a request throws after earlier ones succeeded, its entries and the unsent ones fail with that
     * error, so nothing sent is sent twice by the portable retry.
     */
    @Override
    public BatchOutcome<String> send(List<Message> messages) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        List<List<SendMessageBatchRequestEntry>> requests = prepareSend(messages, entries);
        BatchOutcome.Builder<String> outcome = BatchOutcome.builder(entries.size());
        int sent = 0;
        for (List<SendMessageBatchRequestEntry> request : requests) {
            SendMessageBatchResponse response;
            try {
                response = onQueue("SendMessageBatch", r -> sqs().sendMessageBatch(b -> b.queueUrl(r.url())
                        .entries(request)));
            } catch (CloudException e) {
                if (sent == 0) {
                    throw e;
                }
                failRest(outcome, sent, entries.size(), e);
                return outcome.build();
            }
            settleSend(response, outcome);
            sent += request.size();
        }
        return outcome.build();
    }

    /**
     * The send on {@link software.amazon.awssdk.services.sqs.SqsAsyncClient}: the same requests and
     * outcome as {@link #send(List)}, requests one after another, each sent once.
     */
    @Override
    public CompletableFuture<BatchOutcome<String>> sendAsync(List<Message> messages) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        List<List<SendMessageBatchRequestEntry>> requests;
        try {
            requests = prepareSend(messages, entries);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        BatchOutcome.Builder<String> outcome = BatchOutcome.builder(entries.size());
        return sendFrom(requests, 0, 0, entries.size(), outcome).thenApply(v -> outcome.build());
    }

    private CompletableFuture<Void> sendFrom(List<List<SendMessageBatchRequestEntry>> requests, int index, int sent,
                                             int total, BatchOutcome.Builder<String> outcome) {
        if (index == requests.size()) {
            return CompletableFuture.completedFuture(null);
        }
        List<SendMessageBatchRequestEntry> request = requests.get(index);
        return onQueueAsync("SendMessageBatch", r -> clients.sqsAsync().sendMessageBatch(b -> b
                .queueUrl(r.url()).entries(request)))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error;
                        if (sent == 0 || !(cause instanceof CloudException e)) {
                            return CompletableFuture.<Void>failedFuture(cause);
                        }
                        failRest(outcome, sent, total, e);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    settleSend(response, outcome);
                    return sendFrom(requests, index + 1, sent + request.size(), total, outcome);
                })
                .thenCompose(f -> f);
    }

    /** Fails the entries from {@code from} on (a request that threw, and those not sent). */
    private static void failRest(BatchOutcome.Builder<String> outcome, int from, int total, CloudException e) {
        for (int i = from; i < total; i++) {
            outcome.failure(i, e);
        }
    }

    /** Builds the entries (into {@code entries}) and splits them into requests within SQS's limits. */
    private List<List<SendMessageBatchRequestEntry>> prepareSend(List<Message> messages,
                                                               List<SendMessageBatchRequestEntry> entries) {
        QueueRef ref = ref();
        List<Integer> sizes = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String body = MessageCodec.encodeBody(m.body());
            SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .messageBody(body)
                    .messageAttributes(MessageCodec.sqsAttributes(m.attributes()));
            int delay = m.delay().map(SqsReceiverDriver::ceilSeconds).orElse(0);
            if (delay > 0) {
                if (ref.fifo()) {
                    throw new CloudException(ErrorCode.UNIMPLEMENTED, "SQS FIFO queues take no per-message delay"
                            + " (queue '" + name + "' is FIFO)", AwsErrors.PROVIDER, resource, null);
                }
                entry.delaySeconds(delay);
            }
            if (ref.fifo()) {
                entry.messageGroupId(m.orderingGroup().orElse(DEFAULT_GROUP));
                entry.messageDeduplicationId(m.deduplicationId().orElseGet(() -> UUID.randomUUID().toString()));
            } else if (m.orderingGroup().isPresent() || m.deduplicationId().isPresent()) {
                throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Ordering groups and deduplication ids need a"
                        + " FIFO queue; queue '" + name + "' is a standard queue", AwsErrors.PROVIDER, resource, null);
            }
            entries.add(entry.build());
            sizes.add(MessageCodec.nativeSize(body, m.attributes()));
        }
        return chunks(entries, sizes);
    }

    /** Records the outcome of each entry a SendMessageBatch answered (entry ids are "m" + index). */
    private void settleSend(SendMessageBatchResponse response, BatchOutcome.Builder<String> outcome) {
        for (SendMessageBatchResultEntry ok : response.successful()) {
            outcome.success(index(ok.id()), ok.messageId());
        }
        for (BatchResultErrorEntry f : response.failed()) {
            boolean senderFault = Boolean.TRUE.equals(f.senderFault());
            ErrorCode code = AwsErrors.codeFor(f.code(), senderFault ? 400 : 503, false);
            outcome.failure(index(f.id()), new CloudException(code, "SendMessageBatch on " + resource
                    + " failed for a message: " + f.code() + ": " + f.message(), AwsErrors.PROVIDER, resource, null));
        }
    }

    private static int index(String entryId) {
        return Integer.parseInt(entryId.substring(1));
    }

    private static List<List<SendMessageBatchRequestEntry>> chunks(List<SendMessageBatchRequestEntry> entries,
                                                                   List<Integer> sizes) {
        List<List<SendMessageBatchRequestEntry>> chunks = new ArrayList<>();
        List<SendMessageBatchRequestEntry> current = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            int size = sizes.get(i);
            if (!current.isEmpty() && (bytes + size > MAX_REQUEST_BYTES || current.size() == 10)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entries.get(i));
            bytes += size;
        }
        chunks.add(current);
        return chunks;
    }

    @Override
    public long approximateDepth() {
        Map<String, String> a = attributes(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
        long depth = 0;
        for (String v : a.values()) {
            try {
                depth += Long.parseLong(v);
            } catch (NumberFormatException e) {
                // an attribute SQS did not fill: count nothing for it
            }
        }
        return depth;
    }

    @Override
    public String toString() {
        return "SqsQueueDriver[" + name + "]";
    }
}
