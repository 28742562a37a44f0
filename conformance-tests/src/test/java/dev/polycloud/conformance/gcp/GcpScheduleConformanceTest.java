package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ScheduleConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared schedule suite on the GCP provider, which does not declare scheduled triggers yet: the
 * refusals run (bad expressions, UNIMPLEMENTED) and the rest is skipped naming the capability.
 */
@DisplayName("GCP: scheduled triggers")
class GcpScheduleConformanceTest extends ScheduleConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }
}
