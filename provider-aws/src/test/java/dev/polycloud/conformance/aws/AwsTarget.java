package dev.polycloud.conformance.aws;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.emulators.MotoServer;
import java.time.Duration;

/**
 * The AWS provider as a conformance target. By default it runs against a {@link MotoServer}
 * started for the test run (reset before each suite class, so that every class starts from an
 * empty account). When {@code polycloud.aws.endpoint} is configured the way an application
 * configures it (system property, environment variable {@code POLYCLOUD_AWS_ENDPOINT} or
 * {@code polycloud.properties}), it runs against that endpoint instead — a LocalStack the user
 * already has — with the rest of the user's {@code polycloud.aws.*} configuration.
 *
 * <p>Functions need an IAM role ({@code polycloud.aws.lambda.role}): on moto the target creates
 * one; against an endpoint it uses the configured one, or a LocalStack-style default
 * ({@value #DEFAULT_ENDPOINT_ROLE}: LocalStack does not check roles) when none is configured.
 */
public final class AwsTarget implements ConformanceTarget {

    /** The shared target. */
    public static final AwsTarget INSTANCE = new AwsTarget();

    /** The role used against an endpoint when none is configured. */
    static final String DEFAULT_ENDPOINT_ROLE = "arn:aws:iam::000000000000:role/polycloud-conformance";

    private static final String ROLE_KEY = "polycloud.aws.lambda.role";
    private static final String SCHEDULER_ROLE_KEY = "polycloud.aws.scheduler.role";

    private AwsTarget() {
    }

    /** The IAM role (created in moto after each reset) that functions are deployed with. */
    private static final String MOTO_ROLE_NAME = "polycloud-conformance";

    /**
     * Whether the target is the moto server the tests start (as opposed to a configured endpoint).
     *
     * @return true for moto
     */
    public boolean isMoto() {
        return PolycloudConfig.load().get("polycloud.aws.endpoint").isEmpty();
    }

    @Override
    public Cloud open() {
        if (!isMoto()) {
            PolycloudConfig.Builder b = PolycloudConfig.builder().withStandardSources().provider("aws");
            if (PolycloudConfig.load().get(ROLE_KEY).isEmpty()) {
                b.set(ROLE_KEY, DEFAULT_ENDPOINT_ROLE);
            }
            if (PolycloudConfig.load().get(SCHEDULER_ROLE_KEY).isEmpty()) {
                b.set(SCHEDULER_ROLE_KEY, DEFAULT_ENDPOINT_ROLE);
            }
            return Polycloud.open(b.build());
        }
        MotoServer.shared().reset();
        return Polycloud.open(PolycloudConfig.builder().setAll(configuration().orElseThrow()).build());
    }

    @Override
    public java.util.Optional<java.util.Map<String, String>> configuration() {
        if (!isMoto()) {
            return java.util.Optional.empty();
        }
        MotoServer moto = MotoServer.shared();
        String role = moto.createLambdaRole(MOTO_ROLE_NAME);
        moto.lambdaUsesDocker(false);
        return java.util.Optional.of(java.util.Map.of(
                PolycloudConfig.PROVIDER, "aws",
                "polycloud.aws.endpoint", moto.endpoint().toString(),
                "polycloud.aws.region", "us-east-1",
                "polycloud.aws.access-key-id", "test",
                "polycloud.aws.secret-access-key", "test",
                ROLE_KEY, role,
                SCHEDULER_ROLE_KEY, role)); // moto does not check the role's trust policy
    }

    @Override
    public Duration shortLease() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(20);
    }

    /**
     * This target with other timings, for the function, trigger and gateway runners: Lambda needs a
     * queue's lease to be at least the function's timeout (30 seconds by default), and functions
     * running in containers (LocalStack) need more patience than moto's data path.
     *
     * @param shortLease the short lease
     * @param endpointPatience the patience against a configured endpoint (moto keeps the default)
     * @return the target
     */
    public ConformanceTarget tuned(Duration shortLease, Duration endpointPatience) {
        AwsTarget self = this;
        return new ConformanceTarget() {
            @Override
            public Cloud open() {
                return self.open();
            }

            @Override
            public Duration shortLease() {
                return shortLease;
            }

            @Override
            public Duration patience() {
                return self.isMoto() ? self.patience() : endpointPatience;
            }

            @Override
            public String toString() {
                return self + " (lease " + shortLease + ")";
            }
        };
    }

    @Override
    public String toString() {
        return isMoto() ? "aws on moto" : "aws on " + PolycloudConfig.load().get("polycloud.aws.endpoint").orElseThrow();
    }
}
