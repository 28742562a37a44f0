package dev.polycloud.conformance.aws;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips (never passes) the gateway tests whose status codes API Gateway answers itself,
 * differently from the portable contract, on a target that routes requests (LocalStack Pro, AWS).
 * The provider's README lists these differences.
 */
public final class ApiGatewaySemantics implements ExecutionCondition {

    private static final String G = "dev.polycloud.conformance.GatewayConformance$Statuses#";

    /** Suite method to the API Gateway behaviour that differs. */
    static final Map<String, String> DIFFERENCES = Map.of(
            G + "wrongMethod", "API Gateway HTTP APIs answer 404, not 405 with Allow, for a method a routed path has"
                    + " no route for (AWS's own semantics)",
            G + "bodyTooLarge", "API Gateway takes bodies up to 10 MB and does not answer Expect: 100-continue with 413"
                    + " for the declared 4 MiB; a body between 4 MiB and 10 MB fails on Lambda's 6 MB invocation limit"
                    + " inside API Gateway (AWS's own semantics)",
            G + "bodyTooLargeSentWhole", "API Gateway takes bodies up to 10 MB; a body just over the declared 4 MiB"
                    + " fails on Lambda's 6 MB invocation limit inside API Gateway with API Gateway's own status, not"
                    + " 413 (AWS's own semantics)");

    /** What REST APIs (gateway type rest, on LocalStack community) answer differently besides the above. */
    static final Map<String, String> REST_DIFFERENCES = Map.of(
            G + "noRoute", "API Gateway REST APIs answer 403 (MissingAuthenticationToken), not 404, for a path no"
                    + " resource matches (AWS's own semantics)",
            G + "wrongMethod", "API Gateway REST APIs answer 403 (MissingAuthenticationToken), not 405 with Allow,"
                    + " for a method a resource has no method for (AWS's own semantics)",
            "dev.polycloud.conformance.GatewayConformance$Deploying#redeployReplaces", "a route removed from a"
                    + " REST API answers 403 (MissingAuthenticationToken), not 404 (AWS's own semantics)");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> method = context.getTestMethod().map(m -> m.getDeclaringClass().getName() + "#"
                + m.getName());
        String difference = method.map(DIFFERENCES::get).orElse(null);
        if (difference == null && onLocalStack(context) && "rest".equals(LocalStackTarget.gatewayType())) {
            difference = method.map(REST_DIFFERENCES::get).orElse(null);
        }
        boolean routing = onLocalStack(context) || !AwsTarget.INSTANCE.isMoto();
        return difference == null || !routing ? ConditionEvaluationResult.enabled("API Gateway answers as the suite expects")
                : ConditionEvaluationResult.disabled("Differs on API Gateway: " + difference);
    }

    /** Whether the runner class (the outermost test instance, not a nested suite class) is a LocalStack runner. */
    private static boolean onLocalStack(ExtensionContext context) {
        return context.getTestInstances().map(i -> i.getAllInstances().get(0).getClass().getName())
                .orElse(context.getRequiredTestClass().getName()).contains("LocalStack");
    }
}
