package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.QueueConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: queues")
class LocalQueueConformanceTest extends QueueConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
