package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TableConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: tables")
class LocalTableConformanceTest extends TableConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
