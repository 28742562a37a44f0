package dev.polycloud.azure.functions;

import dev.polycloud.ErrorCode;
import dev.polycloud.internal.FunctionObservation;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import dev.polycloud.azure.functions.AzureTriggerMessages;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HandlerInvoker.HandlerFailure;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.gateway.RouteTable;
import dev.polycloud.internal.GatewayHttp;
import dev.polycloud.message.ReceivedMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;

/**
 * Runs an unchanged portable {@link FunctionHandler} in an Azure Functions Java function, in one
 * line. The handler class is instantiated once per class and cached; it must be thread-safe, as on
 * every provider.
 *
 * <h2>HTTP trigger</h2>
 * <pre>{@code
 * @FunctionName("orders")
 * public HttpResponseMessage orders(
 *         @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST},
 *                      authLevel = AuthorizationLevel.FUNCTION, dataType = "binary")
 *         HttpRequestMessage<Optional<byte[]>> request, ExecutionContext context) {
 *     return PolycloudAzure.http(request, context, OrdersHandler.class);
 * }
 * }</pre>
 * Declare the body as {@code Optional<byte[]>} with {@code dataType = "binary"} so binary bodies
 * pass intact ({@code String} bodies work too, as UTF-8). One function serves three kinds of call:
 * <ul>
 *   <li><b>an invocation</b> ({@code cloud.functions().invoke(...)}, marked
 *       {@value FunctionsProtocol#INVOKE_HEADER}) — and any call of a handler whose input is not
 *       {@link HttpRequest}: the body is the payload, decoded to the handler's input type by
 *       {@link PayloadCodec}; the answer is 200 with the encoded output, or
 *       {@value FunctionsProtocol#FAILED_STATUS} with {@code {"errorType":...,"errorMessage":...}} and
 *       {@value FunctionsProtocol#ERROR_HEADER} when the handler fails;</li>
 *   <li><b>a gateway request</b> (API Management, which adds {@value FunctionsProtocol#ROUTE_HEADER}
 *       and {@value FunctionsProtocol#PATH_HEADER}) — and any other call of a handler whose input is
 *       {@link HttpRequest}: the handler gets the request (method, raw path, path parameters of the
 *       route, every value of each query parameter from the raw query string, case-insensitive headers
 *       without the function key and the protocol headers, the body bytes) and its
 *       {@link HttpResponse} goes back as it is (a header's values joined with {@code ", "}); a failing
 *       handler is answered {@value FunctionsProtocol#GATEWAY_FAILED_STATUS} with the error body.</li>
 * </ul>
 * A failing handler is reported through the invocation's logger at SEVERE and answered as above
 * rather than rethrown: rethrowing would make the host answer an empty 500 and the caller would
 * lose the handler's error type. A handler class that cannot be loaded is rethrown (the host
 * answers 500 and logs it). Route parameters: when the function has its own route (for example
 * {@code route = "orders/{id}"}), pass that template to
 * {@link #http(HttpRequestMessage, ExecutionContext, Class, String)}; behind API Management the
 * gateway's route template is used.
 *
 * <h2>Queue and Service Bus triggers</h2>
 * <pre>{@code
 * @FunctionName("orders-worker")
 * public void work(@QueueTrigger(name = "msg", queueName = "orders", connection = "AzureWebJobsStorage") String message,
 *                  @BindingName("Id") String id, @BindingName("DequeueCount") long dequeueCount,
 *                  ExecutionContext context) {
 *     PolycloudAzure.queue("orders", message, id, dequeueCount, context, OrderWorker.class);
 * }
 * }</pre>
 * The handler gets a {@link MessageBatch} of one message, decoded from the envelope the Azure queue
 * driver wrote (attributes, ordering group and send time included), and returns a
 * {@link BatchResult}. When it throws, or names the message as failed, the adapter throws (the
 * handler's own unchecked exception, or a {@link HandlerFailedException}) so that the host retries
 * the message and after {@code maxDequeueCount} moves it to {@code <queue>-poison} — the same
 * convention as the portable dead-letter queue. Service Bus works the same with
 * {@link #serviceBus(String, String, Object, String, long, Map, ExecutionContext, Class)}
 * (application properties become attributes; after the subscription's max delivery count Service
 * Bus dead-letters it).
 *
 * <h2>Timer trigger (schedules)</h2>
 * Azure schedules are declared with the function, not bound through the API, so
 * {@code cloud.functions().schedule(...)} is {@code UNIMPLEMENTED} on Azure; declare the timer and
 * run the unchanged handler (a {@code FunctionHandler<ScheduledEvent, ?>}) in one line:
 * <pre>{@code
 * @FunctionName("orders-summary")
 * public void summary(@TimerTrigger(name = "timer", schedule = "0 30 2 * * *") String timerInfo,
 *                     ExecutionContext context) {
 *     PolycloudAzure.timer("orders-summary", timerInfo, context, OrdersSummary.class);
 * }
 * }</pre>
 * Azure's NCRONTAB has six fields like the portable dialect ({@code second minute hour day month
 * day-of-week}) but counts days of the week 0–6 from Sunday and has no {@code ?} (write {@code *}); the
 * zone is the app setting {@code WEBSITE_TIME_ZONE} (UTC by default). The host runs a timer function as a
 * singleton, so runs do not overlap. The timer binding does not pass the due time: the event's
 * {@code scheduledTime} and {@code actualTime} are both the moment the adapter starts the handler.
 * A failing handler is rethrown and the host logs it; the run is not retried (the next tick runs).
 *
 * <h2>Event Grid trigger (bucket events)</h2>
 * {@code cloud.functions().bind(fn, TriggerSource.bucket(...), n)} creates an Event Grid subscription on the storage
 * account that delivers the container's {@code BlobCreated}/{@code BlobDeleted} events to the function (see
 * {@code dev.polycloud.azure.blob.EventGridBucketTriggers}); the function declares the Event Grid trigger and runs
 * the unchanged handler (a {@code FunctionHandler<BlobEventBatch, ?>}) in one line:
 * <pre>{@code
 * @FunctionName("thumbnail")
 * public void thumbnail(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
 *     PolycloudAzure.eventGrid(event, context, ThumbnailHandler.class);
 * }
 * }</pre>
 * A failing handler is rethrown, so Event Grid retries the delivery (with its retry policy; the subscription Polycloud
 * creates allows 30 attempts within 24 hours).
 *
 * <h2>Context</h2>
 * {@link dev.polycloud.function.FunctionContext#functionName()} is the {@code @FunctionName} (give
 * it the portable function name), {@code requestId()} the host's invocation id, {@code logger()} writes
 * to the invocation's log, {@code environment()} is the process environment (the app settings), and
 * {@code remainingTime()} counts down from {@value #TIMEOUT_SETTING} (seconds or ISO-8601; default
 * 230 s for HTTP, 5 minutes otherwise — set it to the app's {@code functionTimeout}).
 */
