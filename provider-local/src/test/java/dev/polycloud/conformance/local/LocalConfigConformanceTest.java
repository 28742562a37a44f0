package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConfigConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The configuration-typo suite on the local provider. */
@DisplayName("local: misspelled configuration is refused")
class LocalConfigConformanceTest extends ConfigConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
