package dev.polycloud.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("@PolycloudListener methods")
class PolycloudListenerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PolycloudAutoConfiguration.class));

    static class Inbox {
        final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        final BlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();

        @PolycloudListener(value = "inbox", create = true)
        void onBody(String body) {
            bodies.add(body);
        }

        @PolycloudListener(value = "raw-inbox", create = true, concurrency = 1)
        void onMessage(ReceivedMessage message) {
            messages.add(message);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InboxConfig {
        @Bean
        Inbox inbox() {
            return new Inbox();
        }
    }

    static class Wrong {
        @PolycloudListener("inbox")
        void twoParameters(String a, String b) {
        }
    }

    @Test
    @DisplayName("receive the queue's messages as a String body or a ReceivedMessage, and the handled ones are acked")
    void receive() {
        runner.withUserConfiguration(InboxConfig.class).run(context -> {
            Cloud cloud = context.getBean(Cloud.class);
            Inbox inbox = context.getBean(Inbox.class);
            cloud.queue("inbox").send("hello");
            cloud.queue("raw-inbox").send("raw");
            assertThat(inbox.bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            ReceivedMessage raw = inbox.messages.poll(10, TimeUnit.SECONDS);
            assertThat(raw).isNotNull();
            assertThat(raw.bodyAsString()).isEqualTo("raw");
            Thread.sleep(300);
            assertThat(cloud.queue("inbox").receive(1, Duration.ZERO)).isEmpty();
        });
    }

    @Test
    @DisplayName("with another signature fail startup with INVALID_ARGUMENT")
    void wrongSignature() {
        runner.withBean(Wrong.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(CloudException.class)
                    .hasMessageContaining("must take one ReceivedMessage or String parameter");
        });
    }
}
