package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MessageValidator")
class MessageValidatorTest {

    private static final MessageLimits LIMITS = new MessageLimits(100, 2, 10, 10, Duration.ofMinutes(10));

    private static void assertInvalid(Message m, String fragment) {
        assertThatThrownBy(() -> MessageValidator.validate("queue q", m, LIMITS))
                .isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(fragment);
    }

    @Nested
    @DisplayName("sizes and counts")
    class Sizes {

        @Test
        @DisplayName("a message exactly at the limit, attributes included, is accepted")
        void atLimit() {
            Message m = Message.builder().body(new byte[100 - 2]).attribute("a", "b").build();
            assertThatCode(() -> MessageValidator.validate("queue q", m, LIMITS)).doesNotThrowAnyException();
        }

        @Test
        @DisplayName("one byte over the limit is refused, naming the limit")
        void overLimit() {
            assertInvalid(Message.builder().body(new byte[99]).attribute("a", "b").build(), "maxMessageBytes of 100");
        }

        @Test
        @DisplayName("more attributes than declared are refused")
        void tooManyAttributes() {
            assertInvalid(Message.builder().body("x").attribute("a", "1").attribute("b", "2").attribute("c", "3")
                    .build(), "maxAttributes of 2");
        }

        @Test
        @DisplayName("an empty body is refused")
        void emptyBody() {
            assertInvalid(Message.of(new byte[0]), "must not be empty");
        }

        @Test
        @DisplayName("an empty batch and an oversized batch are refused")
        void batches() {
            assertThatThrownBy(() -> MessageValidator.validateBatch("queue q", List.of(), LIMITS, 5))
                    .hasMessageContaining("at least one");
            assertThatThrownBy(() -> MessageValidator.validateBatch("queue q",
                    List.of(Message.of("a"), Message.of("b"), Message.of("c")), LIMITS, 2))
                    .hasMessageContaining("at most 2");
        }
    }

    @Nested
    @DisplayName("attributes")
    class Attributes {

        @ParameterizedTest(name = "name ''{0}'' is refused")
        @ValueSource(strings = {"1abc", "with space", "ünïcode", "AWS.trace", "goog-x", "polycloud.x", "a/b"})
        void badNames(String name) {
            assertInvalid(Message.builder().body("x").attribute(name, "v").build(), "Attribute name");
        }

        @Test
        @DisplayName("unicode values are accepted, control characters are not")
        void values() {
            assertThatCode(() -> MessageValidator.validate("queue q",
                    Message.builder().body("x").attribute("emoji", "naïve 🚀 日本").build(), LIMITS))
                    .doesNotThrowAnyException();
            assertInvalid(Message.builder().body("x").attribute("ctl", "bell\u0007").build(), "control character");
            assertInvalid(Message.builder().body("x").attribute("empty", "").build(), "empty value");
        }
    }

    @Nested
    @DisplayName("the edges of the hand-written checks (they replaced regular expressions)")
    class Edges {

        @Test
        @DisplayName("attribute names of 128 characters with letters, digits, '_', '-' and '.' pass, 129 do not")
        void nameLength() {
            MessageLimits roomy = new MessageLimits(10_000, 2, 10, 10, Duration.ofMinutes(10));
            String name = "a-b.c_D9" + "x".repeat(120);
            assertThatCode(() -> MessageValidator.validate("queue q",
                    Message.builder().body("x").attribute(name, "v").build(), roomy)).doesNotThrowAnyException();
            assertThatThrownBy(() -> MessageValidator.validate("queue q",
                    Message.builder().body("x").attribute(name + "x", "v").build(), roomy))
                    .hasMessageContaining("Attribute name");
            assertInvalid(Message.builder().body("x").attribute("Amazon.x", "v").build(), "reserved prefix 'amazon.'");
            assertInvalid(Message.builder().body("x").attribute("_a", "v").build(), "Attribute name");
        }

        @Test
        @DisplayName("the size counts attribute values in UTF-8 bytes: 2, 3 and 4-byte characters to the byte")
        void utf8Size() {
            String value = "é日🚀";   // 2 + 3 + 4 bytes
            assertThat(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(9);
            // body 90 + name 1 + value 9 = 100, the limit
            assertThatCode(() -> MessageValidator.validate("queue q",
                    Message.builder().body(new byte[90]).attribute("a", value).build(), LIMITS))
                    .doesNotThrowAnyException();
            assertInvalid(Message.builder().body(new byte[91]).attribute("a", value).build(), "is 101 bytes");
        }

        @Test
        @DisplayName("an unpaired surrogate in a value is refused with its index")
        void surrogate() {
            assertInvalid(Message.builder().body("x").attribute("a", "ok\uD800").build(), "at index 2");
        }

        @Test
        @DisplayName("tokens of 1 and 128 printable characters pass; empty, 129, DEL and non-ASCII do not")
        void tokenEdges() {
            assertThatCode(() -> MessageValidator.validate("queue q",
                    Message.builder().body("x").orderingGroup("!").deduplicationId("~".repeat(128)).build(), LIMITS))
                    .doesNotThrowAnyException();
            assertInvalid(Message.builder().body("x").orderingGroup("a\u007F").build(), "orderingGroup");
            assertInvalid(Message.builder().body("x").orderingGroup("é").build(), "orderingGroup");
        }
    }

    @Test
    @DisplayName("ordering groups and dedup ids must be printable ASCII of at most 128 characters")
    void tokens() {
        assertInvalid(Message.builder().body("x").orderingGroup("with space").build(), "orderingGroup");
        assertInvalid(Message.builder().body("x").deduplicationId("d".repeat(129)).build(), "deduplicationId");
    }

    @Test
    @DisplayName("a lease must be between one second and maxLease")
    void leases() {
        assertThatThrownBy(() -> MessageValidator.lease(Duration.ofMillis(500), LIMITS)).hasMessageContaining("Lease");
        assertThatThrownBy(() -> MessageValidator.lease(Duration.ofMinutes(11), LIMITS)).hasMessageContaining("PT10M");
        assertThatCode(() -> MessageValidator.lease(Duration.ofMinutes(10), LIMITS)).doesNotThrowAnyException();
    }
}
