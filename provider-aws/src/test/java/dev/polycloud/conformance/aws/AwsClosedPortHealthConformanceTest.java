package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ClosedPortTarget;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the aws provider with every endpoint at a closed port: health must be DOWN, quickly. */
@DisplayName("aws at a closed port: cloud.health() reports DOWN within the timeout")
class AwsClosedPortHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return ClosedPortTarget.AWS;
    }

    @Override
    protected boolean reachable() {
        return false;
    }
}
