package dev.polycloud.conformance.aws;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips (never passes) the suite tests that moto cannot run faithfully, each with the reason
 * naming moto's limit. It does nothing when the target is a configured endpoint (LocalStack, a
 * real account), where every test runs.
 */
public final class MotoLimits implements ExecutionCondition {

    /** Suite method ({@code Class$Nested#method}) to the moto limit that prevents it. */
    static final Map<String, String> LIMITS = Map.of(
            "dev.polycloud.conformance.TableConformance$Validation#largestItem",
            "moto (5.x) caps items at 405,000 bytes instead of DynamoDB's 409,600 and counts a binary attribute"
                    + " by its base64 text (4/3 of its bytes), so it refuses an item of maxItemBytes; the provider's"
                    + " own test checks that item against DynamoDB's published size rules instead");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> method = context.getTestMethod().map(m -> m.getDeclaringClass().getName() + "#"
                + m.getName());
        if (method.isEmpty() || !AwsTarget.INSTANCE.isMoto()) {
            return ConditionEvaluationResult.enabled("not a moto limit");
        }
        String limit = LIMITS.get(method.get());
        return limit == null ? ConditionEvaluationResult.enabled("moto can run it")
                : ConditionEvaluationResult.disabled("Skipped on moto: " + limit);
    }
}
