package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the gcp provider. */
@DisplayName("gcp: cloud.health() reports the provider UP")
class GcpHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
