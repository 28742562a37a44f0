package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ListenerConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
/** The shared Listener suite on gcp (emulators), on StreamingPull (the default). */
@DisplayName("gcp (emulators): listeners")
@ExtendWith(EmulatorLimits.class)
class GcpListenerConformanceTest extends ListenerConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }

    /** The emulator's 10-second minimum lease makes each slow handler sleep 15 s: 250 messages keep it short. */
    @Override
    protected int noLossMessages() {
        return 250;
    }
}
