package dev.polycloud.conformance.gcp;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, with the reason, the conformance tests whose subject only Google's service itself can
 * show and that no emulator covers: they are never passed here. A subclass names the tests (by
 * method name, or {@code *} for all) and the reason.
 */
abstract class NoCloudEmulator implements ExecutionCondition {

    /**
     * The tests to skip and why.
     *
     * @return method name (or {@code *}) to reason
     */
    protected abstract Map<String, String> skipped();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("containers run");
        }
        String method = context.getTestMethod().get().getName();
        String reason = skipped().getOrDefault(method, skipped().get("*"));
        return reason == null ? ConditionEvaluationResult.enabled("covered here")
                : ConditionEvaluationResult.disabled(reason);
    }

    /** The function tests about managing functions on Cloud Functions itself. */
    static final class CloudFunctionsManagement extends NoCloudEmulator {

        static final String REASON = "Cloud Functions has no emulator: deploy, get, list and delete reach provider-gcp's"
                + " stand-in Functions API here, so this test would only check the stand-in. The requests the driver"
                + " builds are tested in provider-gcp (CloudFunctionsRequestsTest, CloudFunctionsDriverTest).";

        @Override
        protected Map<String, String> skipped() {
            return Map.of("deployListGet", REASON, "redeployUpdates", REASON, "deleteRemoves", REASON,
                    "deleteMissing", REASON, "getMissing", REASON);
        }
    }

    /** Every gateway test: API Gateway has no emulator. */
    static final class ApiGateway extends NoCloudEmulator {

        static final String REASON = "API Gateway has no emulator and no local stand-in: deploying a gateway needs"
                + " Google's service. The OpenAPI 2.0 document and the API, config and gateway requests the driver"
                + " builds are tested in provider-gcp (OpenApi2DocumentTest); the adapter's answers to requests as"
                + " API Gateway forwards them in AdapterOnInvokerTest.";

        @Override
        protected Map<String, String> skipped() {
            return Map.of("*", REASON);
        }
    }
}
