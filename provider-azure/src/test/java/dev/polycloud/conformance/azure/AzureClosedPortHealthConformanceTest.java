package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ClosedPortTarget;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the azure provider with every endpoint at a closed port: health must be DOWN, quickly. */
@DisplayName("azure at a closed port: cloud.health() reports DOWN within the timeout")
class AzureClosedPortHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return ClosedPortTarget.AZURE;
    }

    @Override
    protected boolean reachable() {
        return false;
    }
}
