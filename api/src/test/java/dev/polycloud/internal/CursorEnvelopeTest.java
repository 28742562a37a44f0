package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The cursor envelope of listings")
class CursorEnvelopeTest {

    private static final String FINGERPRINT = CursorEnvelope.fingerprint("list|photos/|d:/");

    @Nested
    @DisplayName("a cursor it made")
    class Own {

        @Test
        @DisplayName("gives back the driver's position for the same scope and listing")
        void roundTrip() {
            String cursor = CursorEnvelope.wrap("bucket a", FINGERPRINT, "token\nwith newline");
            assertThat(cursor).startsWith(CursorEnvelope.PREFIX);
            assertThat(CursorEnvelope.unwrap(cursor, "bucket a", FINGERPRINT)).isEqualTo("token\nwith newline");
        }

        @Test
        @DisplayName("is refused for another bucket or another listing")
        void foreign() {
            String cursor = CursorEnvelope.wrap("bucket a", FINGERPRINT, "p");
            assertThatThrownBy(() -> CursorEnvelope.unwrap(cursor, "bucket b", FINGERPRINT))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("another listing");
            assertThatThrownBy(() -> CursorEnvelope.unwrap(cursor, "bucket a", CursorEnvelope.fingerprint("x")))
                    .hasMessageContaining("another listing");
        }
    }

    @Test
    @DisplayName("a tampered, garbage or overlong cursor is INVALID_ARGUMENT 'malformed'")
    void malformed() {
        String cursor = CursorEnvelope.wrap("bucket a", FINGERPRINT, "p");
        String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("AA") ? "BB" : "AA");
        for (String bad : new String[] {tampered, "garbage", "pc1.!!!", "pc1."}) {
            assertThatThrownBy(() -> CursorEnvelope.unwrap(bad, "bucket a", FINGERPRINT))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("alformed");
        }
        assertThatThrownBy(() -> CursorEnvelope.unwrap("x".repeat(CursorEnvelope.MAX_CHARS + 1), "bucket a",
                FINGERPRINT)).hasMessageContaining("over the");
    }
}
