package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.HealthConformance;
import org.junit.jupiter.api.DisplayName;

/** The health suite on the local provider. */
@DisplayName("local: cloud.health() reports the provider UP")
class LocalHealthConformanceTest extends HealthConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
