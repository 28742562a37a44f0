package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * AssertJ helpers for the suite: assert that a call fails with a {@link CloudException} of a
 * given {@link ErrorCode}. Static-import them.
 */
public final class CloudAssertions {

    private CloudAssertions() {
    }

    /**
     * Asserts that {@code call} throws a {@link CloudException} with the expected code.
     *
     * @param expected the code the contract demands
     * @param call the call
     * @return the exception, for further assertions on its message, provider or resource
     */
    public static CloudException assertFailsWith(ErrorCode expected, ThrowingCallable call) {
        AtomicReference<CloudException> seen = new AtomicReference<>();
        assertThatThrownBy(call)
                .as("expected a CloudException with code %s", expected)
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    seen.set(e);
                    assertThat(e.code()).as("error code of %s", e).isEqualTo(expected);
                });
        return seen.get();
    }

    /**
     * Asserts that {@code call} throws {@link ErrorCode#INVALID_ARGUMENT}.
     *
     * @param call the call
     * @return the exception
     */
    public static CloudException assertInvalidArgument(ThrowingCallable call) {
        return assertFailsWith(ErrorCode.INVALID_ARGUMENT, call);
    }

    /**
     * Asserts that {@code call} throws {@link ErrorCode#NOT_FOUND}.
     *
     * @param call the call
     * @return the exception
     */
    public static CloudException assertNotFound(ThrowingCallable call) {
        return assertFailsWith(ErrorCode.NOT_FOUND, call);
    }

    /**
     * Asserts that {@code call} throws {@link ErrorCode#UNIMPLEMENTED}.
     *
     * @param call the call
     * @return the exception
     */
    public static CloudException assertUnimplemented(ThrowingCallable call) {
        return assertFailsWith(ErrorCode.UNIMPLEMENTED, call);
    }
}
