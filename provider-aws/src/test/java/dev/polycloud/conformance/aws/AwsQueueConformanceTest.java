package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.QueueConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared queue suite on the AWS provider (moto unless an endpoint is configured). */
@DisplayName("AWS: queue conformance")
@ExtendWith(MotoLimits.class)
class AwsQueueConformanceTest extends QueueConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
