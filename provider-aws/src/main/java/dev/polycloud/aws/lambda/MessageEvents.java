package dev.polycloud.aws.lambda;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.message.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SQS and SNS events to {@link MessageBatch}es, decoded as the SQS and SNS drivers decode what
 * they receive: the portable message id is the {@code polycloud.id} attribute when the message
 * was published through a Polycloud topic (else the native message id), bodies that the drivers
 * sent as base64 behind the binary marker are decoded, and attributes under the reserved
 * {@code polycloud.} prefix are hidden.
 *
 * <p>The source is {@code queue/<name>} for an SQS queue and {@code subscription/<topic>/<name>}
 * for the SQS queue behind a Polycloud subscription (named {@code <topic>--<subscription>}); a
 * subscription queue whose name had to be shortened is named by the hint the driver left in
 * {@link Sources}. A native SNS subscription to the function gives {@code subscription/<topic>/<id>}
 * with the SNS subscription id.
 */
final class MessageEvents {

    /** The marker the SQS and SNS drivers put before a base64 body (see {@code MessageCodec}). */
    static final String BINARY_MARKER = "\uE000pcb64:";
    /** The reserved attribute prefix of the drivers. */
    static final String RESERVED_PREFIX = "polycloud.";
    /** The attribute carrying a topic message's portable id. */
    static final String ID_ATTRIBUTE = "polycloud.id";

    private static final String FIFO_SUFFIX = ".fifo";

    private MessageEvents() {
    }

    /**
     * A decoded SQS batch and the native id of each portable message id.
     *
     * @param batch the portable batch
     * @param nativeIds portable message id to SQS message ids (normally one)
     */
    record SqsBatch(MessageBatch batch, Map<String, List<String>> nativeIds) {
    }

    /**
     * Whether an event is an SQS event.
     *
     * @param root the event
     * @return true when its records come from {@code aws:sqs}
     */
    static boolean isSqs(JsonNode root) {
        return "aws:sqs".equals(firstRecord(root).path("eventSource").asText(null));
    }

    /**
     * Whether an event is an SNS event.
     *
     * @param root the event
     * @return true when its records come from {@code aws:sns}
     */
    static boolean isSns(JsonNode root) {
        return "aws:sns".equals(firstRecord(root).path("EventSource").asText(null));
    }

    static JsonNode firstRecord(JsonNode root) {
        JsonNode records = root.path("Records");
        return records.isArray() && !records.isEmpty() ? records.get(0) : JsonNodeFactory.instance.objectNode();
    }

    /**
     * The batch of an SQS event.
     *
     * @param root the event
     * @param sources the driver's hints
     * @return the batch
     */
    static SqsBatch fromSqs(JsonNode root, Sources sources) {
        List<ReceivedMessage> messages = new ArrayList<>();
        Map<String, List<String>> nativeIds = new LinkedHashMap<>();
        String source = null;
        for (JsonNode r : root.path("Records")) {
            if (source == null) {
                source = sqsSource(r.path("eventSourceARN").asText(""), sources);
            }
            String messageId = r.path("messageId").asText();
            Map<String, String> attributes = new LinkedHashMap<>();
            String portableId = null;
            for (Map.Entry<String, JsonNode> a : r.path("messageAttributes").properties()) {
                JsonNode v = a.getValue();
                String type = v.path("dataType").asText(v.path("DataType").asText("String"));
                JsonNode value = v.has("stringValue") ? v.get("stringValue") : v.get("StringValue");
                if (value == null || value.isNull() || type.startsWith("Binary")) {
                    continue;
                }
                if (a.getKey().equals(ID_ATTRIBUTE)) {
                    portableId = value.asText();
                } else if (!a.getKey().startsWith(RESERVED_PREFIX)) {
                    attributes.put(a.getKey(), value.asText());
                }
            }
            String id = portableId != null ? portableId : messageId;
            nativeIds.computeIfAbsent(id, k -> new ArrayList<>()).add(messageId);
            JsonNode system = r.path("attributes");
            Optional<String> group = Optional.ofNullable(system.path("MessageGroupId").asText(null))
                    .filter(g -> !g.equals("polycloud-default"));
            messages.add(new ReceivedMessage(id, decodeBody(r.path("body").asText("")), attributes,
                    parseInt(system.path("ApproximateReceiveCount").asText("1")),
                    millis(system.path("SentTimestamp").asText(null)), group,
                    r.path("receiptHandle").asText("")));
        }
        return new SqsBatch(new MessageBatch(source == null ? "queue/unknown" : source, messages), nativeIds);
    }

