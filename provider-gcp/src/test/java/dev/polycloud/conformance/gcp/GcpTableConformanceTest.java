package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TableConformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("gcp (emulators): tables")
@ExtendWith(EmulatorLimits.class)
class GcpTableConformanceTest extends TableConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