public final class PolycloudAzure {

    /** The provider id reported with each invocation. */
    private static final String PROVIDER = "azure";

    /** The app setting that tells the adapter the app's function timeout. */
    public static final String TIMEOUT_SETTING = "POLYCLOUD_FUNCTION_TIMEOUT";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(230);
    private static final Duration TRIGGER_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<String> HIDDEN_HEADERS = Set.of(FunctionsProtocol.KEY_HEADER.toLowerCase(Locale.ROOT),
            FunctionsProtocol.INVOKE_HEADER.toLowerCase(Locale.ROOT), FunctionsProtocol.ROUTE_HEADER.toLowerCase(Locale.ROOT),
            FunctionsProtocol.PATH_HEADER.toLowerCase(Locale.ROOT));

    private static final ConcurrentMap<Class<?>, HandlerInvoker> HANDLERS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, Optional<RouteTable>> ROUTES = new ConcurrentHashMap<>();

    private PolycloudAzure() {
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Serves an HTTP-triggered invocation with a portable handler.
     *
     * @param request the trigger's request
     * @param context the invocation's context
     * @param handler the handler class (public, no-argument constructor)
     * @return the response for the host
     * @throws dev.polycloud.function.HandlerInvoker.HandlerLoadException when the handler class cannot be loaded
     */
    public static HttpResponseMessage http(HttpRequestMessage<?> request, ExecutionContext context,
                                           Class<? extends FunctionHandler<?, ?>> handler) {
        return http(request, context, handler, null);
    }

    /**
     * Serves an HTTP-triggered invocation of a function that has its own route.
     *
     * @param request the trigger's request
     * @param context the invocation's context
     * @param handler the handler class (public, no-argument constructor)
     * @param route the function's route template as in {@code @HttpTrigger(route = ...)}, e.g.
     *              {@code "orders/{id}"} (constraints such as {@code {id:int}} are ignored), or null
     * @return the response for the host
     * @throws dev.polycloud.function.HandlerInvoker.HandlerLoadException when the handler class cannot be loaded
     */
    public static HttpResponseMessage http(HttpRequestMessage<?> request, ExecutionContext context,
                                           Class<? extends FunctionHandler<?, ?>> handler, String route) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        HandlerInvoker invoker = invoker(handler);
        Map<String, String> headers = request.getHeaders() == null ? Map.of() : request.getHeaders();
        String gatewayRoute = header(headers, FunctionsProtocol.ROUTE_HEADER);
        boolean invoke = gatewayRoute == null && header(headers, FunctionsProtocol.INVOKE_HEADER) != null;
        AzureFunctionContext ctx = new AzureFunctionContext(context, timeout(HTTP_TIMEOUT));
        if (invoke || (gatewayRoute == null && invoker.inputType() != HttpRequest.class)) {
            try {
                byte[] out = observed(ctx, FunctionObservation.OTHER, List.of(),
                        () -> invoker.invoke(bytes(request.getBody()), ctx));
                return respond(request, new HttpResponse(200,
                        Headers.of(Map.of("content-type", "application/octet-stream")), out));
            } catch (HandlerFailure f) {
                return failed(request, context, invoker, f, FunctionsProtocol.FAILED_STATUS);
            }
        }
        String template = gatewayRoute != null ? gatewayRoute : route;
        HttpRequest event = event(request, template);
        try (FunctionObservation.Invocation observed = FunctionObservation.beginHttp(HandlerInvoker.observer(),
                PROVIDER, ctx.functionName(), template == null || template.isBlank() ? "unmatched"
                        : normalise(template.strip()), ctx.functionName(), ctx.requestId(), event)) {
            HttpResponse response;
            try {
                if (invoker.inputType() == HttpRequest.class) {
                    Object out = invoker.invokeObject(event, ctx);
                    response = out instanceof HttpResponse r ? r : GatewayHttp.responseOf(encode(out));
                } else {
                    response = GatewayHttp.responseOf(invoker.invoke(PayloadCodec.encode(event), ctx));
                }
                observed.end(null);
            } catch (HandlerFailure f) {
                observed.end(ErrorCode.FUNCTION_FAILED);
                observed.httpStatus(FunctionsProtocol.GATEWAY_FAILED_STATUS);
                return failed(request, context, invoker, f, FunctionsProtocol.GATEWAY_FAILED_STATUS);
            }
            observed.httpStatus(response.status());
            return respond(request, response);
        }
    }

