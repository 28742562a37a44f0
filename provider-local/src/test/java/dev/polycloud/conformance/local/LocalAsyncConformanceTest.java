package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.AsyncConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: asynchronous API")
class LocalAsyncConformanceTest extends AsyncConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
