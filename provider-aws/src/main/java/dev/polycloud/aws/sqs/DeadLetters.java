package dev.polycloud.aws.sqs;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS redrive policies, the native dead-lettering of queues and subscriptions: a
 * {@link DeadLetterPolicy} becomes {@code {"deadLetterTargetArn": ..., "maxReceiveCount": maxDeliveries}}
 * and is read back from the queue's {@code RedrivePolicy} attribute.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * The redrive policy of a portable policy.
     *
     * @param clients the clients
     * @param resource the resource being created, for errors
     * @param policy the policy
     * @param sourceFifo whether the source queue is FIFO (SQS needs the dead-letter queue to match)
     * @return the {@code RedrivePolicy} attribute value
     */
    public static String redrivePolicy(AwsClients clients, String resource, DeadLetterPolicy policy, boolean sourceFifo) {
        String dlq = policy.deadLetterQueue();
        SqsReceiverDriver.QueueRef ref = SqsReceiverDriver.lookUp(clients, resource, dlq)
                .or(() -> SqsReceiverDriver.lookUp(clients, resource, dlq + SqsReceiverDriver.FIFO_SUFFIX))
                .orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, "Dead-letter queue '" + dlq
                        + "' does not exist", AwsErrors.PROVIDER, resource, null));
        if (ref.fifo() != sourceFifo) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "On SQS the dead-letter queue of a "
                    + (sourceFifo ? "FIFO" : "standard") + " queue must be " + (sourceFifo ? "FIFO" : "standard")
                    + " as well; '" + dlq + "' is not", AwsErrors.PROVIDER, resource, null);
        }
        String arn = AwsErrors.call(resource, "GetQueueAttributes", () -> clients.sqs().getQueueAttributes(b -> b
                .queueUrl(ref.url()).attributeNames(QueueAttributeName.QUEUE_ARN)).attributesAsStrings()
                .get(QueueAttributeName.QUEUE_ARN.toString()));
        Map<String, Object> redrive = new LinkedHashMap<>();
        redrive.put("deadLetterTargetArn", arn);
        redrive.put("maxReceiveCount", policy.maxDeliveries());
        return Json.write(redrive);
    }

    /**
     * Reads a redrive policy back.
     *
     * @param redrivePolicy the attribute value, or null
     * @param resource the resource, for errors
     * @return the portable policy, or empty
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} when the native policy has no portable form
     */
    public static Optional<DeadLetterPolicy> parse(String redrivePolicy, String resource) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return Optional.empty();
        }
        JsonNode node = Json.read(redrivePolicy);
        if (node == null || !node.hasNonNull("deadLetterTargetArn") || !node.hasNonNull("maxReceiveCount")) {
            return Optional.empty();
        }
        String arn = node.get("deadLetterTargetArn").asText();
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        if (name.endsWith(SqsReceiverDriver.FIFO_SUFFIX)) {
            name = name.substring(0, name.length() - SqsReceiverDriver.FIFO_SUFFIX.length());
        }
        int count = node.get("maxReceiveCount").asInt();
        try {
            return Optional.of(new DeadLetterPolicy(name, count));
        } catch (CloudException e) {
            throw new CloudException(ErrorCode.UNIMPLEMENTED, "The redrive policy " + redrivePolicy
                    + " has no portable form: " + e.getMessage(), AwsErrors.PROVIDER, resource, e);
        }
    }
}
