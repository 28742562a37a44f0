package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.util.Objects;

/**
 * Clean-up calls for which a resource that is already gone counts as done: deleting a trigger,
 * a permission statement or an integration that someone else (or an earlier attempt) removed.
 *
 * <p>Stateless and thread-safe. Not API: public only so that the provider modules can use it; it
 * may change without notice.
 */
public final class NotFound {

    private NotFound() {
    }

    /**
     * Runs a call, treating a {@link CloudException} with {@link ErrorCode#NOT_FOUND} as success.
     *
     * @param call the call
     * @throws CloudException any other failure of the call, unchanged
     * @throws NullPointerException if {@code call} is null
     */
    public static void ignore(Runnable call) {
        Objects.requireNonNull(call, "call");
        try {
            call.run();
        } catch (CloudException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }
}
