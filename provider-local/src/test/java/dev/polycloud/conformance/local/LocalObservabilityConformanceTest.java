package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ObservabilityConformance;
import org.junit.jupiter.api.DisplayName;

/** The observability suite (meters, one trace across the message hops) on the local provider. */
@DisplayName("local: metrics and one trace across the example flow")
class LocalObservabilityConformanceTest extends ObservabilityConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }

    @Override
    protected String queueMessagingSystem() {
        return "polycloud_local";
    }
}
