package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.FunctionConformance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The functions suite on the GCP provider: invocations through the driver's HTTP path to functions
 * served by the real adapter under the Functions Framework invoker (see {@link GcpFunctionTarget});
 * the tests about managing functions on Cloud Functions itself are skipped with the reason.
 */
@DisplayName("gcp (Functions Framework invoker): functions")
@ExtendWith(NoCloudEmulator.CloudFunctionsManagement.class)
class GcpFunctionConformanceTest extends FunctionConformance {

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
