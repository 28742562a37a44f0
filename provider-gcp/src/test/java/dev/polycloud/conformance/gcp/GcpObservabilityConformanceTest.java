package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ObservabilityConformance;
import org.junit.jupiter.api.DisplayName;

/** The observability suite (meters, one trace across the message hops) on the gcp provider. */
@DisplayName("gcp: metrics and one trace across the example flow")
class GcpObservabilityConformanceTest extends ObservabilityConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }

    @Override
    protected String queueMessagingSystem() {
        return "gcp_pubsub";
    }
}
