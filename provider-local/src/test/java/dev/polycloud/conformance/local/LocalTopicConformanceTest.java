package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TopicConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: topics")
class LocalTopicConformanceTest extends TopicConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
