package dev.polycloud.function;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.Names;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.FunctionDriver;
import java.util.List;
import java.util.Optional;

/**
 * The functions client: deploy, invoke (synchronously or not), list, delete, and bind triggers.
 * Obtain it from {@link dev.polycloud.Cloud#functions()}; thread-safe.
 *
 * <pre>{@code
 * Functions functions = cloud.functions();
 * functions.deploy(FunctionSpec.builder("greet", GreetHandler.class)
 *         .artifact(Path.of("target/greet.jar")).build());
 * String answer = functions.invoke("greet", "Ada");
 * }</pre>
 *
 * <p>Invocations are not retried by the SDK except when throttled before running: a handler
 * must not run twice because of the SDK. Payloads over the provider's {@code maxPayloadBytes}
 * and timeouts over {@code maxTimeout} are {@link ErrorCode#INVALID_ARGUMENT}; options the
 * provider lacks (async invoke, reserved concurrency, a trigger kind) are
 * {@link ErrorCode#UNIMPLEMENTED}.
 */
public final class Functions {

    private final FunctionDriver driver;
    private final FunctionCapabilities capabilities;
    private final Retrier retrier;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    static {
        dev.polycloud.internal.Handles.functions(Functions::new);
    }

    /**
     * Used by {@link dev.polycloud.Cloud} through {@link dev.polycloud.internal.Handles}; applications call
     * {@code cloud.functions()}.
     *
     * @param driver the provider's driver, or null when it has none: then every call checks its
     *               arguments ({@link ErrorCode#INVALID_ARGUMENT}) and then fails with
     *               {@link ErrorCode#UNIMPLEMENTED}, the same order of checks as everywhere
     * @param capabilities the provider's function capabilities
     * @param retrier the retrier
     * @param mapper the cloud's Jackson mapper, for {@link #invoke(String, Object, Class)} inputs and results, or null for the shared one
     */
    Functions(FunctionDriver driver, FunctionCapabilities capabilities, Retrier retrier,
              com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.mapper = mapper; // null: the shared PayloadCodec mapper, loaded on first use
        this.driver = driver;
        this.capabilities = capabilities;
        this.retrier = retrier;
    }

    /**
     * Creates or updates a function.
     *
     * @param spec the spec
     * @return the spec
     */
    public FunctionSpec deploy(FunctionSpec spec) {
        java.util.Objects.requireNonNull(spec, "spec");
        if (spec.timeout().compareTo(capabilities.maxTimeout()) > 0) {
            throw CloudException.invalidArgument("timeout " + spec.timeout() + " is over the provider's maxTimeout of "
                    + capabilities.maxTimeout());
        }
        if (spec.reservedConcurrency().isPresent() && !capabilities.reservedConcurrency()) {
            throw CloudException.unimplemented(retrier.provider(), "Reserved concurrency");
        }
        if (spec.onFailureQueue().isPresent() && !capabilities.asyncInvoke()) {
            throw CloudException.unimplemented(retrier.provider(), "An on-failure queue (asynchronous invocation)");
        }
        supported();
        retrier.run(resource(spec.name()), "deploy", () -> driver.deploy(spec));
        return spec;
    }

    /**
     * Invokes synchronously with a raw payload.
     *
     * @param function the function name
     * @param payload the request payload
     * @return the response payload
     * @throws FunctionFailedException when the handler failed
     * @throws CloudException {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#DEADLINE_EXCEEDED},
     *                        {@link ErrorCode#THROTTLED}, {@link ErrorCode#INVALID_ARGUMENT} for an oversized payload
     */
    public byte[] invoke(String function, byte[] payload) {
        checkPayload(function, payload);
        supported();
        return retrier.call(resource(function), "invoke", () -> driver.invoke(function, payload),
                code -> code == ErrorCode.THROTTLED);
    }

