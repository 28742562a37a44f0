package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Portable names")
class NamesTest {

    @ParameterizedTest(name = "''{0}'' is accepted")
    @ValueSource(strings = {"abc", "orders", "order-events-2", "a1b", "x-y-z",
            "a23456789012345678901234567890123456789012345678901234567890123"})
    void accepted(String name) {
        assertThat(Names.validate("queue", name)).isEqualTo(name);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "ab", "Orders", "1abc", "-abc", "abc-", "a--b", "a_b", "a.b", "a b", "ünï",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void refused(String name) {
        assertThatThrownBy(() -> Names.validate("queue", name))
                .isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("queue name");
    }
}