    /**
     * The batch of an SNS event (one record: SNS invokes a function per message).
     *
     * @param root the event
     * @return the batch
     */
    static MessageBatch fromSns(JsonNode root) {
        List<ReceivedMessage> messages = new ArrayList<>();
        String source = null;
        for (JsonNode r : root.path("Records")) {
            JsonNode sns = r.path("Sns");
            if (source == null) {
                source = snsSource(sns.path("TopicArn").asText(""), r.path("EventSubscriptionArn").asText(""));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            String portableId = null;
            for (Map.Entry<String, JsonNode> a : sns.path("MessageAttributes").properties()) {
                String type = a.getValue().path("Type").asText("String");
                JsonNode value = a.getValue().get("Value");
                if (value == null || value.isNull() || type.startsWith("Binary")) {
                    continue;
                }
                if (a.getKey().equals(ID_ATTRIBUTE)) {
                    portableId = value.asText();
                } else if (!a.getKey().startsWith(RESERVED_PREFIX)) {
                    attributes.put(a.getKey(), value.asText());
                }
            }
            String messageId = sns.path("MessageId").asText();
            messages.add(new ReceivedMessage(portableId != null ? portableId : messageId,
                    decodeBody(sns.path("Message").asText("")), attributes, 1,
                    instant(sns.path("Timestamp").asText(null)), Optional.empty(), messageId));
        }
        return new MessageBatch(source == null ? "subscription/unknown/unknown" : source, messages);
    }

    /**
     * The {@code batchItemFailures} response of failed portable message ids.
     *
     * @param failed the ids the handler failed
     * @param nativeIds portable to native ids
     * @return the partial batch response
     */
    static ObjectNode batchItemFailures(Collection<String> failed, Map<String, List<String>> nativeIds) {
        Set<String> identifiers = new LinkedHashSet<>();
        for (String id : failed) {
            identifiers.addAll(nativeIds.getOrDefault(id, List.of()));
        }
        return itemFailures(identifiers);
    }

    static ObjectNode itemFailures(Collection<String> identifiers) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("batchItemFailures");
        identifiers.forEach(i -> list.addObject().put("itemIdentifier", i));
        return out;
    }

    /**
     * The portable source of an SQS queue ARN.
     *
     * @param queueArn {@code arn:aws:sqs:region:account:name}
     * @param sources the driver's hints
     * @return {@code queue/<name>} or {@code subscription/<topic>/<name>}
     */
    static String sqsSource(String queueArn, Sources sources) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        Optional<String> hinted = sources.queue(name);
        if (hinted.isPresent()) {
            return hinted.get();
        }
        int split = name.indexOf("--");
        if (split > 0) {
            return "subscription/" + name.substring(0, split) + "/" + name.substring(split + 2);
        }
        return "queue/" + (name.endsWith(FIFO_SUFFIX) ? name.substring(0, name.length() - FIFO_SUFFIX.length())
                : name);
    }

    private static String snsSource(String topicArn, String subscriptionArn) {
        String topic = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        String subscription = subscriptionArn.substring(subscriptionArn.lastIndexOf(':') + 1);
        return "subscription/" + topic + "/" + subscription;
    }

    static byte[] decodeBody(String text) {
        if (text.startsWith(BINARY_MARKER)) {
            try {
                return Base64.getDecoder().decode(text.substring(BINARY_MARKER.length()));
            } catch (IllegalArgumentException e) {
                // not ours after all: the text itself
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int parseInt(String s) {
        try {
            return Math.max(1, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Instant millis(String s) {
        try {
            return s == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? Instant.EPOCH : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
