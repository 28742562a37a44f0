package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.BlobConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The shared object-storage suite on the Azure provider (Blob Storage on Azurite unless an account is configured). */
@DisplayName("Azure: object storage conformance")
class AzureBlobConformanceTest extends BlobConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    @Override
    protected long largeObjectBytes() {
        // Azurite keeps blobs in its own (Node) process, so the test JVM's heap shows the driver's memory alone.
        return 256L << 20;
    }
}
