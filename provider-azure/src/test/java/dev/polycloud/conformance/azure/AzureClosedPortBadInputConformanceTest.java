package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.BadInputConformance;
import dev.polycloud.conformance.ClosedPortTarget;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The bad-input suite on the azure provider with every endpoint at a closed port: no case may try the network. */
@DisplayName("azure at a closed port: bad input never reaches the network")
class AzureClosedPortBadInputConformanceTest extends BadInputConformance {

    @Override
    protected ConformanceTarget target() {
        return ClosedPortTarget.AZURE;
    }
}
