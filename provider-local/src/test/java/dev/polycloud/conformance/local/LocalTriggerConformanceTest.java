package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TriggerConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: triggers")
class LocalTriggerConformanceTest extends TriggerConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
