package dev.polycloud.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.queue.Queue;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Vendor clients shaped by the user (issue 10 §3), on Azurite")
class ClientCustomizationTest {

    @Test
    @DisplayName("a pipeline policy added with customize sees the drivers' calls, and unwrap returns that very client")
    void policySeesTheDriversCalls() {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpPipelinePolicy spy = (context, next) -> {
            seen.add(context.getHttpRequest().getHttpMethod() + " " + context.getHttpRequest().getUrl().getPath());
            return next.process();
        };
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toLowerCase(Locale.ROOT);
        PolycloudConfig config = PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", Azurite.shared().connectionString()).build();
        try (Cloud cloud = Polycloud.builder().config(config)
                .customize(QueueServiceClientBuilder.class, b -> b.addPolicy(spy))
                .customize(TableServiceClientBuilder.class, b -> b.addPolicy(spy))
                .open()) {
            Queue queue = cloud.queue("custom-" + suffix);
            queue.create();
            queue.send("hello");
            assertThat(seen).anyMatch(call -> call.startsWith("PUT ") && call.endsWith("/custom-" + suffix));
            assertThat(seen).anyMatch(call -> call.startsWith("POST ") && call.contains("/custom-" + suffix + "/messages"));
            int before = seen.size();
            assertThat(cloud.table("custom" + suffix.replace("-", "")).exists()).isFalse();
            assertThat(seen.size()).as("the table driver's call went through the customised table client")
                    .isGreaterThan(before);

            QueueServiceClient unwrapped = cloud.unwrap(QueueServiceClient.class);
            assertThat(IntStream.range(0, unwrapped.getHttpPipeline().getPolicyCount())
                    .mapToObj(i -> unwrapped.getHttpPipeline().getPolicy(i))).contains(spy);
            queue.delete();
        }
    }
}
