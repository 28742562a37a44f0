package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared bucket-event suite on the GCP provider's function target. Until the provider declares
 * {@code FunctionCapabilities.bucketEvents}, the binding is UNIMPLEMENTED and the rest skips naming it.
 */
@DisplayName("gcp (Functions Framework invoker): bucket events")
@ExtendWith(NoCloudEmulator.CloudFunctionsManagement.class)
class GcpBlobEventConformanceTest extends BlobEventConformance {

    @Override
    protected ConformanceTarget target() {
        return GcpFunctionTarget.INSTANCE;
    }

    /** The invoker runs in this JVM, so what handlers record in the Recorder is visible. */
    @Override
    protected boolean handlersRunInProcess() {
        return true;
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(GcpFunctionTarget.INSTANCE.handlerArtifact());
    }
}
