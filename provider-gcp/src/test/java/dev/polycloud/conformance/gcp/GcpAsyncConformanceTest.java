package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.AsyncConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
/** The shared Async suite on gcp (emulators). */
@DisplayName("gcp (emulators): asynchronous API")
@ExtendWith(EmulatorLimits.class)
class GcpAsyncConformanceTest extends AsyncConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
