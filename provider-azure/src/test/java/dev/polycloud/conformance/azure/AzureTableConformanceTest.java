package dev.polycloud.conformance.azure;

import dev.polycloud.emulators.Azurite;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TableConformance;
import org.junit.jupiter.api.DisplayName;

/** The shared table suite on the Azure provider (Table Storage on Azurite unless an account is configured). */
@DisplayName("Azure: table conformance")
class AzureTableConformanceTest extends TableConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
