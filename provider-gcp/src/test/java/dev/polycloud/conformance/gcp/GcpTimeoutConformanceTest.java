package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.SilentTarget;
import dev.polycloud.conformance.TimeoutConformance;
import org.junit.jupiter.api.DisplayName;

/** The timeout suite on the gcp provider against a server that accepts connections and never answers. */
@DisplayName("gcp against a silent server: polycloud.timeout bounds every call")
class GcpTimeoutConformanceTest extends TimeoutConformance {

    @Override
    protected ConformanceTarget target() {
        return SilentTarget.of("gcp");
    }
}
