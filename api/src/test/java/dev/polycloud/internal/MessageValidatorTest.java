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
