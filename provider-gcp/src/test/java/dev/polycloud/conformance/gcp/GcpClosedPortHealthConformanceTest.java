package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ClosedPortTarget;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the gcp provider with every endpoint at a closed port: health must be DOWN, quickly. */
@DisplayName("gcp at a closed port: cloud.health() reports DOWN within the timeout")
class GcpClosedPortHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return ClosedPortTarget.GCP;
    }

    @Override
    protected boolean reachable() {
        return false;
    }
}
