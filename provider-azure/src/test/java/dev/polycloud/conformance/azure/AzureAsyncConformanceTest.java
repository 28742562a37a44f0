package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.AsyncConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The shared Async suite on Azure (Azurite unless an account is configured). */
@DisplayName("Azure (Azurite unless an account is configured): asynchronous API")
class AzureAsyncConformanceTest extends AsyncConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }
}
