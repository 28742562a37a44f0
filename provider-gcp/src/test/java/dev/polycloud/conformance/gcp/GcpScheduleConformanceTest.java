package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ScheduleConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared schedule suite on the GCP provider: Cloud Scheduler jobs targeting Cloud Functions are created,
 * listed and deleted through the real clients against provider-gcp's stand-in Functions and Cloud Scheduler
 * APIs (neither has an emulator), with the functions served by the real adapter under the Functions
 * Framework invoker. Cloud Scheduler does not run here on its own, so the tick-sequence tests are skipped
 * naming that; provider-gcp's {@code CloudSchedulerTriggersTest} fires a stored job at the adapter.
 */
@DisplayName("GCP: scheduled triggers")
class GcpScheduleConformanceTest extends ScheduleConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpFunctionTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }

    @Override
    protected java.util.Optional<java.nio.file.Path> handlerArtifact() {
        return java.util.Optional.of(GcpFunctionTarget.INSTANCE.handlerArtifact());
    }
}
