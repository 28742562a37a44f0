package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.BadInputConformance;
import dev.polycloud.conformance.ClosedPortTarget;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The bad-input suite on the gcp provider with every endpoint at a closed port: no case may try the network. */
@DisplayName("gcp at a closed port: bad input never reaches the network")
class GcpClosedPortBadInputConformanceTest extends BadInputConformance {

    @Override
    protected ConformanceTarget target() {
        return ClosedPortTarget.GCP;
    }
}
