package dev.polycloud;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception Polycloud throws: unchecked, with a portable {@link ErrorCode}.
 *
 * <p>It names the provider (for example {@code aws}) and, where one is involved, the resource
 * (for example {@code queue orders}). The vendor exception, if any, is kept as the
 * {@linkplain #getCause() cause} so nothing is lost for diagnosis. Messages never contain
 * credentials or connection strings.
 */
public class CloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The portable code. */
    private final ErrorCode code;
    /** The provider id, or null. */
    private final String provider;
    /** The resource description, or null. */
    private final String resource;

    /**
     * Creates an exception.
     *
     * @param code the portable error code, not null
     * @param message what went wrong, for a person to read
     * @param provider the provider id ({@code local}, {@code aws}, ...), or null when none is involved yet
     * @param resource the resource concerned (for example {@code "queue orders"}), or null
     * @param cause the vendor exception, or null
     */
    public CloudException(ErrorCode code, String message, String provider, String resource, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.provider = provider;
        this.resource = resource;
    }

    /**
     * Creates an exception with no provider, resource or cause: used by the portable layer for
     * bad input detected before any provider is called.
     *
     * @param code the portable error code
     * @param message what went wrong
     */
    public CloudException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    /**
     * Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} exception.
     *
     * @param message names the argument and the limit it broke
     * @return the exception, to be thrown by the caller
     */
    public static CloudException invalidArgument(String message) {
        return new CloudException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /**
     * Shorthand for an {@link ErrorCode#UNIMPLEMENTED} exception about a missing capability.
     *
     * @param provider the provider that lacks it
     * @param what the option or operation asked for
     * @return the exception, to be thrown by the caller
     */
    public static CloudException unimplemented(String provider, String what) {
        return new CloudException(ErrorCode.UNIMPLEMENTED,
                what + " is not supported by provider '" + provider + "'", provider, null, null);
    }

    /**
     * The portable error code.
     *
     * @return the code, never null
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * Whether repeating the call may succeed; the same as {@code code().retryable()}.
     *
     * @return true if retryable
     */
    public boolean retryable() {
        return code.retryable();
    }

    /**
     * The provider that raised it.
     *
     * @return the provider id, or empty when the error was found before any provider was called
     */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /**
     * The resource concerned.
     *
     * @return a description such as {@code "queue orders"}, or empty
     */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /**
     * Returns a copy that names the given provider and resource where this one names none,
     * keeping code, message and cause. Used by the portable layer to label driver errors.
     *
     * @param providerId the provider id
     * @param resourceName the resource description
     * @return this exception if it already names both, else a labelled copy
     */
    public CloudException withContext(String providerId, String resourceName) {
        if (provider != null && resource != null) {
            return this;
        }
        CloudException copy = new CloudException(code, getMessage(),
                provider != null ? provider : providerId,
                resource != null ? resource : resourceName,
                getCause());
        copy.setStackTrace(getStackTrace());
        for (Throwable s : getSuppressed()) {
            copy.addSuppressed(s);
        }
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CloudException[").append(code);
        if (provider != null) {
            sb.append(", provider=").append(provider);
        }
        if (resource != null) {
            sb.append(", resource=").append(resource);
        }
        return sb.append("]: ").append(getMessage()).toString();
    }
}
