package dev.polycloud.function;

/**
 * A function written once and run unchanged on every provider: the local in-process runtime,
 * AWS Lambda, Google Cloud Functions or Azure Functions (each through its adapter).
 *
 * <p>The input and output types are read from the implementing class's type arguments and
 * converted from and to the invocation payload by {@link PayloadCodec}: {@code byte[]} (raw),
 * {@code String} (UTF-8), the portable events ({@link HttpRequest}/{@link HttpResponse},
 * {@link MessageBatch}/{@link BatchResult}, {@link TableChangeBatch}), or any type Jackson maps to
 * JSON. Implementations need a public no-argument constructor; one instance serves many
 * invocations, possibly concurrently, so keep it thread-safe.
 *
 * <p>An exception thrown by {@link #handle} fails the invocation: callers see
 * {@link dev.polycloud.ErrorCode#FUNCTION_FAILED} with the exception's type and message
 * ({@link FunctionFailedException}), a gateway answers 502.
 *
 * @param <I> the input type
 * @param <O> the output type ({@code Void} for none)
 */
@FunctionalInterface
public interface FunctionHandler<I, O> {

    /**
     * Handles one invocation.
     *
     * @param input the decoded payload
     * @param context the invocation's name, request id, remaining time and logger
     * @return the result, encoded as the response payload
     * @throws Exception any failure, reported to the caller as {@code FUNCTION_FAILED}
     */
    O handle(I input, FunctionContext context) throws Exception;
}
