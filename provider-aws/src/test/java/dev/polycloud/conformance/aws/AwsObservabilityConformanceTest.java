package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ObservabilityConformance;
import org.junit.jupiter.api.DisplayName;

/** The observability suite (meters, one trace across the message hops) on the aws provider. */
@DisplayName("aws: metrics and one trace across the example flow")
class AwsObservabilityConformanceTest extends ObservabilityConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }

    @Override
    protected String queueMessagingSystem() {
        return "aws_sqs";
    }
}
