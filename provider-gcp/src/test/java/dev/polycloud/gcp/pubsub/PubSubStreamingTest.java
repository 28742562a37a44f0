package dev.polycloud.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.StreamingPullRequest;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.gcp.internal.GcpSettings;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Managed listeners on Pub/Sub StreamingPull (polycloud.gcp.pubsub.streaming), on the emulator")
class PubSubStreamingTest {

    private static final String STREAMING_PULL = "google.pubsub.v1.Subscriber/StreamingPull";
    private static final String PULL = "google.pubsub.v1.Subscriber/Pull";

    /** Records the subscriber calls made by listeners, and the StreamingPull requests sent. */
    private static final class Spy implements ClientInterceptor {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<StreamingPullRequest> streamRequests = new CopyOnWriteArrayList<>();

        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            calls.add(method.getFullMethodName());
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void sendMessage(Q message) {
                    if (message instanceof StreamingPullRequest r) {
                        streamRequests.add(r);
                    }
                    super.sendMessage(message);
                }
            };
        }

        long count(String method) {
            return calls.stream().filter(method::equals).count();
        }
    }

    private final Spy spy = new Spy();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    /** A cloud on the spied channel; {@code streaming} null leaves the key unset. */
    private Cloud open(Boolean streaming) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(GcpEmulators.get().pubsubHost()).usePlaintext()
                .intercept(spy).build();
        cleanup.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        TransportChannelProvider transport = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        Map<String, String> config = new HashMap<>(GcpEmulators.get().config());
        if (streaming != null) {
            config.put(GcpSettings.PUBSUB_STREAMING, streaming.toString());
        }
        Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().setAll(config).build())
                .customize(SubscriberStubSettings.Builder.class, b -> b.setTransportChannelProvider(transport))
                .open();
        cleanup.add(0, cloud);
        return cloud;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static List<String> send(Queue q, int count) {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> "m-" + i).toList();
        for (int i = 0; i < count; i += Queue.MAX_BATCH) {
            q.sendBatch(bodies.subList(i, Math.min(count, i + Queue.MAX_BATCH)).stream().map(Message::of).toList());
        }
        return bodies;
    }

    private static ListenerOptions.Builder options() {
        return ListenerOptions.builder().lease(Duration.ofSeconds(10)).errorHandler((m, e) -> { });
    }

    @Nested
    @DisplayName("which call receives")
    class Calls {

        @Test
        @DisplayName("a queue listener receives over StreamingPull by default and never calls Pull")
        void queueStreams() throws Exception {
            Cloud cloud = open(null);
            Queue q = cloud.queue(unique("sq")).create();
            cleanup.add(0, q::delete);
            List<String> sent = send(q, 30);
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (Listener listener = q.listen(m -> handled.add(m.bodyAsString()), options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 30, Duration.ofSeconds(30)))
                        .as("all acked, stats %s", listener.stats()).isTrue();
            }
            assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(spy.count(STREAMING_PULL)).as("StreamingPull calls, calls %s", spy.calls).isPositive();
            assertThat(spy.count(PULL)).as("Pull calls").isZero();
        }

        @Test
        @DisplayName("a topic subscription listener streams as well")
        void subscriptionStreams() throws Exception {
            Cloud cloud = open(true);
            Topic topic = cloud.topic(unique("st")).create();
            cleanup.add(0, topic::delete);
            Subscription sub = topic.subscription(unique("ss"));
            sub.create();
            cleanup.add(0, sub::delete);
            topic.publishBatch(List.of(Message.of("a"), Message.of("b"), Message.of("c")));
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (Listener listener = sub.listen(m -> handled.add(m.bodyAsString()), options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 3, Duration.ofSeconds(30)))
                        .as("all acked, stats %s", listener.stats()).isTrue();
            }
            assertThat(handled).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(spy.count(STREAMING_PULL)).isPositive();
            assertThat(spy.count(PULL)).isZero();
        }

        @Test
        @DisplayName("with the key false a listener polls with Pull and opens no stream")
        void keyOff() throws Exception {
            Cloud cloud = open(false);
            Queue q = cloud.queue(unique("pq")).create();
            cleanup.add(0, q::delete);
            send(q, 5);
            try (Listener listener = q.listen(m -> { }, options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 5, Duration.ofSeconds(30))).isTrue();
            }
            assertThat(spy.count(PULL)).isPositive();
            assertThat(spy.count(STREAMING_PULL)).isZero();
        }

        @Test
        @DisplayName("the stream asks for the listener's lease as ack deadline and its limits as flow control")
        void streamSettings() throws Exception {
            Cloud cloud = open(true);
            Queue q = cloud.queue(unique("sq")).create();
            cleanup.add(0, q::delete);
            send(q, 3);
            try (Listener listener = q.listen(m -> { }, options().lease(Duration.ofSeconds(42)).maxInFlight(7)
                    .maxInFlightBytes(5000).build())) {
                assertThat(await(() -> listener.stats().acked() >= 3, Duration.ofSeconds(30))).isTrue();
            }
            StreamingPullRequest first = spy.streamRequests.get(0);
            assertThat(first.getSubscription()).endsWith("/subscriptions/" + PubSubNames.queueId(q.name()));
            assertThat(first.getStreamAckDeadlineSeconds()).isEqualTo(42);
            assertThat(first.getMaxOutstandingMessages()).isEqualTo(7);
            assertThat(first.getMaxOutstandingBytes()).isEqualTo(5000);
        }
    }

    @Nested
    @DisplayName("parking")
    class Parking {

        @Test
        @DisplayName("a message parked after 100 nacks reaches a streaming listener over the parking subscription's stream")
        void parkedMessage() throws Exception {
            Cloud cloud = open(true);
            Queue q = cloud.queue(unique("sq")).create();
            cleanup.add(0, q::delete);
            q.send("poison");
            for (int i = 1; i <= 100; i++) {
                ReceivedMessage m = null;
                for (int tries = 0; m == null && tries < 20; tries++) {
                    List<ReceivedMessage> got = q.receive(1, Duration.ofSeconds(1));
                    m = got.isEmpty() ? null : got.get(0);
                }
                assertThat(m).as("delivery %d", i).isNotNull();
                q.nack(m);
            }
            spy.calls.clear();
            List<Integer> counts = new CopyOnWriteArrayList<>();
            try (Listener listener = q.listen(m -> counts.add(m.deliveryCount()), options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 1, Duration.ofSeconds(30)))
                        .as("acked, stats %s", listener.stats()).isTrue();
            }
            assertThat(counts).containsExactly(101);
            assertThat(spy.count(STREAMING_PULL)).as("a stream each for the queue and its parking").isGreaterThanOrEqualTo(2);
            assertThat(spy.count(PULL)).isZero();
        }
    }

    @Nested
    @DisplayName("stopping")
    class Stopping {

        @Test
        @DisplayName("a stop hands back at once every message pushed that no handler started, though the lease is a minute")
        void stopReleasesPushed() throws Exception {
            Cloud cloud = open(true);
            Duration lease = Duration.ofSeconds(60);
            Queue q = cloud.queue(unique("sq")).create(QueueOptions.builder().defaultLease(lease).build());
            cleanup.add(0, q::delete);
            List<String> sent = send(q, 100);
            Set<String> completed = ConcurrentHashMap.newKeySet();
            Listener listener = q.listen(m -> {
                Thread.sleep(100);
                completed.add(m.bodyAsString());
            }, options().lease(lease).concurrency(2).maxInFlight(40).build());
            assertThat(await(() -> completed.size() >= 6, Duration.ofSeconds(30))).isTrue();
            assertThat(listener.stop(Duration.ofSeconds(30))).isTrue();
            assertThat(listener.stats().inFlight()).isZero();
            assertThat(listener.stats().released()).as("stats %s", listener.stats()).isPositive();
            Set<String> completedAtStop = Set.copyOf(completed);
            // Anything still leased to the closed stream would stay away for the minute-long lease.
            Set<String> rest = new java.util.HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (rest.size() + completedAtStop.size() < sent.size() && System.nanoTime() < deadline) {
                List<ReceivedMessage> got = q.receive(10, Duration.ofMillis(500));
                if (!got.isEmpty()) {
                    q.ack(got);
                    got.forEach(m -> rest.add(m.bodyAsString()));
                }
            }
            assertThat(rest).as("completed messages delivered again").doesNotContainAnyElementsOf(completedAtStop);
            Set<String> all = new java.util.HashSet<>(rest);
            all.addAll(completedAtStop);
            assertThat(all).as("completed or back on the queue within 15 s of a 60 s lease")
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }
}
