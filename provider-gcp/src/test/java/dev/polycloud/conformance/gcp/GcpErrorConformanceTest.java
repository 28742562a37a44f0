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

    /** Cloud Functions has no emulator: function routes are checked against the stand-in Functions API. */
    @Override
    protected FunctionsCloud functionsCloud() {
        return new FunctionsCloud(GcpFunctionTarget.INSTANCE.open(), true);
    }
}
