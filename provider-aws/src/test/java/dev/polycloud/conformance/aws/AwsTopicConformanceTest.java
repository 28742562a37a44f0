package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.TopicConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared topic suite on the AWS provider (moto unless an endpoint is configured). */
@DisplayName("AWS: topic conformance")
@ExtendWith(MotoLimits.class)
class AwsTopicConformanceTest extends TopicConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
