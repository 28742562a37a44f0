package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ListenerConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
/** The shared Listener suite on AWS (moto unless an endpoint is configured). */
@DisplayName("AWS (moto unless an endpoint is configured): listeners")
@ExtendWith(MotoLimits.class)
class AwsListenerConformanceTest extends ListenerConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }

    /** moto answers a few hundred SQS calls a second: 500 messages keep the run under a minute. */
    @Override
    protected int noLossMessages() {
        return 500;
    }
}
