package dev.polycloud.conformance.gcp;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared bucket-event suite on the GCP provider's function target.
 * Only the argument checks (and, where bucketEvents is not declared, the UNIMPLEMENTED refusal) run here;
 * the delivery tests skip naming {@link #REASON}.
 */
@DisplayName("gcp (Functions Framework invoker): bucket events")
@ExtendWith({NoCloudEmulator.CloudFunctionsManagement.class, GcpBlobEventConformanceTest.NoDelivery.class})
class GcpBlobEventConformanceTest extends BlobEventConformance {

    /** Why the delivery tests are skipped on this runner. */
    static final String REASON = "Cloud Storage has no emulator that sends Pub/Sub notifications (LocalStorageHelper has none), "
            + "so no bucket event reaches a function here. Verified instead in provider-gcp: "
            + "GcsBucketTriggersTest (the notification request on a recording stand-in; the topic and push "
            + "subscription on the Pub/Sub emulator, which pushes a notification-shaped message to the HTTP "
            + "adapter under the Functions Framework invoker, decoded into the expected BlobEvents; unbind, "
            + "listing, NOT_FOUND).";

    /** The tests that run here: argument checks and the refusal where not declared. */
    static final java.util.Set<String> RUN = java.util.Set.of("badArguments", "unimplementedWhereNotDeclared");

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

    /**
     * Skips, naming why, every test that needs events delivered to a running function (no Cloud Storage notifications without Google); the
     * argument checks run.
     */
    static final class NoDelivery implements org.junit.jupiter.api.extension.ExecutionCondition {
        @Override
        public org.junit.jupiter.api.extension.ConditionEvaluationResult evaluateExecutionCondition(
                org.junit.jupiter.api.extension.ExtensionContext context) {
            String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
            if (method.isEmpty() || RUN.contains(method)) {
                return org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled("runs here");
            }
            return org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled(REASON);
        }
    }
}
