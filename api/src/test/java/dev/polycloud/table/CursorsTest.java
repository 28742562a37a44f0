package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cursor envelopes")
class CursorsTest {

    private static final TableSchema SCHEMA = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);

    @Test
    @DisplayName("a cursor whose last character differs only in bits Base64 ignores is refused, for every length")
    void nonCanonicalText() {
        Cursors.Binding binding = Cursors.scan("t", SCHEMA);
        int refusedVariants = 0;
        for (int n = 1; n <= 6; n++) {
            String cursor = Cursors.wrap(binding, "p".repeat(n));
            assertThat(Cursors.parse(cursor).positionFor(binding)).isEqualTo("p".repeat(n));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            for (char c : alphabet.toCharArray()) {
                String variant = cursor.substring(0, cursor.length() - 1) + c;
                if (variant.equals(cursor)) {
                    continue;
                }
                CloudException e = catchThrowableOfType(() -> Cursors.parse(variant), CloudException.class);
                assertThat(e).as("variant %s of %s", variant, cursor).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                refusedVariants++;
            }
        }
        assertThat(refusedVariants).isEqualTo(6 * 63);
    }
}
