package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the azure provider. */
@DisplayName("azure: cloud.health() reports the provider UP")
class AzureHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