    /**
     * Invokes synchronously with text.
     *
     * @param function the function name
     * @param text the request, sent as UTF-8
     * @return the response as UTF-8 text
     */
    public String invoke(String function, String text) {
        return new String(invoke(function, PayloadCodec.encode(text)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Invokes synchronously with JSON, written and read with the cloud's mapper
     * ({@code Polycloud.builder().objectMapper(..)}, by default {@link PayloadCodec#mapper()}).
     *
     * @param function the function name
     * @param input the request object
     * @param outputType the response class
     * @param <T> the response type
     * @return the decoded response
     */
    public <T> T invoke(String function, Object input, Class<T> outputType) {
        return PayloadCodec.decode(invoke(function, PayloadCodec.encode(input, mapper())), outputType, mapper());
    }

    /**
     * Invokes synchronously with JSON (the cloud's mapper, as above), decoding a generic result such
     * as {@code new TypeReference<List<Order>>() {}}.
     *
     * @param function the function name
     * @param input the request object
     * @param outputType the response type, generics included
     * @param <T> the response type
     * @return the decoded response ({@code null} for an empty payload)
     * @throws IllegalArgumentException when the response is not valid JSON for the type
     */
    public <T> T invoke(String function, Object input, com.fasterxml.jackson.core.type.TypeReference<T> outputType) {
        java.util.Objects.requireNonNull(outputType, "outputType");
        return PayloadCodec.decode(invoke(function, PayloadCodec.encode(input, mapper())), outputType.getType(), mapper());
    }

    /**
     * Invokes asynchronously: returns once the invocation is queued. A failing invocation is
     * retried twice, then sent to the function's on-failure queue if it has one (see
     * {@link FunctionSpec#onFailureQueue()}).
     *
     * @param function the function name
     * @param payload the request payload
     * @return the request id, the same the handler sees as {@link FunctionContext#requestId()}
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} without the {@code asyncInvoke} capability
     */
    public String invokeAsync(String function, byte[] payload) {
        checkPayload(function, payload);
        supported();
        if (!capabilities.asyncInvoke()) {
            throw CloudException.unimplemented(retrier.provider(), "Asynchronous invocation");
        }
        return retrier.call(resource(function), "invokeAsync", () -> driver.invokeAsync(function, payload));
    }

    /**
     * Every deployed function.
     *
     * @return the specs
     */
    public List<FunctionSpec> list() {
        supported();
        return retrier.call("functions", "list", driver::list);
    }

    /**
     * One function.
     *
     * @param function the name
     * @return its spec, or empty
     */
    public Optional<FunctionSpec> get(String function) {
        Names.validate("function", function);
        supported();
        return retrier.call(resource(function), "get", () -> driver.get(function));
    }

    /**
     * Deletes a function and its triggers.
     *
     * @param function the name
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void delete(String function) {
        Names.validate("function", function);
        supported();
        retrier.run(resource(function), "delete", () -> driver.delete(function));
    }

    /**
     * Binds a queue, subscription, table change stream, schedule or bucket to a function.
     *
     * <p>A schedule source ({@link TriggerSource#schedule(Schedule)}) ignores {@code batchSize}: every
     * run receives one {@link ScheduledEvent}. An unnamed schedule is named after the function.
     *
     * <p>A bucket source ({@link TriggerSource#bucket(String, dev.polycloud.blob.BlobEventFilter)}) delivers the
     * object events that pass its filter, from the moment it is bound, as {@link BlobEventBatch}es of at most
     * {@code batchSize} events, at least once; it needs {@link FunctionCapabilities#bucketEvents()}.
     *
     * @param function the function name
     * @param source the source (it must exist)
     * @param batchSize the most messages or changes per invocation, 1 to {@value Trigger#MAX_BATCH_SIZE}
     * @return the trigger
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} when the provider lacks that trigger kind;
     *                        {@link ErrorCode#NOT_FOUND} when the function or source is missing
     */
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        Names.validate("function", function);
        if (batchSize < 1 || batchSize > Trigger.MAX_BATCH_SIZE) {
            throw CloudException.invalidArgument("batchSize must be from 1 to " + Trigger.MAX_BATCH_SIZE
                    + " (found " + batchSize + ")");
        }
        java.util.Objects.requireNonNull(source, "source");
        TriggerSource bound = source.kind() == TriggerSource.Kind.SCHEDULE ? checkSchedule(function, source) : source;
        supported();
        boolean supported = switch (bound.kind()) {
            case QUEUE -> capabilities.queueTriggers();
            case SUBSCRIPTION -> capabilities.subscriptionTriggers();
            case TABLE -> capabilities.tableTriggers();
            case SCHEDULE -> capabilities.schedules().supported();
            case BUCKET -> capabilities.bucketEvents();
        };
        if (!supported) {
            String hint = bound.kind() == TriggerSource.Kind.SCHEDULE && capabilities.schedules().timerAdapter()
                    ? " through the API (declare the platform's timer trigger and run the handler with the"
                    + " provider's adapter instead)" : "";
            throw CloudException.unimplemented(retrier.provider(), "A " + bound.kind() + " trigger" + hint);
        }
        if (bound.kind() == TriggerSource.Kind.SCHEDULE
                && bound.schedule().orElseThrow().overlap() == Schedule.Overlap.SKIP
                && !capabilities.schedules().overlapPrevention()) {
            throw CloudException.unimplemented(retrier.provider(), "Overlap prevention (Schedule.Overlap.SKIP)");
        }
        return retrier.call(resource(function), "bind", () -> driver.bind(function, bound, batchSize));
    }

    /**
     * Runs a function on a schedule: {@code bind(function, TriggerSource.schedule(schedule), 1)}.
     *
     * @param function the function name
     * @param schedule the schedule; unnamed, it is named after the function
     * @return the trigger, whose source names the schedule
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the schedule fires more often than the
     *                        provider's {@code minInterval}; {@link ErrorCode#UNIMPLEMENTED} without
     *                        scheduled triggers or overlap prevention; {@link ErrorCode#ALREADY_EXISTS}
     *                        when a schedule of that name exists
     */
    public Trigger schedule(String function, Schedule schedule) {
        java.util.Objects.requireNonNull(schedule, "schedule");
        return bind(function, TriggerSource.schedule(schedule), 1);
    }

    /** The schedule checks that need the provider's limits; returns the source with the schedule named. */
    private TriggerSource checkSchedule(String function, TriggerSource source) {
        Schedule schedule = source.schedule().orElseThrow();
        java.time.Duration min = capabilities.schedules().minInterval();
        schedule.rate().ifPresent(rate -> {
            if (rate.compareTo(min) < 0) {
                throw CloudException.invalidArgument("Schedule rate " + rate + " is under the provider's minInterval of "
                        + min);
            }
            if (min.compareTo(ScheduleCapabilities.ONE_MINUTE) >= 0 && rate.toSeconds() % 60 != 0) {
                throw CloudException.invalidArgument("Schedule rate " + rate
                        + " must be a whole number of minutes on this provider (minInterval " + min + ")");
            }
        });
        schedule.cron().ifPresent(cron -> {
            if (min.compareTo(ScheduleCapabilities.ONE_MINUTE) >= 0 && !cron.fixedSecond()) {
                throw CloudException.invalidArgument("Cron expression '" + cron + "' fires more than once a minute;"
                        + " the provider's minInterval is " + min + " (use a single second value such as 0)");
            }
            if (min.compareTo(ScheduleCapabilities.ONE_MINUTE) >= 0 && !cron.onWholeMinutes()) {
                throw CloudException.invalidArgument("Cron expression '" + cron + "' fires at a second other than 0;"
                        + " this provider schedules whole minutes only (minInterval " + min + ")");
            }
        });
        return schedule.name().isPresent() ? source : TriggerSource.schedule(schedule.named(function));
    }

    /**
     * Removes a trigger.
     *
     * @param trigger the trigger
     */
    public void unbind(Trigger trigger) {
        java.util.Objects.requireNonNull(trigger, "trigger");
        supported();
        retrier.run(resource(trigger.function()), "unbind", () -> driver.unbind(trigger.id()));
    }

    /**
     * The triggers of a function.
     *
     * @param function the name
     * @return its triggers
     */
    public List<Trigger> triggers(String function) {
        Names.validate("function", function);
        supported();
        return retrier.call(resource(function), "triggers", () -> driver.triggers(function));
    }

    /**
     * What the provider supports.
     *
     * @return the capabilities
     */
    public FunctionCapabilities capabilities() {
        return capabilities;
    }

    /** The capability check, after the argument checks and before the network (DESIGN §8). */
    private void supported() {
        if (driver == null || !capabilities.supported()) {
            throw CloudException.unimplemented(retrier.provider(), "Functions");
        }
    }

    private void checkPayload(String function, byte[] payload) {
        Names.validate("function", function);
        if (payload == null) {
            throw CloudException.invalidArgument("payload must not be null");
        }
        if (payload.length > capabilities.maxPayloadBytes()) {
            throw CloudException.invalidArgument("Payload of " + payload.length
                    + " bytes is over the provider's maxPayloadBytes of " + capabilities.maxPayloadBytes());
        }
    }

    private static String resource(String function) {
        return "function " + function;
    }

    private com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return mapper != null ? mapper : PayloadCodec.mapper();
    }
}
