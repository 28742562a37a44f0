package dev.polycloud.gcp.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Value;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Firestore document ids and cursors")
class FirestoreKeysTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "with/slash", "100%", "%2F", "%25", "..", ".", "__x__", "日本", "🎉", "a b",
            "tab\there", "nul\u0000", "%u0041", "lone \uDC00 low"})
    @DisplayName("string keys become ids without slashes that read back to the key")
    void strings(String key) {
        String id = FirestoreKeys.docId(Value.of(key));
        assertThat(id).startsWith("s").doesNotContain("/");
        assertThat(id).isNotIn(".", "..").doesNotStartWith("__");
        assertThat(FirestoreKeys.keyOf(id)).contains(Value.of(key));
    }

    @Test
    @DisplayName("long keys are n + the number, negative ones included, and differ from string keys")
    void longs() {
        for (long n : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
            String id = FirestoreKeys.docId(Value.of(n));
            assertThat(id).isEqualTo("n" + n);
            assertThat(FirestoreKeys.keyOf(id)).contains(Value.of(n));
        }
        assertThat(FirestoreKeys.docId(Value.of("1"))).isNotEqualTo(FirestoreKeys.docId(Value.of(1L)));
    }

    @Test
    @DisplayName("distinct keys give distinct ids, case and escapes included")
    void distinct() {
        List<String> keys = List.of("a", "A", "a/b", "a%2Fb", "a%252Fb", "%", "%25", "/", "%2F");
        Set<String> ids = new HashSet<>();
        keys.forEach(k -> ids.add(FirestoreKeys.docId(Value.of(k))));
        assertThat(ids).hasSize(keys.size());
    }

    @Test
    @DisplayName("ids over Firestore's 1,500 bytes become a hash, still distinct and under the limit")
    void hashed() {
        String slashes = "/".repeat(1024);
        String other = "/".repeat(1023) + "%";
        String a = FirestoreKeys.docId(Value.of(slashes));
        String b = FirestoreKeys.docId(Value.of(other));
        assertThat(a).startsWith("h").isNotEqualTo(b);
        assertThat(a.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FirestoreKeys.MAX_ID_BYTES);
        assertThat(FirestoreKeys.keyOf(a)).isEmpty();
        String longest = "x".repeat(1024);
        assertThat(FirestoreKeys.docId(Value.of(longest))).isEqualTo("s" + longest);
        String wide = "é".repeat(512);
        assertThat(FirestoreKeys.docId(Value.of(wide))).isEqualTo("s" + wide);
    }

    @Test
    @DisplayName("query cursors carry the sort key and its type, and refuse anything else")
    void queryCursors() {
        assertThat(FirestoreKeys.queryPosition(FirestoreKeys.queryCursor(Value.of(-7L)), KeyType.LONG)).isEqualTo(-7L);
        assertThat(FirestoreKeys.queryPosition(FirestoreKeys.queryCursor(Value.of("é/x")), KeyType.STRING))
                .isEqualTo("é/x");
        assertThatThrownBy(() -> FirestoreKeys.queryPosition(FirestoreKeys.queryCursor(Value.of(1L)), KeyType.STRING))
                .isInstanceOf(CloudException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> FirestoreKeys.queryPosition("not a cursor!", KeyType.STRING))
                .isInstanceOf(CloudException.class);
        assertThatThrownBy(() -> FirestoreKeys.queryPosition(FirestoreKeys.scanCursor("t/sa"), KeyType.STRING))
                .isInstanceOf(CloudException.class);
    }

    @Test
    @DisplayName("scan cursors carry a document path of the table's collection")
    void scanCursors() {
        String path = "orders/sp1/orders.items/ss1";
        assertThat(FirestoreKeys.scanPosition(FirestoreKeys.scanCursor(path), "orders.items")).isEqualTo(path);
        assertThatThrownBy(() -> FirestoreKeys.scanPosition(FirestoreKeys.scanCursor(path), "users"))
                .isInstanceOf(CloudException.class);
    }

    @Test
    @DisplayName("the successor of a prefix bounds exactly the strings that start with it")
    void successor() {
        assertThat(FirestoreTableDriver.successor("ap")).contains("aq");
        assertThat(FirestoreTableDriver.successor("é")).contains("ê");
        assertThat(FirestoreTableDriver.successor("a\uD7FF")).contains("a\uE000");
        assertThat(FirestoreTableDriver.successor("a" + new String(Character.toChars(0x10FFFF)))).contains("b");
        assertThat(FirestoreTableDriver.successor(new String(Character.toChars(0x10FFFF)))).isEmpty();
        assertThat(FirestoreTableDriver.successor("")).isEmpty();
    }
}
