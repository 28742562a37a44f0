package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.TableConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared table suite on the AWS provider (moto unless an endpoint is configured). */
@DisplayName("AWS: table conformance")
@ExtendWith(MotoLimits.class)
class AwsTableConformanceTest extends TableConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}
