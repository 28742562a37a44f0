package dev.polycloud.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.PublisherStubSettings;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.topic.Topic;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Vendor clients shaped by the user (issue 10 §3), on the Pub/Sub emulator")
class ClientCustomizationTest {

    /** Records the full method name of every call on the channel. */
    private static final class Spy implements ClientInterceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            seen.add(method.getFullMethodName());
            return next.newCall(method, options);
        }
    }

    @Test
    @DisplayName("a transport with a gRPC interceptor given with customize carries the drivers' calls, and unwrap returns that very client")
    void interceptorSeesTheDriversCalls() throws InterruptedException {
        Spy spy = new Spy();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(GcpEmulators.get().pubsubHost()).usePlaintext()
                .intercept(spy).build();
        TransportChannelProvider transport = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toLowerCase(Locale.ROOT);
        try (Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().setAll(GcpEmulators.get().config()).build())
                .customize(TopicAdminSettings.Builder.class, b -> b.setTransportChannelProvider(transport))
                .customize(PublisherStubSettings.Builder.class, b -> b.setTransportChannelProvider(transport))
                .open()) {
            Topic topic = cloud.topic("custom-" + suffix);
            topic.create();
            topic.publish("hello");
            assertThat(spy.seen).contains("google.pubsub.v1.Publisher/CreateTopic", "google.pubsub.v1.Publisher/Publish");

            TopicAdminClient unwrapped = cloud.unwrap(TopicAdminClient.class);
            assertThat(unwrapped.getSettings().getTransportChannelProvider()).isSameAs(transport);
            spy.seen.clear();
            topic.delete();
            assertThat(spy.seen).contains("google.pubsub.v1.Publisher/DeleteTopic");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
