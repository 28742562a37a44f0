package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the aws provider. */
@DisplayName("aws: cloud.health() reports the provider UP")
class AwsHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
