package dev.polycloud.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HandlerInvoker.HandlerFailure;
import dev.polycloud.function.HandlerInvoker.HandlerLoadException;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.TableChangeBatch;
import dev.polycloud.internal.FunctionObservation;
import dev.polycloud.message.ReceivedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The Lambda adapter: a {@link RequestStreamHandler} that runs an unchanged portable
 * {@link dev.polycloud.function.FunctionHandler} on AWS Lambda. Deploy it with the handler
 * {@value #LAMBDA_HANDLER} and the environment variable {@value #HANDLER_ENV} naming the portable
 * handler class (the AWS function driver does both); the class is loaded once per container with
 * {@link HandlerInvoker}. Nothing here builds an AWS client: the adapter only reads the event, calls
 * the handler and writes the answer, so it adds little to cold starts.
 *
 * <p>What arrives, and what the handler sees:
 * <ul>
 *   <li>a Polycloud invocation ({@link PayloadEnvelope}): the raw payload, answered in an envelope;</li>
 *   <li>an API Gateway proxy event (HTTP API payload 2.0, or REST API / payload 1.0): an
 *       {@link HttpRequest}; its {@link dev.polycloud.function.HttpResponse} becomes the proxy result.
 *       A handler that throws is answered 502 and one that runs out of time (Lambda's remaining time
 *       less a small margin) 504, as on every provider, instead of API Gateway's own 500 / 503;</li>
 *   <li>an SQS event: a {@link MessageBatch}; the failed ids of its {@link BatchResult} become
 *       {@code batchItemFailures} (the event source mapping reports batch item failures), and a
 *       handler that throws fails the whole batch;</li>
 *   <li>an SNS event: a {@link MessageBatch} of its message; a failed message fails the
 *       invocation, so Lambda retries it;</li>
 *   <li>a DynamoDB stream event: a {@link TableChangeBatch}; failed change ids (sequence numbers)
 *       become {@code batchItemFailures};</li>
 *   <li>an S3 event notification (a bucket trigger, see {@link S3Events}): a {@link BlobEventBatch} (not
 *       called when no record is an object creation or removal); a handler that throws fails the invocation,
 *       so Lambda retries it (S3 invokes asynchronously: two retries, then the function's on-failure
 *       destination); its result is ignored;</li>
 *   <li>anything else: the raw bytes, decoded by {@link HandlerInvoker} to the handler's input type,
 *       the result encoded raw.</li>
 * </ul>
 * A portable event reaches a handler whose input type is not that event's type as the event's JSON,
 * decoded to the handler's type (as the local runtime does).
 *
 * <p>A failing handler fails the invocation with the handler's own exception, so Lambda reports
 * the exception's class name as {@code errorType} and its message as {@code errorMessage}, and the
 * Polycloud client raises {@link dev.polycloud.function.FunctionFailedException} with both.
 * A payload the handler's input type cannot decode fails the same way with the decoding error.
 */
public class PolycloudLambdaHandler implements RequestStreamHandler {

    /** The Lambda handler string of this adapter. */
    public static final String LAMBDA_HANDLER = "dev.polycloud.aws.lambda.PolycloudLambdaHandler::handleRequest";
    /** The environment variable naming the portable handler class. */
    public static final String HANDLER_ENV = "POLYCLOUD_HANDLER";
    /** The environment variable listing, comma-separated, the variables of the function's spec. */
    public static final String ENVIRONMENT_ENV = "POLYCLOUD_ENVIRONMENT";
    /** The variables the adapter and driver reserve. */
    public static final Set<String> RESERVED = Set.of(HANDLER_ENV, ENVIRONMENT_ENV, Sources.ENV);

    /** The provider id reported with each invocation. */
    private static final String PROVIDER = "aws";

    /** Time kept back from Lambda's remaining time to answer an HTTP request 504 before Lambda stops the handler. */
    static final long HTTP_MARGIN_MILLIS = 250;

    private final String handlerClass;
    private final Map<String, String> environment;
    private final Sources sources;
    private final HandlerInvoker invoker;
    private final HandlerLoadException loadFailure;
    private volatile ExecutorService httpPool;

    /** Creates the adapter from the process environment (Lambda calls this once per container). */
    public PolycloudLambdaHandler() {
        this(System.getenv(), PolycloudLambdaHandler.class.getClassLoader());
    }

    /**
     * Creates the adapter from an explicit environment (tests).
     *
     * @param env the environment variables
     * @param loader the class loader holding the handler
     */
    PolycloudLambdaHandler(Map<String, String> env, ClassLoader loader) {
        this.handlerClass = env.get(HANDLER_ENV);
        this.environment = portableEnvironment(env);
        this.sources = Sources.parse(env.get(Sources.ENV));
        HandlerInvoker loaded = null;
        HandlerLoadException failure = null;
        if (handlerClass == null || handlerClass.isBlank()) {
            failure = new HandlerLoadException("The environment variable " + HANDLER_ENV
                    + " is not set: it names the FunctionHandler class to run");
        } else {
            try {
                loaded = HandlerInvoker.load(handlerClass.trim(), loader);
            } catch (HandlerLoadException e) {
                failure = e;
            }
        }
        this.invoker = loaded;
        this.loadFailure = failure;
    }

    /**
     * The variables of the function's spec, as listed in {@value #ENVIRONMENT_ENV}.
     *
     * @param env the process environment
     * @return the portable environment, unmodifiable
     */
    public static Map<String, String> portableEnvironment(Map<String, String> env) {
        String names = env.get(ENVIRONMENT_ENV);
        Map<String, String> out = new LinkedHashMap<>();
        if (names != null && !names.isBlank()) {
            Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                    .forEach(n -> out.put(n, env.getOrDefault(n, "")));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] in = input.readAllBytes();
        output.write(handle(in, context));
        output.flush();
    }

    /**
     * Handles one invocation.
     *
     * @param in the event bytes
     * @param context Lambda's context
     * @return the answer bytes
     */
    byte[] handle(byte[] in, Context context) {
        if (invoker == null) {
            throw loadFailure;
        }
        FunctionContext fc = new LambdaFunctionContext(context, environment);
        JsonNode root = parse(in);
        if (root == null) {
            return observed(fc, FunctionObservation.OTHER, List.of(), () -> invokeRaw(in, fc));
        }
        var envelope = PayloadEnvelope.unwrap(root);
        if (envelope.isPresent()) {
            return PayloadEnvelope.wrap(observed(fc, FunctionObservation.OTHER, List.of(),
                    () -> invokeRaw(envelope.get(), fc)));
        }
        if (HttpEvents.isV2(root)) {
            return json(http(HttpEvents.fromV2(root), route(root.path("routeKey").asText("")), true, context, fc));
        }
        if (HttpEvents.isV1(root)) {
            return json(http(HttpEvents.fromV1(root), root.path("resource").asText("unmatched"), false, context, fc));
        }
        if (S3Events.isS3(root)) {
            BlobEventBatch batch = S3Events.fromS3(root);
            if (!batch.events().isEmpty()) {
                invokeEvent(batch, fc); // the result is ignored; a handler that throws fails the invocation
            }
            return new byte[0];
        }
        if (MessageEvents.isSqs(root)) {
            MessageEvents.SqsBatch batch = MessageEvents.fromSqs(root, sources);
            Object out = observed(fc, FunctionObservation.PUBSUB, carriers(batch.batch()),
                    () -> invokeEvent(batch.batch(), fc));
            return json(MessageEvents.batchItemFailures(failedIds(out), batch.nativeIds()));
        }
        if (MessageEvents.isSns(root)) {
            MessageBatch batch = MessageEvents.fromSns(root);
            Set<String> failed = failedIds(observed(fc, FunctionObservation.PUBSUB, carriers(batch),
                    () -> invokeEvent(batch, fc)));
            if (!failed.isEmpty()) {
                throw new MessagesFailedException("The handler failed messages " + failed + " of "
                        + batch.source() + "; Lambda retries the invocation");
            }
            return new byte[0];
        }
        if (StreamEvents.isDynamoDb(root)) {
            TableChangeBatch batch = StreamEvents.fromDynamoDb(root, sources);
            return json(MessageEvents.itemFailures(failedIds(observed(fc, FunctionObservation.DATASOURCE, List.of(),
                    () -> invokeEvent(batch, fc)))));
        }
        return observed(fc, FunctionObservation.OTHER, List.of(), () -> invokeRaw(in, fc));
    }

    /**
     * Runs one invocation with the MDC keys and the observer's invocation scope ({@link FunctionObservation}):
     * the function's span continues the trace context of the triggering messages.
     */
    private static <T> T observed(FunctionContext fc, String trigger, List<Map<String, String>> carriers,
                                  Supplier<T> call) {
        try (FunctionObservation.Invocation invocation = FunctionObservation.begin(HandlerInvoker.observer(),
                PROVIDER, fc.functionName(), trigger, fc.requestId(), carriers)) {
            try {
                T out = call.get();
                invocation.end(null);
                return out;
            } catch (RuntimeException e) {
                invocation.end(ErrorCode.FUNCTION_FAILED);
                throw e;
            }
        }
    }

    /** The attributes of each message of a batch: where the producers' trace context is. */
    private static List<Map<String, String>> carriers(MessageBatch batch) {
        return batch.messages().stream().map(ReceivedMessage::attributes).toList();
    }

    /** The route template of an HTTP API route key ({@code GET /orders/{id}}); {@code $default} stays as is. */
    private static String route(String routeKey) {
        int space = routeKey.indexOf(' ');
        return space >= 0 ? routeKey.substring(space + 1) : routeKey.isEmpty() ? "unmatched" : routeKey;
    }

    private byte[] invokeRaw(byte[] payload, FunctionContext fc) {
        try {
            return invoker.invoke(payload, fc);
        } catch (HandlerFailure f) {
            throw rethrow(f);
        }
    }

    private Object invokeEvent(Object event, FunctionContext fc) {
        try {
            return invoker.invokeObject(input(event), fc);
        } catch (HandlerFailure f) {
            throw rethrow(f);
        }
    }

    private Object input(Object event) throws HandlerFailure {
        Type type = invoker.inputType();
        if (type instanceof Class<?> c && c.isInstance(event)) {
            return event;
        }
        try {
            return PayloadCodec.decode(PayloadCodec.encode(event), type);
        } catch (IllegalArgumentException e) {
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
    }

    /**
     * Answers an API Gateway request inside its request span (continuing the {@code traceparent} header, with the
     * route and the status; the gateway request timer), the handler's invocation span its child.
     */
    private JsonNode http(HttpRequest request, String route, boolean v2, Context context, FunctionContext fc) {
        try (FunctionObservation.Request observed = FunctionObservation.beginRequest(HandlerInvoker.observer(),
                PROVIDER, fc.functionName(), route, request)) {
            JsonNode result = http(request, observed.carriers(), v2, context, fc);
            observed.httpStatus(result.path("statusCode").asInt(500));
            return result;
        }
    }

    private JsonNode http(HttpRequest request, List<Map<String, String>> carriers, boolean v2, Context context,
                          FunctionContext fc) {
        Object input;
        try {
            input = input(request);
        } catch (HandlerFailure f) {
            log(context, "Request " + request.method() + " " + request.rawPath() + " failed: " + f.errorType()
                    + ": " + f.getMessage());
            return HttpEvents.error(502, "Bad Gateway", v2);
        }
        long budget = context.getRemainingTimeInMillis() - HTTP_MARGIN_MILLIS;
        Future<Object> answer = pool().submit(() -> {
            try (FunctionObservation.Invocation invocation = FunctionObservation.begin(HandlerInvoker.observer(),
                    PROVIDER, fc.functionName(), FunctionObservation.HTTP, fc.requestId(), carriers)) {
                try {
                    Object out = invoker.invokeObject(input, fc);
                    invocation.end(null);
                    return out;
                } catch (HandlerFailure f) {
                    invocation.end(ErrorCode.FUNCTION_FAILED);
                    throw f;
                }
            }
        });
        try {
            Object out = budget > 0 ? answer.get(budget, TimeUnit.MILLISECONDS) : answer.get();
            return HttpEvents.toResult(out, v2);
        } catch (TimeoutException e) {
            answer.cancel(true);
            log(context, "Request " + request.method() + " " + request.rawPath() + " timed out");
            return HttpEvents.error(504, "Gateway Timeout", v2);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof HandlerFailure f ? f.errorType() + ": " + f.getMessage() : cause.toString();
            log(context, "Request " + request.method() + " " + request.rawPath() + " failed: " + what);
            return HttpEvents.error(502, "Bad Gateway", v2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return HttpEvents.error(504, "Gateway Timeout", v2);
        }
    }

    private ExecutorService pool() {
        ExecutorService p = httpPool;
        if (p == null) {
            synchronized (this) {
                if (httpPool == null) {
                    httpPool = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "polycloud-http-handler");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = httpPool;
            }
        }
        return p;
    }

    private static Set<String> failedIds(Object out) {
        if (out == null) {
            return Set.of();
        }
        if (out instanceof BatchResult r) {
            return r.failedIds();
        }
        try {
            BatchResult r = PayloadCodec.decode(PayloadCodec.encode(out), BatchResult.class);
            return r == null ? Set.of() : r.failedIds();
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
    }

    private static JsonNode parse(byte[] in) {
        int i = 0;
        while (i < in.length && Character.isWhitespace(in[i])) {
            i++;
        }
        if (i == in.length || (in[i] != '{' && in[i] != '[')) {
            return null;
        }
        try {
            return PayloadCodec.mapper().readTree(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] json(JsonNode node) {
        try {
            return PayloadCodec.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the answer: " + e, e);
        }
    }

    private static void log(Context context, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message + "\n");
        } else {
            System.err.println(message);
        }
    }

    /**
     * The handler's own exception, so that Lambda reports its class name and message.
     *
     * @param failure the failure around it
     * @return never returns normally
     */
    private static RuntimeException rethrow(HandlerFailure failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return PolycloudLambdaHandler.<RuntimeException>sneaky(cause);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Some messages of an SNS event failed: the invocation fails so that Lambda retries it. */
    static final class MessagesFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MessagesFailedException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "PolycloudLambdaHandler[" + handlerClass + "]";
    }
}
