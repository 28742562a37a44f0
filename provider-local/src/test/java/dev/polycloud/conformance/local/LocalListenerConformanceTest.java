package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ListenerConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: listeners")
class LocalListenerConformanceTest extends ListenerConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
