package dev.polycloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.queue.Queue;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

@DisplayName("Vendor clients shaped by the user (issue 10 §3), on moto")
class ClientCustomizationTest {

    /** Records the operation name of every call the client makes. */
    private static final class Spy implements ExecutionInterceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            seen.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    @Test
    @DisplayName("an execution interceptor added with customize sees the drivers' calls, and unwrap returns that very client")
    void interceptorSeesTheDriversCalls() {
        Spy spy = new Spy();
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toLowerCase(Locale.ROOT);
        PolycloudConfig config = PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", MotoServer.shared().endpoint().toString())
                .set("polycloud.aws.region", "us-east-1").set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test").build();
        try (Cloud cloud = Polycloud.builder().config(config)
                .customize(SqsClientBuilder.class, b -> b.overrideConfiguration(
                        b.overrideConfiguration().toBuilder().addExecutionInterceptor(spy).build()))
                .customize(DynamoDbClientBuilder.class, b -> b.overrideConfiguration(
                        b.overrideConfiguration().toBuilder().addExecutionInterceptor(spy).build()))
                .open()) {
            Queue queue = cloud.queue("custom-" + suffix);
            queue.create();
            queue.send("hello");
            assertThat(spy.seen).contains("CreateQueue").anyMatch(op -> op.startsWith("SendMessage"));
            assertThat(cloud.table("custom-" + suffix).exists()).isFalse();
            assertThat(spy.seen).contains("DescribeTable");

            SqsClient unwrapped = cloud.unwrap(SqsClient.class);
            assertThat(unwrapped.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
                    .contains(spy);
            spy.seen.clear();
            queue.delete();
            assertThat(spy.seen).as("the driver's calls after unwrap go through the same client").isNotEmpty();
        }
    }
}
