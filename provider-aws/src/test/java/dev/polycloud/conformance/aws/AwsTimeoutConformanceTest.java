package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.SilentTarget;
import dev.polycloud.conformance.TimeoutConformance;
import org.junit.jupiter.api.DisplayName;

/** The timeout suite on the aws provider against a server that accepts connections and never answers. */
@DisplayName("aws against a silent server: polycloud.timeout bounds every call")
class AwsTimeoutConformanceTest extends TimeoutConformance {

    @Override
    protected ConformanceTarget target() {
        return SilentTarget.of("aws");
    }
}
