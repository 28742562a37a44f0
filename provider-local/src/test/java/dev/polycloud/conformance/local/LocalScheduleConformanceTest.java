package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ScheduleConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: scheduled triggers")
class LocalScheduleConformanceTest extends ScheduleConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
