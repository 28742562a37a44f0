package dev.polycloud.gcp.internal;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.FirestoreException;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.internal.ParseFailures;
import dev.polycloud.gcp.functions.FunctionProtocol;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The one place where Google Cloud errors become portable {@link CloudException}s: every gRPC
 * status maps to an {@link ErrorCode}, the vendor exception is kept as the cause, and the
 * exception names provider {@code gcp} and the resource.
 *
 * <table>
 *   <caption>gRPC status to portable code</caption>
 *   <tr><th>gRPC</th><th>portable</th></tr>
 *   <tr><td>NOT_FOUND</td><td>NOT_FOUND</td></tr>
 *   <tr><td>ALREADY_EXISTS</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>FAILED_PRECONDITION, ABORTED</td><td>PRECONDITION_FAILED (a stale update time, a transaction
 *       conflict, a missing index)</td></tr>
 *   <tr><td>INVALID_ARGUMENT, OUT_OF_RANGE</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>PERMISSION_DENIED</td><td>PERMISSION_DENIED</td></tr>
 *   <tr><td>UNAUTHENTICATED</td><td>UNAUTHENTICATED</td></tr>
 *   <tr><td>RESOURCE_EXHAUSTED</td><td>THROTTLED</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>DEADLINE_EXCEEDED</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>UNIMPLEMENTED</td><td>UNIMPLEMENTED</td></tr>
 *   <tr><td>INTERNAL, DATA_LOSS</td><td>INTERNAL</td></tr>
 *   <tr><td>CANCELLED, UNKNOWN, anything else</td><td>UNKNOWN</td></tr>
 * </table>
 *
 * <table>
 *   <caption>HTTP status to portable code (function invocations over HTTPS, see {@link #httpCode(int)})</caption>
 *   <tr><th>HTTP</th><th>portable</th></tr>
 *   <tr><td>400, 413, 414, 431</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>401</td><td>UNAUTHENTICATED</td></tr>
 *   <tr><td>403</td><td>PERMISSION_DENIED</td></tr>
 *   <tr><td>404, 410</td><td>NOT_FOUND</td></tr>
 *   <tr><td>405, 501</td><td>UNIMPLEMENTED</td></tr>
 *   <tr><td>408, 504</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>409</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>412</td><td>PRECONDITION_FAILED</td></tr>
 *   <tr><td>429</td><td>THROTTLED</td></tr>
 *   <tr><td>500 with the adapter's error body</td><td>FUNCTION_FAILED ({@link FunctionFailedException})</td></tr>
 *   <tr><td>500</td><td>INTERNAL</td></tr>
 *   <tr><td>502, 503</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>any other status outside 2xx</td><td>UNKNOWN</td></tr>
 * </table>
 * Transport failures of an HTTP call: a timeout is DEADLINE_EXCEEDED, a refused or reset connection
 * UNAVAILABLE. A response the client could not parse ({@link ParseFailures}) is INTERNAL, not retried, both
 * for an HTTP call and for a failure that carries no gRPC status.
 */
public final class GcpErrors {

    /** The provider id every exception names. */
    public static final String PROVIDER = "gcp";

    private GcpErrors() {
    }

    /**
     * The portable code of a gRPC status code.
     *
     * @param code the gRPC code
     * @return the portable code
     */
    public static ErrorCode code(Status.Code code) {
        return switch (code) {
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
            case FAILED_PRECONDITION, ABORTED -> ErrorCode.PRECONDITION_FAILED;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.INVALID_ARGUMENT;
            case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
            case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
            case RESOURCE_EXHAUSTED -> ErrorCode.THROTTLED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
            case UNIMPLEMENTED -> ErrorCode.UNIMPLEMENTED;
            case INTERNAL, DATA_LOSS -> ErrorCode.INTERNAL;
            default -> ErrorCode.UNKNOWN;
        };
    }

    /**
     * The gRPC status code carried by an exception or one of its causes.
     *
     * @param t the exception
     * @return the code, or null when none of the chain carries one
     */
    static Status.Code statusCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                StatusCode sc = api.getStatusCode();
                if (sc != null && sc.getCode() != null) {
                    return Status.Code.valueOf(sc.getCode().name());
                }
            } else if (c instanceof StatusRuntimeException sre) {
                return sre.getStatus().getCode();
            } else if (c instanceof StatusException se) {
                return se.getStatus().getCode();
            } else if (c instanceof FirestoreException fe && fe.getStatus() != null) {
                return fe.getStatus().getCode();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /**
     * Whether a failure carries the given gRPC status.
     *
     * @param t the failure
     * @param code the status code
     * @return true if the failure or one of its causes has that status
     */
    public static boolean is(Throwable t, Status.Code code) {
        return statusCode(t) == code;
    }

    /**
     * Turns any failure of a Google client call into a portable exception.
     *
     * @param t the failure (an {@link ApiException}, a gRPC exception, an {@link ExecutionException} around
     *          one, or anything else)
     * @param operation what was attempted, for the message (for example {@code "publish"})
     * @param resource the resource, for example {@code "queue orders"}
     * @return the exception to throw
     */
    public static CloudException map(Throwable t, String operation, String resource) {
        Throwable root = unwrap(t);
        if (root instanceof CloudException ce) {
            return ce.withContext(PROVIDER, resource);
        }
        if (root instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CloudException(ErrorCode.DEADLINE_EXCEEDED, operation + " on " + resource + " was interrupted",
                    PROVIDER, resource, root);
        }
        Status.Code status = statusCode(root);
        ErrorCode code;
        String detail;
        if (status != null) {
            code = code(status);
            detail = status + ": " + vendorMessage(root);
        } else if (ParseFailures.isParseFailure(root)) {
            // A response the client cannot parse fails the same way on every retry: not a network fault.
            code = ErrorCode.INTERNAL;
            detail = parseDetail(root);
        } else if (root instanceof IllegalArgumentException) {
            code = ErrorCode.INVALID_ARGUMENT;
            detail = String.valueOf(root.getMessage());
        } else if (root instanceof CancellationException) {
            code = ErrorCode.UNKNOWN;
            detail = "cancelled";
        } else {
            code = ErrorCode.UNKNOWN;
            detail = root.toString();
        }
        return new CloudException(code, operation + " on " + resource + " failed: " + detail, PROVIDER, resource, root);
    }

    /**
     * A portable exception with no vendor cause.
     *
     * @param code the code
     * @param message the message
     * @param resource the resource
     * @return the exception to throw
     */
    public static CloudException of(ErrorCode code, String message, String resource) {
        return new CloudException(code, message, PROVIDER, resource, null);
    }

    /**
     * Waits for a future of the Google client and maps its failure.
     *
     * @param future the future
     * @param operation what was attempted
     * @param resource the resource
     * @param <T> the result type
     * @return the result
     */
    public static <T> T await(Future<T> future, String operation, String resource) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw map(e, operation, resource);
        } catch (ExecutionException e) {
            throw map(e, operation, resource);
        } catch (RuntimeException e) {
            throw map(e, operation, resource);
        }
    }

    /**
     * Waits for a call's future at most {@code timeout} ({@code polycloud.timeout}); a call that does
     * not answer in time is cancelled and fails with {@link ErrorCode#DEADLINE_EXCEEDED}.
     *
     * @param future the call
     * @param operation the operation, for messages
     * @param resource the resource, for messages
     * @param timeout the most time to wait
     * @param <T> the result type
     * @return the result
     */
    public static <T> T await(Future<T> future, String operation, String resource, java.time.Duration timeout) {
        try {
            return future.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            return throwDeadline(operation, resource, timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw map(e, operation, resource);
        } catch (ExecutionException e) {
            throw map(e, operation, resource);
        } catch (RuntimeException e) {
            throw map(e, operation, resource);
        }
    }

    private static <T> T throwDeadline(String operation, String resource, java.time.Duration timeout, Throwable e) {
        throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, operation + " on " + resource + " got no answer within "
                + timeout + " (polycloud.timeout)", PROVIDER, resource, e);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException
                || c.getClass().getName().equals("com.google.common.util.concurrent.UncheckedExecutionException"))
                && c.getCause() != null) {
            c = c.getCause();
        }
        // A CloudException thrown inside a callback may come back wrapped by the client library.
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof CloudException) {
                return x;
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return c;
    }

    private static String vendorMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException sre) {
                return String.valueOf(sre.getStatus().getDescription());
            }
            if (c.getCause() == null || c.getCause() == c) {
                return String.valueOf(c.getMessage());
            }
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * The portable code of an HTTP status (outside 2xx).
     *
     * @param status the HTTP status
     * @return the portable code
     */
    public static ErrorCode httpCode(int status) {
        return switch (status) {
            case 400, 413, 414, 431 -> ErrorCode.INVALID_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 405, 501 -> ErrorCode.UNIMPLEMENTED;
            case 408, 504 -> ErrorCode.DEADLINE_EXCEEDED;
            case 409 -> ErrorCode.ALREADY_EXISTS;
            case 412 -> ErrorCode.PRECONDITION_FAILED;
            case 429 -> ErrorCode.THROTTLED;
            case 500 -> ErrorCode.INTERNAL;
            case 502, 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.UNKNOWN;
        };
    }

    /**
     * The failure of a function invocation answered with a status outside 2xx: the handler's
     * failure as a {@link FunctionFailedException} when the adapter reported one (500 with its
     * error body), else the portable code of the status.
     *
     * @param function the portable function name
     * @param status the HTTP status
     * @param errorKind the adapter's {@value FunctionProtocol#ERROR_HEADER} header, or null
     * @param body the response body
     * @return the exception to throw
     */
    public static CloudException invocation(String function, int status, String errorKind, byte[] body) {
        String resource = "function " + function;
        java.util.Optional<FunctionProtocol.ErrorBody> error = FunctionProtocol.ErrorBody.parse(body);
        if (status == 500 && error.isPresent() && !FunctionProtocol.ERROR_DEPLOYMENT.equals(errorKind)) {
            return new FunctionFailedException(function, error.get().errorType(), error.get().errorMessage(), PROVIDER);
        }
        ErrorCode code = httpCode(status);
        String detail;
        if (error.isPresent()) {
            detail = error.get().errorType() + ": " + error.get().errorMessage();
        } else {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
            detail = text.isEmpty() ? "no body" : text;
        }
        if (FunctionProtocol.ERROR_DEPLOYMENT.equals(errorKind)) {
            code = ErrorCode.INTERNAL;
            detail = "the function's portable handler cannot be loaded: " + detail;
        }
        return new CloudException(code, "invoke on " + resource + " answered HTTP " + status + ": " + detail,
                PROVIDER, resource, null);
    }

    /**
     * The failure of an HTTP call that got no answer.
     *
     * @param e the transport failure
     * @param operation what was attempted
     * @param resource the resource
     * @return the exception to throw: INTERNAL for a response that could not be parsed ({@link ParseFailures}),
     *         DEADLINE_EXCEEDED for a timeout, UNAVAILABLE otherwise
     */
    public static CloudException transport(IOException e, String operation, String resource) {
        if (ParseFailures.isParseFailure(e)) {
            return new CloudException(ErrorCode.INTERNAL, operation + " on " + resource + " failed: " + parseDetail(e),
                    PROVIDER, resource, e);
        }
        ErrorCode code = e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)
                ? ErrorCode.DEADLINE_EXCEEDED : ErrorCode.UNAVAILABLE;
        String what = e instanceof ConnectException ? "could not connect" : e.toString();
        return new CloudException(code, operation + " on " + resource + " failed: " + what, PROVIDER, resource, e);
    }

    private static String parseDetail(Throwable e) {
        return ParseFailures.DESCRIPTION + " (not retried: it fails the same way every time): "
                + ParseFailures.describe(ParseFailures.find(e).orElse(e));
    }
}
