package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared bucket-event suite on the Azure provider (Azurite). Until the provider declares
 * {@code FunctionCapabilities.bucketEvents}, the binding is UNIMPLEMENTED and the rest skips naming it.
 */
@DisplayName("Azure: bucket events")
class AzureBlobEventConformanceTest extends BlobEventConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }
}
