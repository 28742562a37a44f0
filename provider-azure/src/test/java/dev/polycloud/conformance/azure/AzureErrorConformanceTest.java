package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ErrorConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared error suite on the Azure provider. Its topic tests need Service Bus: without it the
 * provider declares no topics and they are skipped with that reason, never passed.
 */
@DisplayName("Azure: error conformance")
class AzureErrorConformanceTest extends ErrorConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