    /** A call of the handler that may fail. */
    @FunctionalInterface
    private interface HandlerCall<T> {
        T call() throws HandlerFailure;
    }

    /**
     * Runs one invocation with the MDC keys and the observer's invocation scope ({@link FunctionObservation},
     * observer {@link HandlerInvoker#observer()}), continuing the trace context of the triggering messages.
     */
    private static <T> T observed(AzureFunctionContext ctx, String trigger, List<Map<String, String>> carriers,
                                  HandlerCall<T> call) throws HandlerFailure {
        try (FunctionObservation.Invocation invocation = FunctionObservation.begin(HandlerInvoker.observer(),
                PROVIDER, ctx.functionName(), trigger, ctx.requestId(), carriers)) {
            try {
                T out = call.call();
                invocation.end(null);
                return out;
            } catch (HandlerFailure | RuntimeException e) {
                invocation.end(ErrorCode.FUNCTION_FAILED);
                throw e;
            }
        }
    }

    /**
     * The portable request for an HTTP trigger's request.
     *
     * @param request the trigger's request
     * @param route the route template whose parameters to extract (from API Management or the
     *              function's own route), or null
     * @return the portable request
     */
    static HttpRequest event(HttpRequestMessage<?> request, String route) {
        Map<String, String> raw = request.getHeaders() == null ? Map.of() : request.getHeaders();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k != null && v != null && !HIDDEN_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                headers.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        });
        URI uri = request.getUri();
        String path = header(raw, FunctionsProtocol.PATH_HEADER);
        if (path == null || !path.startsWith("/")) {
            path = uri == null || uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        }
        Map<String, List<String>> query = uri == null || uri.getRawQuery() == null ? null : GatewayHttp.parseQueryLenient(uri.getRawQuery());
        if (query == null) {
            query = new LinkedHashMap<>();
            if (request.getQueryParameters() != null) {
                for (Map.Entry<String, String> e : request.getQueryParameters().entrySet()) {
                    query.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue() == null ? "" : e.getValue());
                }
            }
        }
        String method = request.getHttpMethod() == null ? "GET" : request.getHttpMethod().name();
        return new HttpRequest(method, path, pathParameters(route, path), query, new Headers(headers),
                bytes(request.getBody()));
    }

    /**
     * The parameters of a route template in a path: the template is matched against the path's last
     * segments (the path may carry a prefix such as {@code /api} or the gateway's name).
     *
     * @param route the template, e.g. {@code /orders/{id}} or {@code orders/{id:int}}, or null
     * @param rawPath the raw path
     * @return decoded parameter values by name (empty when the template does not match)
     */
    static Map<String, String> pathParameters(String route, String rawPath) {
        if (route == null || route.isBlank()) {
            return Map.of();
        }
        Optional<RouteTable> table = ROUTES.computeIfAbsent(route.strip(), PolycloudAzure::routeTable);
        if (table.isEmpty()) {
            return Map.of();
        }
        String template = normalise(route.strip());
        int wanted = template.equals("/") ? 0 : template.substring(1).split("/", -1).length;
        String[] parts = rawPath.equals("/") || rawPath.isEmpty() ? new String[0] : rawPath.substring(1).split("/", -1);
        if (parts.length < wanted) {
            return Map.of();
        }
        StringBuilder tail = new StringBuilder();
        for (int i = parts.length - wanted; i < parts.length; i++) {
            tail.append('/').append(parts[i]);
        }
        try {
            RouteTable.Match m = table.get().match("GET", tail.length() == 0 ? "/" : tail.toString());
            return m instanceof RouteTable.Found f ? f.pathParameters() : Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of(); // malformed percent-encoding
        }
    }

    private static Optional<RouteTable> routeTable(String route) {
        try {
            return Optional.of(new RouteTable(new GatewaySpec(List.of(new Route("ANY", normalise(route), "polycloud")))));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a template the portable routes can express (e.g. a catch-all)
        }
    }

    /** An Azure route template as a portable path: leading slash, no constraints, no optional marks. */
    private static String normalise(String route) {
        String r = route.replaceAll("\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\\??}", "{$1}");
        return r.startsWith("/") ? r : "/" + r;
    }

    private static byte[] encode(Object out) throws HandlerFailure {
        try {
            return PayloadCodec.encode(out);
        } catch (IllegalArgumentException e) {
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
    }

    /**
     * The host's response for a portable one.
     *
     * @param request the trigger's request (its builder makes the response)
     * @param response the portable response
     * @return the host's response
     */
    static HttpResponseMessage respond(HttpRequestMessage<?> request, HttpResponse response) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(status(response.status()));
        response.headers().values().forEach((name, values) -> b.header(name, String.join(", ", values)));
        return b.body(response.body()).build();
    }

    private static HttpStatusType status(int code) {
        try {
            return HttpStatus.valueOf(code);
        } catch (IllegalArgumentException e) {
            return HttpStatusType.custom(code);
        }
    }

    private static HttpResponseMessage failed(HttpRequestMessage<?> request, ExecutionContext context,
                                              HandlerInvoker invoker, HandlerFailure f, int status) {
        java.util.logging.Logger log = context.getLogger();
        if (log != null) {
            log.log(Level.SEVERE, "Polycloud handler " + invoker.className() + " failed: " + f.errorType()
                    + (f.getMessage().isEmpty() ? "" : ": " + f.getMessage()), f.getCause());
        }
        Headers headers = Headers.of(Map.of("content-type", "application/json",
                FunctionsProtocol.ERROR_HEADER, FunctionsProtocol.HANDLER_FAILED));
        return respond(request, new HttpResponse(status, headers,
                FunctionsProtocol.errorBody(f.errorType(), f.getMessage())));
    }

    // ---------------------------------------------------------------- timers

    /**
     * Serves a timer-triggered invocation with a {@link dev.polycloud.function.ScheduledEvent}.
     *
     * @param schedule the portable schedule name the event carries
     * @param timerInfo the trigger's {@code String} value (the host's timer status JSON; unused but for
     *                  logging, it may be null)
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure
     */
    public static void timer(String schedule, String timerInfo, ExecutionContext context,
                             Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(context, "context");
        java.time.Instant now = java.time.Instant.now();
        dev.polycloud.function.ScheduledEvent event = new dev.polycloud.function.ScheduledEvent(schedule, now, now,
                Optional.empty());
        HandlerInvoker invoker = invoker(handler);
        AzureFunctionContext ctx = new AzureFunctionContext(context, timeout(TRIGGER_TIMEOUT));
        try {
            observed(ctx, FunctionObservation.TIMER, List.of(), () -> {
                if (invoker.inputType() == dev.polycloud.function.ScheduledEvent.class) {
                    return invoker.invokeObject(event, ctx);
                }
                return invoker.invoke(PayloadCodec.encode(event), ctx);
            });
        } catch (HandlerFailure f) {
            Throwable cause = f.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new HandlerFailedException(f.errorType(), f.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------- bucket events (Event Grid)

    /**
     * Serves an Event Grid-triggered invocation with the {@link dev.polycloud.function.BlobEventBatch} of a Blob
     * Storage event ({@link EventGridBlobEvents}). Events that are no blob creation or deletion are acknowledged
     * without running the handler; the handler's result is ignored.
     *
     * @param event the trigger's {@code String} value: one event (or an array of events) as JSON
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure, so that Event Grid retries the delivery
     * @throws IllegalArgumentException when the event is not JSON
     */
    public static void eventGrid(String event, ExecutionContext context, Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(context, "context");
        Optional<dev.polycloud.function.BlobEventBatch> batch = EventGridBlobEvents.decode(event);
        if (batch.isEmpty()) {
            return;
        }
        HandlerInvoker invoker = invoker(handler);
        AzureFunctionContext ctx = new AzureFunctionContext(context, timeout(TRIGGER_TIMEOUT));
        try {
            if (invoker.inputType() == dev.polycloud.function.BlobEventBatch.class) {
                invoker.invokeObject(batch.get(), ctx);
            } else {
                invoker.invoke(PayloadCodec.encode(batch.get()), ctx);
            }
        } catch (HandlerFailure f) {
            Throwable cause = f.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new HandlerFailedException(f.errorType(), f.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------- queues and Service Bus

    /**
     * Serves a Storage Queue-triggered invocation whose metadata is not bound: the message id is the
     * invocation id and the delivery count 1 (bind {@code Id} and {@code DequeueCount} and use
     * {@link #queue(String, String, String, long, ExecutionContext, Class)} for the real ones).
     *
     * @param queue the portable queue name (the batch's source is {@code queue/<queue>})
     * @param message the message text
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure, so that the host retries the message
     */
    public static void queue(String queue, String message, ExecutionContext context,
                             Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(context, "context");
        queue(queue, message, context.getInvocationId(), 1, context, handler);
    }

    /**
     * Serves a Storage Queue-triggered invocation.
     *
     * @param queue the portable queue name (the batch's source is {@code queue/<queue>})
     * @param message the message text (the trigger's {@code String} value)
     * @param id the message id ({@code @BindingName("Id")})
     * @param dequeueCount the delivery count ({@code @BindingName("DequeueCount")})
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure, so that the host retries the message
     */
    public static void queue(String queue, String message, String id, long dequeueCount, ExecutionContext context,
                             Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(context, "context");
        ReceivedMessage m = AzureTriggerMessages.fromQueue(id == null ? context.getInvocationId() : id, message,
                dequeueCount);
        batch(new MessageBatch("queue/" + queue, List.of(m)), context, handler);
    }

    /**
     * Serves a Service Bus topic-triggered invocation whose metadata is not bound: the message id is
     * the invocation id, the delivery count 1, no attributes.
     *
     * @param topic the portable topic name
     * @param subscription the portable subscription name
     * @param body the message body ({@code byte[]} with {@code dataType = "binary"}, or text)
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure, so that the host abandons the message
     */
    public static void serviceBus(String topic, String subscription, Object body, ExecutionContext context,
                                  Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(context, "context");
        serviceBus(topic, subscription, body, context.getInvocationId(), 1, Map.of(), context, handler);
    }

    /**
     * Serves a Service Bus topic-triggered invocation.
     *
     * @param topic the portable topic name
     * @param subscription the portable subscription name (the batch's source is
     *                     {@code subscription/<topic>/<subscription>})
     * @param body the message body ({@code byte[]} with {@code dataType = "binary"}, or text)
     * @param id the message id ({@code @BindingName("MessageId")})
     * @param deliveryCount the delivery count ({@code @BindingName("DeliveryCount")}, 1 on the first delivery)
     * @param properties the application properties ({@code @BindingName("ApplicationProperties")}, or
     *                   {@code "UserProperties"} on older extension bundles), the portable attributes
     * @param context the invocation's context
     * @param handler the handler class
     * @throws RuntimeException the handler's failure, so that the host abandons the message
     */
    public static void serviceBus(String topic, String subscription, Object body, String id, long deliveryCount,
                                  Map<String, ?> properties, ExecutionContext context,
                                  Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(context, "context");
        ReceivedMessage m = AzureTriggerMessages.fromServiceBus(id == null ? context.getInvocationId() : id,
                body instanceof byte[] b ? b : body == null ? new byte[0]
                        : String.valueOf(body).getBytes(StandardCharsets.UTF_8),
                properties, deliveryCount, null);
        batch(new MessageBatch("subscription/" + topic + "/" + subscription, List.of(m)), context, handler);
    }

    private static void batch(MessageBatch batch, ExecutionContext context, Class<? extends FunctionHandler<?, ?>> handler) {
        HandlerInvoker invoker = invoker(handler);
        AzureFunctionContext ctx = new AzureFunctionContext(context, timeout(TRIGGER_TIMEOUT));
        Set<String> failed;
        try {
            List<Map<String, String>> carriers = batch.messages().stream().map(ReceivedMessage::attributes).toList();
            failed = observed(ctx, FunctionObservation.PUBSUB, carriers, () -> {
                if (invoker.inputType() == MessageBatch.class) {
                    Object out = invoker.invokeObject(batch, ctx);
                    return out instanceof BatchResult r ? r.failedIds() : failedIds(encode(out));
                }
                return failedIds(invoker.invoke(PayloadCodec.encode(batch), ctx));
            });
        } catch (HandlerFailure f) {
            Throwable cause = f.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new HandlerFailedException(f.errorType(), f.getMessage(), cause);
        }
        for (ReceivedMessage m : batch.messages()) {
            if (failed.contains(m.id())) {
                throw new HandlerFailedException(BatchResult.class.getName(), "handler " + invoker.className()
                        + " reported message " + m.id() + " of " + batch.source() + " as failed", null);
            }
        }
    }

    private static Set<String> failedIds(byte[] out) throws HandlerFailure {
        if (out.length == 0) {
            return Set.of();
        }
        try {
            BatchResult r = PayloadCodec.decode(out, BatchResult.class);
            return r == null ? Set.of() : r.failedIds();
        } catch (IllegalArgumentException e) {
            throw new HandlerFailure(e.getClass().getName(), "the handler's output is not a BatchResult: "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * The cached invoker of a handler class (instantiated on first use).
     *
     * @param handler the handler class
     * @return the invoker
     */
    static HandlerInvoker invoker(Class<? extends FunctionHandler<?, ?>> handler) {
        Objects.requireNonNull(handler, "handler");
        return HANDLERS.computeIfAbsent(handler, h -> HandlerInvoker.load(h.getName(), h.getClassLoader()));
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A body as bytes: {@code Optional} unwrapped, {@code byte[]} as is, text as UTF-8, anything
     * else (a binding that deserialised JSON) encoded by {@link PayloadCodec}.
     *
     * @param body the body the host gave
     * @return the bytes
     */
    static byte[] bytes(Object body) {
        Object b = body instanceof Optional<?> o ? o.orElse(null) : body;
        if (b == null) {
            return new byte[0];
        } else if (b instanceof byte[] bytes) {
            return bytes;
        } else if (b instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return PayloadCodec.encode(b);
    }

    private static Duration timeout(Duration fallback) {
        String v = System.getenv(TIMEOUT_SETTING);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            String s = v.strip();
            if (s.matches("\\d{1,7}")) {
                return Duration.ofSeconds(Long.parseLong(s));
            }
            if (s.matches("\\d{1,2}:\\d{2}:\\d{2}")) { // host.json's functionTimeout format
                String[] p = s.split(":");
                return Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1]))
                        .plusSeconds(Long.parseLong(p[2]));
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            return fallback;
        }
    }
}
