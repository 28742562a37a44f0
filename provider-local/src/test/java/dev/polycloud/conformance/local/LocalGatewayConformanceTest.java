package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.GatewayConformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: gateways")
class LocalGatewayConformanceTest extends GatewayConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}
