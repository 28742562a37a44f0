package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.SilentTarget;
import dev.polycloud.conformance.TimeoutConformance;
import org.junit.jupiter.api.DisplayName;

/** The timeout suite on the azure provider against a server that accepts connections and never answers. */
@DisplayName("azure against a silent server: polycloud.timeout bounds every call")
class AzureTimeoutConformanceTest extends TimeoutConformance {

    @Override
    protected ConformanceTarget target() {
        return SilentTarget.of("azure");
    }
}
