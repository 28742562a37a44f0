package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ErrorConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: errors, names and capabilities")
class LocalErrorConformanceTest extends ErrorConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
