package dev.polycloud;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link Cloud#health()}: whether the configured provider answers, per building block.
 * Each check is a cheap existence call on a probe name ({@value #PROBE}) made straight to the driver, without
 * retries, within a timeout; an answer of either "exists" or "does not exist" means the service is
 * reachable and the credentials are accepted. Suited to a Kubernetes readiness probe or a Spring Boot
 * health indicator.
 *
 * @param status {@link Status#UP} when every check is up, otherwise {@link Status#DOWN}
 * @param provider the provider id
 * @param checks the checks by building block ({@code queues}, {@code topics}, {@code tables}, {@code buckets}),
 *               in the order they were made; blocks the provider does not support are left out
 */
public record Health(Status status, String provider, Map<String, Check> checks) {

    /** The portable name whose existence the checks ask for; nothing is ever created under it. */
    public static final String PROBE = "polycloud-health-probe";

    /**
     * Copies the checks.
     *
     * @param status the overall status
     * @param provider the provider id
     * @param checks the checks by building block
     * @throws NullPointerException when an argument is null
     */
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(provider, "provider");
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                Objects.requireNonNull(checks, "checks")));
    }

    /**
     * Whether every check is up.
     *
     * @return {@code status() == Status.UP}
     */
    public boolean up() {
        return status == Status.UP;
    }

    /** Up or down. */
    public enum Status {
        /** Reachable, credentials accepted. */
        UP,
        /** Unreachable, refused, or no answer within the timeout. */
        DOWN
    }

    /**
     * One building block's check.
     *
     * @param status up or down
     * @param took how long the check took (the timeout when it did not answer)
     * @param detail empty when up; otherwise the error code and message, or {@code "no answer within ..."}
     */
    public record Check(Status status, Duration took, String detail) {

        /**
         * Checks the components.
         *
         * @param status up or down
         * @param took how long the check took
         * @param detail the detail, empty when up
         * @throws NullPointerException when an argument is null
         */
        public Check {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
