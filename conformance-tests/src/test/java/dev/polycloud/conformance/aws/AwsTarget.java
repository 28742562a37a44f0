package dev.polycloud.conformance.aws;

import dev.polycloud.emulators.MotoServer;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;

/**
 * The AWS provider as a conformance target. By default it runs against a {@link MotoServer}
 * started for the test run (reset before each suite class, so that every class starts from an
 * empty account). When {@code polycloud.aws.endpoint} is configured the way an application
 * configures it (system property, environment variable {@code POLYCLOUD_AWS_ENDPOINT} or
 * {@code polycloud.properties}), it runs against that endpoint instead — a LocalStack the user
 * already has — with the rest of the user's {@code polycloud.aws.*} configuration.
 */
public final class AwsTarget implements ConformanceTarget {

    /** The shared target. */
    public static final AwsTarget INSTANCE = new AwsTarget();

    private AwsTarget() {
    }

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
            return Polycloud.open(PolycloudConfig.builder().withStandardSources().provider("aws").build());
        }
        MotoServer moto = MotoServer.shared();
        moto.reset();
        return Polycloud.open(PolycloudConfig.builder()
                .provider("aws")
                .set("polycloud.aws.endpoint", moto.endpoint().toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .build());
    }

    @Override
    public Duration shortLease() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(20);
    }

    @Override
    public String toString() {
        return isMoto() ? "aws on moto" : "aws on " + PolycloudConfig.load().get("polycloud.aws.endpoint").orElseThrow();
    }
}
