package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ErrorConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared error suite on the AWS provider (moto unless an endpoint is configured). */
@DisplayName("AWS: error conformance")
@ExtendWith(MotoLimits.class)
class AwsErrorConformanceTest extends ErrorConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
