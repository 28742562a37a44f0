package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The Lambda payload envelope")
class PayloadEnvelopeTest {

    /** Lambda's synchronous request and response limit. */
    private static final int LAMBDA_LIMIT = 6_291_556;
    /** What the provider declares as maxPayloadBytes. */
    private static final int DECLARED = 4_718_592;

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "plain text", "{\"json\":true}", "héllo ✓ 日本語 🎉", "\"quoted\" \\ backslash"})
    @DisplayName("text round-trips and stays readable")
    void text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = PayloadEnvelope.wrap(payload);
        assertThat(PayloadEnvelope.unwrap(wrapped)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
        assertThat(new String(wrapped, StandardCharsets.UTF_8)).startsWith("{\"polycloud-payload\":{\"text\":");
    }

    @Test
    @DisplayName("text that JSON escaping would make longer than base64 goes as base64, and round-trips")
    void escapedText() {
        byte[] payload = "\u0000\u0001\u0002 control".getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = PayloadEnvelope.wrap(payload);
        assertThat(new String(wrapped, StandardCharsets.UTF_8)).contains("\"base64\"");
        assertThat(PayloadEnvelope.unwrap(wrapped)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
    }

    @Test
    @DisplayName("every byte value, invalid UTF-8 included, round-trips through base64")
    void binary() {
        byte[] payload = new byte[260];
        for (int i = 0; i < 256; i++) {
            payload[i] = (byte) i;
        }
        payload[256] = (byte) 0xC3;
        payload[257] = (byte) 0x28;
        byte[] wrapped = PayloadEnvelope.wrap(payload);
        assertThat(new String(wrapped, StandardCharsets.UTF_8)).contains("\"base64\"");
        assertThat(PayloadEnvelope.unwrap(wrapped)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
    }

    @Test
    @DisplayName("the declared maxPayloadBytes fits Lambda's 6 MB limit in the worst case, and base64 is the worst case")
    void worstCaseFits() {
        assertThat(PayloadEnvelope.largestPayload(LAMBDA_LIMIT)).isGreaterThanOrEqualTo(DECLARED);
        byte[] random = new byte[DECLARED];
        new Random(7).nextBytes(random);
        assertThat(PayloadEnvelope.wrap(random).length).isLessThanOrEqualTo(LAMBDA_LIMIT);
        byte[] zeros = new byte[DECLARED];
        assertThat(PayloadEnvelope.wrap(zeros).length).as("text that JSON escapes 6-fold goes as base64")
                .isLessThanOrEqualTo(LAMBDA_LIMIT);
        byte[] quotes = new byte[DECLARED];
        Arrays.fill(quotes, (byte) '"');
        assertThat(PayloadEnvelope.wrap(quotes).length).isLessThanOrEqualTo(LAMBDA_LIMIT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{}", "[]", "{\"polycloud-payload\":{}}", "{\"polycloud-payload\":{\"text\":1}}",
            "{\"polycloud-payload\":{\"text\":\"a\"},\"other\":1}", "{\"polycloud-payload\":{\"base64\":\"!!\"}}",
            "not json", "{\"polycloud-payload\":\"x\"}"})
    @DisplayName("anything that is not exactly an envelope is not unwrapped")
    void notEnvelopes(String json) {
        assertThat(PayloadEnvelope.unwrap(json.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
