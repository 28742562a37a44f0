package dev.polycloud.conformance.azure;

import dev.polycloud.emulators.Azurite;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.QueueConformance;
import org.junit.jupiter.api.DisplayName;

/** The shared queue suite on the Azure provider (Storage Queues on Azurite unless an account is configured). */
@DisplayName("Azure: queue conformance")
class AzureQueueConformanceTest extends QueueConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
