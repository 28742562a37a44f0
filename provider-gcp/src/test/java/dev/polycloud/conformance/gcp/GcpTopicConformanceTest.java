package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TopicConformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("gcp (emulators): topics")
@ExtendWith(EmulatorLimits.class)
class GcpTopicConformanceTest extends TopicConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
