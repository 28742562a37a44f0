package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ObservabilityConformance;
import org.junit.jupiter.api.DisplayName;

/** The observability suite (meters, one trace across the message hops) on the azure provider. */
@DisplayName("azure: metrics and one trace across the example flow")
class AzureObservabilityConformanceTest extends ObservabilityConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    @Override
    protected String queueMessagingSystem() {
        return "azure_storage_queues";
    }
}
