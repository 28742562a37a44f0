package dev.polycloud.conformance.aws;

import java.util.LinkedHashMap;
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

    /** Why tests that need a function to run are skipped on moto. */
    static final String NO_LAMBDA_CODE = "moto does not run Lambda code without Docker (its Docker-less Lambda"
            + " answers Invoke with the request itself), so what a handler does cannot be observed; the LocalStack"
            + " runner runs this test";

    /** Why gateway tests that send requests are skipped on moto. */
    static final String NO_ROUTING = "moto's API Gateway v2 manages APIs, routes, integrations and stages but does"
            + " not route requests to Lambda (and moto does not run Lambda code without Docker); the management part"
            + " of the gateway suite runs on moto, this test needs requests served";

    private static final String STALE_MAPPING = "moto does not detach a deleted event source mapping from its queue:"
            + " DeleteEventSourceMapping (and deleting the function) leaves moto invoking for every message sent"
            + " afterwards, so the message the test expects to stay is consumed; the provider's LambdaOnMotoTest checks"
            + " that the mapping is deleted, and the LocalStack runner runs this test";

    /** Suite method ({@code Class$Nested#method}) to the moto limit that prevents it. */
    static final Map<String, String> LIMITS = limits();

    private static Map<String, String> limits() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dev.polycloud.conformance.TableConformance$Validation#largestItem",
                "moto (5.x) caps items at 405,000 bytes instead of DynamoDB's 409,600 and counts a binary attribute"
                        + " by its base64 text (4/3 of its bytes), so it refuses an item of maxItemBytes; the provider's"
                        + " own test checks that item against DynamoDB's published size rules instead");
        m.put("dev.polycloud.conformance.TableConformance$Increments#concurrentIncrements",
                "moto's DynamoDB backend applies concurrent UpdateItem calls without a lock (8 threads x 25 ADDs ended"
                        + " at 196 of 200), while DynamoDB's ADD is atomic; the single-threaded increment test runs on"
                        + " moto and the LocalStack or real-account runners run this one");
        m.put("dev.polycloud.conformance.TableConformance$Versions#noLostUpdate",
                "moto's DynamoDB backend checks a ConditionExpression and writes the item without a lock, so two"
                        + " concurrent conditional puts on the same version can both succeed (20 threads x 25 ended at"
                        + " 499 of 500 in one run), while DynamoDB's conditional writes are atomic; the sequential"
                        + " version tests run on moto and the LocalStack or real-account runners run this one");
        String f = "dev.polycloud.conformance.FunctionConformance$";
        for (String t : new String[] {"Managing#redeployUpdates", "Managing#deleteRemoves",
            "Invoking#bytesRoundTrip", "Invoking#emptyPayload", "Invoking#textRoundTrip", "Invoking#jsonRoundTrip",
            "Invoking#contextIsFilledIn", "Invoking#payloadLimit", "Invoking#concurrentInvocations",
            "Failures#handlerFailure", "Failures#failureIsNotRetried", "Failures#undecodablePayload",
            "Failures#timeout", "Failures#servesAfterTimeout", "Concurrency#throttled", "Concurrency#withinLimit",
            "Async#asyncRuns", "Async#asyncRetries", "Async#onFailureQueue", "Async#successSendsNothing"}) {
            m.put(f + t, NO_LAMBDA_CODE);
        }
        String tr = "dev.polycloud.conformance.TriggerConformance$";
        for (String t : new String[] {"QueueTriggers#everyMessageDelivered", "QueueTriggers#successfulMessagesLeave",
            "QueueTriggers#partialFailureRedeliversOnlyFailed", "QueueTriggers#failedMessageDeadLettered",
            "QueueTriggers#throwingHandlerFailsWholeBatch", "QueueTriggers#unbindStopsDelivery",
            "SubscriptionTriggers#everyMessageDelivered", "SubscriptionTriggers#partialFailureDeadLetters",
            "SubscriptionTriggers#filterApplies", "TableTriggers#insertModifyRemove", "TableTriggers#orderPerKey",
            "TableTriggers#unbindStopsDelivery"}) {
            m.put(tr + t, NO_LAMBDA_CODE);
        }
        m.put(tr + "QueueTriggers#deleteFunctionRemovesTrigger", STALE_MAPPING);
        m.put(tr + "SubscriptionTriggers#unbindStopsDelivery", STALE_MAPPING);
        return Map.copyOf(m);
    }

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
