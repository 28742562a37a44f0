package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A clean-up call that ignores a resource already gone")
class NotFoundTest {

    @Test
    @DisplayName("runs the call once")
    void runs() {
        AtomicInteger calls = new AtomicInteger();
        NotFound.ignore(calls::incrementAndGet);
        assertThat(calls).hasValue(1);
    }

    @Test
    @DisplayName("treats NOT_FOUND as done")
    void ignoresNotFound() {
        assertThatNoException().isThrownBy(() -> NotFound.ignore(() -> {
            throw new CloudException(ErrorCode.NOT_FOUND, "gone");
        }));
    }

    @Test
    @DisplayName("passes any other failure on unchanged")
    void rethrowsOthers() {
        CloudException denied = new CloudException(ErrorCode.PERMISSION_DENIED, "no");
        assertThatThrownBy(() -> NotFound.ignore(() -> {
            throw denied;
        })).isSameAs(denied);
    }

    @Test
    @DisplayName("refuses a null call")
    void nullCall() {
        assertThatThrownBy(() -> NotFound.ignore(null)).isInstanceOf(NullPointerException.class);
    }
}
