package dev.polycloud.conformance.local;

import dev.polycloud.conformance.BadInputConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The bad-input suite on the in-memory provider. */
@DisplayName("local: bad input never reaches the network")
class LocalBadInputConformanceTest extends BadInputConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
