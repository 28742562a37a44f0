package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.FunctionConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: functions")
class LocalFunctionConformanceTest extends FunctionConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
