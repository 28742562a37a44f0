package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared bucket-event suite on the Azure provider (Azurite).
 * Only the argument checks (and, where bucketEvents is not declared, the UNIMPLEMENTED refusal) run here;
 * the delivery tests skip naming {@link #REASON}.
 */
@DisplayName("Azure: bucket events")
@org.junit.jupiter.api.extension.ExtendWith(AzureBlobEventConformanceTest.NoDelivery.class)
class AzureBlobEventConformanceTest extends BlobEventConformance {

    /** Why the delivery tests are skipped on this runner. */
    static final String REASON = "Event Grid has no emulator and Azurite has no Functions host, so no bucket event reaches a "
            + "function here (this target configures no function app, so bucketEvents is not declared and the "
            + "UNIMPLEMENTED test runs). Verified instead in provider-azure: EventGridBucketTriggersTest (the "
            + "Event Grid subscription requests on a stand-in Resource Manager; the adapter on the documented "
            + "BlobCreated/BlobDeleted event shapes).";

    /** The tests that run here: argument checks and the refusal where not declared. */
    static final java.util.Set<String> RUN = java.util.Set.of("badArguments", "unimplementedWhereNotDeclared");

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }

    /**
     * Skips, naming why, every test that needs events delivered to a running function (no Event Grid or
     * Functions host without Docker); the argument checks run.
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
