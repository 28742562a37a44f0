package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConfigConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The configuration-typo suite on the gcp provider. */
@DisplayName("gcp: misspelled configuration is refused")
class GcpConfigConformanceTest extends ConfigConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpTarget.INSTANCE;
    }
}
