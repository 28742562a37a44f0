package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ScheduleConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared schedule suite on the Azure provider: Azure timers are declared with the function app
 * ({@code @TimerTrigger} and {@code PolycloudAzure.timer}), not bound through the API, so binding is
 * UNIMPLEMENTED and the rest is skipped naming the capability.
 */
@DisplayName("Azure: scheduled triggers")
class AzureScheduleConformanceTest extends ScheduleConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }
}
