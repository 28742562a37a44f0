package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.AsyncConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
/** The shared Async suite on AWS (moto unless an endpoint is configured). */
@DisplayName("AWS (moto unless an endpoint is configured): asynchronous API")
@ExtendWith(MotoLimits.class)
class AwsAsyncConformanceTest extends AsyncConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
