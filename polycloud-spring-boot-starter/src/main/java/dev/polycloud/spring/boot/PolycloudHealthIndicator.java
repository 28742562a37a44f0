package dev.polycloud.spring.boot;

import dev.polycloud.Cloud;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * An Actuator health indicator for the cloud: a reachability check that asks the provider whether a probe queue
 * exists ({@value #PROBE_QUEUE}; it need not exist, the answer only has to arrive). Up with the provider id and
 * the round trip in milliseconds; down with the error when the provider cannot be reached or refuses the
 * credentials. Each check is one call to the provider, with the cloud's retries and timeout.
 *
 * <p>Thread-safe.
 */
public class PolycloudHealthIndicator extends AbstractHealthIndicator {

    /** The queue name whose existence is asked for. */
    public static final String PROBE_QUEUE = "polycloud-health-probe";

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
        long start = System.nanoTime();
        cloud.queue(PROBE_QUEUE).exists();
        long millis = (System.nanoTime() - start) / 1_000_000;
        builder.up().withDetail("provider", cloud.provider()).withDetail("roundTripMillis", millis);
    }
}
