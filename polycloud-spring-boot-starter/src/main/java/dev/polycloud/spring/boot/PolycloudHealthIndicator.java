package dev.polycloud.spring.boot;

import dev.polycloud.Cloud;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * An Actuator health indicator for the cloud, over {@link Cloud#health(java.time.Duration)}: one existence call per
 * supported building block on the probe name {@value #PROBE_QUEUE} (nothing needs to exist and nothing is
 * created; the answers only have to arrive), in parallel, without retries, within five seconds. UP when every
 * check answers; DOWN otherwise. Details: the provider id, and per building block ({@code queues},
 * {@code topics}, {@code tables}, {@code buckets}) the check's status, time in milliseconds and, when down,
 * the reason (error code and message, never a secret).
 *
 * <p>Thread-safe.
 */
public class PolycloudHealthIndicator extends AbstractHealthIndicator {

    /** The name whose existence is asked for ({@link dev.polycloud.Health#PROBE}). */
    public static final String PROBE_QUEUE = dev.polycloud.Health.PROBE;

    /** How long one health check may take. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);

    private final Cloud cloud;

    /**
     * An indicator for the cloud.
     *
     * @param cloud the cloud to check
     * @throws NullPointerException when {@code cloud} is null
     */
    public PolycloudHealthIndicator(Cloud cloud) {
        super("Polycloud health check failed");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        dev.polycloud.Health health = cloud.health(TIMEOUT);
        if (health.up()) {
            builder.up();
        } else {
            builder.down();
        }
        builder.withDetail("provider", health.provider());
        health.checks().forEach((block, check) -> {
            java.util.Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("status", check.status().name());
            detail.put("tookMillis", check.took().toMillis());
            if (!check.detail().isEmpty()) {
                detail.put("reason", check.detail());
            }
            builder.withDetail(block, detail);
        });
    }
}
