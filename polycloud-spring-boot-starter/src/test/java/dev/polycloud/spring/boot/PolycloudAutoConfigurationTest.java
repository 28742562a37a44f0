package dev.polycloud.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.local.LocalClock;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Table;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("The Polycloud Spring Boot auto-configuration")
class PolycloudAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PolycloudAutoConfiguration.class, PolycloudHealthAutoConfiguration.class));

    /** The message Polycloud.open() gives for the same explicit configuration. */
    private static String openMessage(String key, String value) {
        return assertThatThrownBy(() -> Polycloud.open(PolycloudConfig.builder().set(key, value).build()))
                .isInstanceOf(CloudException.class).actual().getMessage();
    }

    @Nested
    @DisplayName("the Cloud bean")
    class CloudBean {

        @Test
        @DisplayName("is an in-memory cloud when no provider is configured, and is closed with the context")
        void defaults() {
            Cloud[] seen = new Cloud[1];
            runner.run(context -> {
                assertThat(context).hasSingleBean(Cloud.class);
                seen[0] = context.getBean(Cloud.class);
                assertThat(seen[0].provider()).isEqualTo("local");
                seen[0].queue("alive").create();
            });
            assertThatThrownBy(() -> seen[0].queue("alive")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }

        @Test
        @DisplayName("takes polycloud.* keys with relaxed binding: retry.maxAttempts is polycloud.retry.max-attempts")
        void relaxed() {
            runner.withPropertyValues("polycloud.provider=local", "polycloud.retry.maxAttempts=1",
                    "polycloud.local.instance=relaxed-binding").run(context -> {
                        assertThat(context).hasNotFailed();
                        Cloud cloud = context.getBean(Cloud.class);
                        cloud.queue("shared-by-name").create();
                        try (Cloud other = Polycloud.open(PolycloudConfig.builder().provider("local")
                                .set("polycloud.local.instance", "relaxed-binding").build())) {
                            assertThat(other.queue("shared-by-name").exists()).isTrue();
                        }
                    });
        }

        @Test
        @DisplayName("fails startup on a misspelt key with the message Polycloud.open() gives")
        void wrongKey() {
            String expected = openMessage("polycloud.retry.max-atempts", "2");
            assertThat(expected).contains("polycloud.retry.max-attempts");
            runner.withPropertyValues("polycloud.retry.max-atempts=2").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(CloudException.class)
                        .hasMessage(expected);
            });
        }

        @Test
        @DisplayName("fails startup when the provider is missing from the class path, with the message of Polycloud.open()")
        void missingProvider() {
            String expected = openMessage("polycloud.provider", "aws");
            runner.withPropertyValues("polycloud.provider=aws").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(CloudException.class)
                        .hasMessage(expected);
            });
        }

        @Test
        @DisplayName("backs off when the application defines its own Cloud")
        void backsOff() {
            runner.withUserConfiguration(OwnCloud.class).run(context -> {
                assertThat(context).hasSingleBean(Cloud.class);
                assertThat(context.getBean(Cloud.class)).isSameAs(context.getBean(OwnCloud.class).cloud);
            });
        }

        @Test
        @DisplayName("is shaped by PolycloudBuilderCustomizer beans, for example with a LocalClock")
        void customizer() {
            LocalClock clock = LocalClock.startingAt(java.time.Instant.parse("2026-01-01T00:00:00Z"));
            runner.withBean(PolycloudBuilderCustomizer.class, () -> b -> b.use(LocalClock.class, clock))
                    .run(context -> {
                        Cloud cloud = context.getBean(Cloud.class);
                        assertThat(cloud.unwrap(LocalClock.class)).isSameAs(clock);
                        clock.advance(Duration.ofMinutes(1));
                        assertThat(cloud.unwrap(java.time.Clock.class).instant())
                                .isEqualTo(java.time.Instant.parse("2026-01-01T00:01:00Z"));
                    });
        }
    }

    @Test
    @DisplayName("declares Queue, Topic and Table beans named in camel case after the names in polycloud.*")
    void namedBeans() {
        runner.withPropertyValues("polycloud.queues=orders,order-events", "polycloud.topics[0]=order-events",
                "polycloud.tables=orders").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("ordersQueue", Queue.class).name()).isEqualTo("orders");
                    assertThat(context.getBean("orderEventsQueue", Queue.class).name()).isEqualTo("order-events");
                    assertThat(context.getBean("orderEventsTopic", Topic.class).name()).isEqualTo("order-events");
                    assertThat(context.getBean("ordersTable", Table.class).name()).isEqualTo("orders");
                    assertThat(context.getBean("ordersQueue")).isSameAs(context.getBean(Cloud.class).queue("orders"));
                });
    }

    @Test
    @DisplayName("fails startup on a declared queue with an invalid portable name")
    void badName() {
        runner.withPropertyValues("polycloud.queues=Bad_Name").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(CloudException.class);
        });
    }

    @Nested
    @DisplayName("the health indicator")
    class HealthIndicatorTests {

        @Test
        @DisplayName("reports UP with the provider when the provider answers")
        void up() {
            runner.run(context -> {
                Health health = context.getBean("polycloudHealthIndicator", HealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("provider", "local").containsKeys("queues", "tables");
                assertThat(health.getDetails().get("queues")).asString().contains("status=UP");
            });
        }

        @Test
        @DisplayName("reports DOWN when the provider cannot answer (here: a closed cloud)")
        void down() {
            runner.run(context -> {
                Cloud cloud = context.getBean(Cloud.class);
                cloud.close();
                assertThat(new PolycloudHealthIndicator(cloud).health().getStatus()).isEqualTo(Status.DOWN);
            });
        }

        @Test
        @DisplayName("is absent when switched off or when the health module is not on the class path")
        void absent() {
            runner.withPropertyValues("management.health.polycloud.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean("polycloudHealthIndicator"));
            runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("polycloudHealthIndicator")
                            .hasSingleBean(Cloud.class));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCloud {
        final Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());

        @Bean
        Cloud myCloud() {
            return cloud;
        }
    }
}
