package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Health;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.polycloud.Cloud#health()}: UP with one check per supported building block when the provider
 * answers; DOWN, within about the timeout, when it does not (runners on a closed port override
 * {@link #reachable()}). The checks create nothing. A resource's {@code check()} is UP when the resource exists,
 * DOWN naming {@code NOT_FOUND} when it does not, and DOWN within about its timeout when the provider is away.
 */
public abstract class HealthConformance extends ConformanceSuite {

    /**
     * Whether the target's provider answers; runners whose endpoints are at a closed port return false.
     *
     * @return true by default
     */
    protected boolean reachable() {
        return true;
    }

    @Nested
    @DisplayName("when the provider answers")
    class Reachable {

        @Test
        @DisplayName("health is UP, names the provider, and has an UP check for queues, tables and topics if supported")
        void up() {
            assumeTrue(reachable(), "the target is at a closed port");
            Health health = cloud.health(Duration.ofSeconds(20));
            assertThat(health.checks()).allSatisfy((block, check) -> {
                assertThat(check.status()).as(block + ": " + check.detail()).isEqualTo(Health.Status.UP);
                assertThat(check.detail()).isEmpty();
            });
            assertThat(health.status()).isEqualTo(Health.Status.UP);
            assertThat(health.up()).isTrue();
            assertThat(health.provider()).isEqualTo(cloud.provider());
            assertThat(health.checks()).containsKeys("queues", "tables");
            assertThat(health.checks().containsKey("topics")).isEqualTo(cloud.capabilities().topics().supported());
        }

        @Test
        @DisplayName("the checks create nothing under the probe name")
        void createsNothing() {
            assumeTrue(reachable(), "the target is at a closed port");
            cloud.health(Duration.ofSeconds(20));
            assertThat(cloud.queue(Health.PROBE).exists()).isFalse();
            assertThat(cloud.table(Health.PROBE).exists()).isFalse();
        }

        @Test
        @DisplayName("a resource's check is UP when it exists and DOWN naming NOT_FOUND when it does not")
        void resourceChecks() {
            assumeTrue(reachable(), "the target is at a closed port");
            dev.polycloud.queue.Queue queue = cloud.queue(uniqueName("hq"));
            assertThat(queue.check(Duration.ofSeconds(20)).status()).isEqualTo(Health.Status.DOWN);
            assertThat(queue.check(Duration.ofSeconds(20)).detail()).startsWith("NOT_FOUND");
            queue.create();
            try {
                Health.Check check = queue.check(Duration.ofSeconds(20));
                assertThat(check.status()).as(check.detail()).isEqualTo(Health.Status.UP);
                assertThat(check.detail()).isEmpty();
            } finally {
                queue.delete();
            }
            dev.polycloud.table.Table table = cloud.table(Health.PROBE);
            Health.Check missing = table.check(Duration.ofSeconds(20));
            assertThat(missing.status()).isEqualTo(Health.Status.DOWN);
            assertThat(missing.detail()).startsWith("NOT_FOUND").contains(Health.PROBE);
            assertThat(table.exists()).as("a check creates nothing").isFalse();
        }
    }

    @Nested
    @DisplayName("when the provider does not answer")
    class Unreachable {

        @Test
        @DisplayName("health is DOWN, with a reason per check, within about the timeout")
        void down() {
            assumeFalse(reachable(), "the target answers");
            Duration timeout = Duration.ofSeconds(3);
            long start = System.nanoTime();
            Health health = cloud.health(timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(health.status()).isEqualTo(Health.Status.DOWN);
            assertThat(health.up()).isFalse();
            assertThat(health.checks()).isNotEmpty().allSatisfy((block, check) -> {
                assertThat(check.status()).as(block).isEqualTo(Health.Status.DOWN);
                assertThat(check.detail()).as(block).isNotEmpty();
            });
            assertThat(took).isLessThan(timeout.plusSeconds(2));
        }

        @Test
        @DisplayName("a resource's check is DOWN with a reason within about its timeout, and does not throw")
        void resourceCheckDown() {
            assumeFalse(reachable(), "the target answers");
            Duration timeout = Duration.ofSeconds(3);
            long start = System.nanoTime();
            Health.Check check = cloud.queue("polycloud-health-probe").check(timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(check.status()).isEqualTo(Health.Status.DOWN);
            assertThat(check.detail()).isNotEmpty();
            assertThat(took).isLessThan(timeout.plusSeconds(2));
        }
    }

    @Nested
    @DisplayName("misuse")
    class Misuse {

        @Test
        @DisplayName("a timeout that is not positive is INVALID_ARGUMENT, a null one a NullPointerException")
        void badTimeout() {
            assertThatThrownBy(() -> cloud.health(Duration.ZERO)).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> cloud.health(Duration.ofSeconds(-1))).isInstanceOf(CloudException.class);
            assertThatThrownBy(() -> cloud.health(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cloud.queue("q-check").check(Duration.ZERO))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> cloud.table("t-check").check(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
