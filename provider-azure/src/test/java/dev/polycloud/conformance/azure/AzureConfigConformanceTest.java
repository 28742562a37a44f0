package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConfigConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The configuration-typo suite on the azure provider. */
@DisplayName("azure: misspelled configuration is refused")
class AzureConfigConformanceTest extends ConfigConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
