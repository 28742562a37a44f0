package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ErrorConformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("gcp (emulators): errors, names and capabilities")
@ExtendWith(EmulatorLimits.class)
class GcpErrorConformanceTest extends ErrorConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
