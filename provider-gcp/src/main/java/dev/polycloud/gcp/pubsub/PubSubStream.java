package dev.polycloud.gcp.pubsub;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import dev.polycloud.CloudException;
import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.spi.StreamingReceiverDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's stream on a Pub/Sub subscription: one bidirectional StreamingPull per subscription
 * read (the main one, and the parking one when the subscription has it), opened with
 * {@code stream_ack_deadline_seconds} equal to the listener's lease (Pub/Sub's 10 to 600 seconds;
 * a shorter lease is set on each message with ModifyAckDeadline right after it arrives, as receive
 * does) and the listener's {@code max_outstanding_messages} and {@code max_outstanding_bytes}.
 * Inbound flow control is manual: one response is asked for at a time, and none while paused.
 *
 * <p>Each response becomes the {@link dev.polycloud.message.ReceivedMessage}s receive would return
 * (same receipts, delivery counts and filter drops), pushed to the observer under one lock, so
 * pushes never overlap. Closing half-closes every StreamingPull, then reads on and nacks
 * (ModifyAckDeadline 0) every message that still arrives until the server ends the stream; a stream
 * the server has not ended {@value #HALF_CLOSE_GRACE_MILLIS} ms later is cancelled (what it still
 * held comes back after its ack deadline, the listener's lease). Acks, nacks and extensions are the
 * receiver's unary calls. The driver never retries; the end of a stream not asked for is reported
 * once, mapped. Thread-safe.
 */
final class PubSubStream implements StreamingReceiverDriver.ReceiveStream {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubStream.class);
    /** How long after half-closing the server may take to end a stream before it is cancelled. */
    static final long HALF_CLOSE_GRACE_MILLIS = 3000;
    private static final int DRAIN_REQUESTS = 1_000_000;

    private final PubSubReceiver receiver;
    private final StreamingReceiverDriver.StreamSettings settings;
    private final StreamingReceiverDriver.StreamObserver observer;
    private final PubSubReceiver.ReceiveSettings receiveSettings;
    private final int streamDeadlineSeconds;
    private final Object deliverLock = new Object();
    private final Object flowLock = new Object();
    private final List<Part> parts = new ArrayList<>();
    private final AtomicBoolean endReported = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private boolean paused;

    private PubSubStream(PubSubReceiver receiver, StreamingReceiverDriver.StreamSettings settings,
                         StreamingReceiverDriver.StreamObserver observer, PubSubReceiver.ReceiveSettings receive) {
        this.receiver = receiver;
        this.settings = settings;
        this.observer = observer;
        this.receiveSettings = receive;
        this.streamDeadlineSeconds = Math.min(600, Math.max(10, PubSubReceiver.seconds(settings.lease())));
    }

    /**
     * Opens the StreamingPulls of a receiver.
     *
     * @param receiver the receiver
     * @param settings the lease and limits
     * @param observer what gets the pushes
     * @param receive the subscription's receive settings
     * @return the open stream
     * @throws CloudException mapped, when a StreamingPull cannot be started
     */
    static PubSubStream open(PubSubReceiver receiver, StreamingReceiverDriver.StreamSettings settings,
                             StreamingReceiverDriver.StreamObserver observer, PubSubReceiver.ReceiveSettings receive) {
        PubSubStream stream = new PubSubStream(receiver, settings, observer, receive);
        stream.parts.add(stream.new Part(receiver.subscriptionId, PubSubReceiver.MAIN));
        receiver.parkingId().ifPresent(p -> stream.parts.add(stream.new Part(p, PubSubReceiver.PARKING)));
        try {
            for (Part p : stream.parts) {
                p.start();
            }
        } catch (RuntimeException e) {
            stream.close();
            throw e instanceof CloudException ce ? ce : GcpErrors.map(e, "receive", receiver.resource);
        }
        return stream;
    }

    @Override
    public void pause() {
        synchronized (flowLock) {
            paused = true;
        }
    }

    @Override
    public void resume() {
        synchronized (flowLock) {
            paused = false;
        }
        parts.forEach(Part::requestMore);
    }

    @Override
    public CompletableFuture<Void> close() {
        synchronized (deliverLock) {
            if (closing) {
                return closed;
            }
            closing = true;
        }
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (Part p : parts) {
            p.shutdown();
            ended.add(p.ended.thenCompose(v -> CompletableFuture.allOf(
                    p.lateNacks.toArray(CompletableFuture[]::new))).handle((v, e) -> null));
        }
        CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> closed.complete(null));
        return closed;
    }

    private void reportEnd(Optional<CloudException> error) {
        if (!closing && endReported.compareAndSet(false, true)) {
            observer.onEnd(error);
        }
    }

    /** One StreamingPull. */
    private final class Part implements ResponseObserver<StreamingPullResponse> {
        final String id;
        final char kind;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final List<CompletableFuture<Void>> lateNacks = new CopyOnWriteArrayList<>();
        private volatile StreamController controller;
        private volatile ClientStream<StreamingPullRequest> requests;
        private boolean requested;

        Part(String id, char kind) {
            this.id = id;
            this.kind = kind;
        }

        void start() {
            requests = receiver.clients.subscriber().streamingPullCallable().splitCall(this,
                    GrpcCallContext.createDefault());
            requests.send(StreamingPullRequest.newBuilder().setSubscription(receiver.path(id))
                    .setStreamAckDeadlineSeconds(streamDeadlineSeconds)
                    .setMaxOutstandingMessages(settings.maxOutstandingMessages())
                    .setMaxOutstandingBytes(settings.maxOutstandingBytes())
                    .setClientId(UUID.randomUUID().toString())
                    .build());
            requestMore();
        }

        @Override
        public void onStart(StreamController controller) {
            controller.disableAutoInboundFlowControl();
            this.controller = controller;
        }

        /** Asks for the next response unless one is asked for already, the stream is paused, or closing. */
        void requestMore() {
            StreamController c = controller;
            if (c == null || closing || ended.isDone()) {
                return;
            }
            synchronized (flowLock) {
                if (paused || requested) {
                    return;
                }
                requested = true;
            }
            c.request(1);
        }

        @Override
        public void onResponse(StreamingPullResponse response) {
            long at = System.currentTimeMillis();
            synchronized (flowLock) {
                requested = false;
            }
            List<com.google.pubsub.v1.ReceivedMessage> got = response.getReceivedMessagesList();
            synchronized (deliverLock) {
                if (closing) {
                    nackLate(got);
                    return;
                }
                if (!got.isEmpty()) {
                    PubSubReceiver.Accepted a = receiver.sort(id, kind, got, settings.lease(), at, receiveSettings);
                    int seconds = PubSubReceiver.seconds(settings.lease());
                    if (!a.keep().isEmpty() && seconds != streamDeadlineSeconds) {
                        quietly(receiver.modifyAsync(id, a.keep(), seconds, "receive"));
                    }
                    if (!a.drop().isEmpty()) {
                        quietly(receiver.acknowledgeAsync(id, a.drop()));
                    }
                    if (!a.messages().isEmpty()) {
                        observer.onMessages(a.messages());
                    }
                }
            }
            requestMore();
        }

        private void nackLate(List<com.google.pubsub.v1.ReceivedMessage> got) {
            if (got.isEmpty()) {
                return;
            }
            List<String> ackIds = got.stream().map(com.google.pubsub.v1.ReceivedMessage::getAckId).toList();
            lateNacks.add(receiver.modifyAsync(id, ackIds, 0, "nack").handle((v, e) -> {
                if (e != null) {
                    LOG.warn("Could not release {} message(s) that reached the closing stream of {}; they come back"
                            + " after their ack deadline: {}", ackIds.size(), receiver.resource, e.toString());
                }
                return null;
            }));
            LOG.debug("Released {} message(s) that reached the closing stream of {}", ackIds.size(), receiver.resource);
        }

        private void quietly(CompletableFuture<Void> call) {
            call.whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("A lease setting or filter drop on {} failed (the message comes back after its ack"
                            + " deadline): {}", receiver.resource, e.toString());
                }
            });
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(null);
            if (!closing) {
                CloudException mapped = t instanceof CloudException ce ? ce : GcpErrors.map(t, "receive",
                        receiver.resource);
                reportEnd(Optional.of(mapped));
            }
        }

        @Override
        public void onComplete() {
            ended.complete(null);
            reportEnd(Optional.empty());
        }

        /** Half-closes, then reads on (nacking) until the server ends the stream or the grace runs out. */
        void shutdown() {
            ClientStream<StreamingPullRequest> r = requests;
            StreamController c = controller;
            if (r == null || ended.isDone()) {
                ended.complete(null);
                return;
            }
            try {
                r.closeSend();
            } catch (RuntimeException e) {
                LOG.debug("Half-closing the stream of {} failed: {}", receiver.resource, e.toString());
            }
            if (c != null) {
                c.request(DRAIN_REQUESTS);
            }
            CompletableFuture.delayedExecutor(HALF_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
                if (!ended.isDone()) {
                    LOG.debug("The stream of {} did not end {} ms after half-closing; cancelling it",
                            receiver.resource, HALF_CLOSE_GRACE_MILLIS);
                    StreamController cc = controller;
                    if (cc != null) {
                        cc.cancel();
                    }
                    ended.complete(null);
                }
            });
        }
    }
}
