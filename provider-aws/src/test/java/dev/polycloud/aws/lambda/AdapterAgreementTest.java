package dev.polycloud.aws.lambda;

import dev.polycloud.aws.dynamodb.DynamoValues;
import dev.polycloud.aws.internal.MessageCodec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.aws.lambda.AdapterAccess;
import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Lambda adapter decodes what the drivers write without the AWS SDK; these tests hold the two
 * to the same encoding: items as the DynamoDB driver stores them (as a stream record carries them)
 * and message bodies as the SQS and SNS drivers send them.
 */
@DisplayName("The adapter and the drivers agree")
class AdapterAgreementTest {

    @Test
    @DisplayName("an item the DynamoDB driver writes reads back identically from a stream record")
    void streamItems() {
        Item item = Item.builder()
                .put("id", "a-1")
                .put("count", 42L)
                .put("price", new BigDecimal("19.90"))
                .put("ratio", 0.1)
                .put("nan", Double.NaN)
                .put("negativeZero", -0.0)
                .put("huge", 1e300)
                .put("flag", true)
                .put("blob", new byte[] {0, 1, (byte) 0xff})
                .put("none", Value.nullValue())
                .put("list", Value.of(List.of(Value.of(1L), Value.of(2.5), Value.of(new BigDecimal("3.000")))))
                .put("map", Value.of(Map.of("inner", Value.of(Map.of("d", Value.of(new BigDecimal("-0.5")))),
                        "s", Value.of("ü ✓"))))
                .build().withVersion("v-3");
        JsonNode image = streamJson(DynamoValues.encodeItem(item));
        assertThat(AdapterAccess.streamItem(image)).isEqualTo(item);
        assertThat(AdapterAccess.streamItem(image)).isEqualTo(DynamoValues.decodeItem(DynamoValues.encodeItem(item)));
    }

    @Test
    @DisplayName("a body the SQS and SNS drivers send decodes to the same bytes in the adapter")
    void bodies() {
        assertThat(AdapterAccess.binaryMarker()).isEqualTo(MessageCodec.BINARY_MARKER);
        byte[] binary = {0, (byte) 0xC3, (byte) 0x28, (byte) 0xff, 10};
        assertThat(AdapterAccess.decodeBody(MessageCodec.encodeBody(binary))).isEqualTo(binary);
        byte[] text = "héllo ✓".getBytes(StandardCharsets.UTF_8);
        assertThat(AdapterAccess.decodeBody(MessageCodec.encodeBody(text))).isEqualTo(text);
    }

    /** An item as DynamoDB Streams' JSON carries it (binary values in base64). */
    private static ObjectNode streamJson(Map<String, AttributeValue> item) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        item.forEach((k, v) -> out.set(k, streamJson(v)));
        return out;
    }

    private static JsonNode streamJson(AttributeValue v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case B -> o.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case L -> {
                ArrayNode a = o.putArray("L");
                v.l().forEach(x -> a.add(streamJson(x)));
            }
            case M -> o.set("M", streamJson(v.m()));
            default -> throw new IllegalArgumentException(v.toString());
        }
        return o;
    }
}
