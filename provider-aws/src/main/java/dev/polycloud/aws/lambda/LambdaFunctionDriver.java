package dev.polycloud.aws.lambda;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.AwsSettings;
import dev.polycloud.aws.internal.Json;
import dev.polycloud.aws.s3.S3BucketTriggers;
import dev.polycloud.aws.scheduler.SchedulerTriggers;
import dev.polycloud.aws.sqs.SqsReceiverDriver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.aws.lambda.PayloadEnvelope;
import dev.polycloud.aws.lambda.PolycloudLambdaHandler;
import dev.polycloud.aws.lambda.Sources;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.spi.FunctionDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * Functions on AWS Lambda. A portable function is a Lambda function of the same name running the
 * {@linkplain PolycloudLambdaHandler adapter} on the {@value #RUNTIME} runtime, with the spec's
 * artifact (a jar holding the handler, {@code polycloud-api} and the adapter) as its code.
 *
 * <ul>
 *   <li>The portable handler class is the environment variable {@value PolycloudLambdaHandler#HANDLER_ENV},
 *       the names of the spec's variables are listed in {@value PolycloudLambdaHandler#ENVIRONMENT_ENV}
 *       (so the handler's context and {@code get} show exactly the spec's environment), and
 *       {@code JAVA_TOOL_OPTIONS} defaults to tiered compilation stopped at C1 (AWS's advice for
 *       quick cold starts) unless the spec sets it.</li>
 *   <li>Memory and timeout (whole seconds, rounded up) are Lambda's; reserved concurrency is
 *       {@code PutFunctionConcurrency}; the role is {@value AwsSettings#LAMBDA_ROLE}.</li>
 *   <li>Asynchronous invocations are Lambda's {@code Event} invocations (two retries); the
 *       on-failure queue is the function's event invoke configuration's {@code OnFailure}
 *       destination, the SQS queue's ARN. Lambda sends an invocation record there, which the SQS
 *       driver turns into the portable on-failure message (see {@link LambdaDestinations}).</li>
 *   <li>Payloads travel in a {@link PayloadEnvelope} (Lambda takes only JSON); a function error
 *       is a {@link FunctionFailedException} with the {@code errorType} and {@code errorMessage}
 *       Lambda reports (the handler's exception class and message), except Lambda's own timeout,
 *       which is {@link ErrorCode#DEADLINE_EXCEEDED}. Throttling ({@code TooManyRequestsException})
 *       is {@link ErrorCode#THROTTLED}.</li>
 * </ul>
 * Deploy waits until Lambda reports the function active and its last update done, so it can be
 * invoked at once. Triggers are event source mappings ({@link LambdaTriggers}), EventBridge schedules
 * ({@link SchedulerTriggers}) and S3 event notifications ({@link S3BucketTriggers}).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LambdaFunctionDriver implements FunctionDriver, AutoCloseable {

    /** The Lambda runtime portable functions run on (Java 17 bytecode runs on it). */
    static final String RUNTIME = "java21";
    /** Lambda's synchronous request and response limit, in bytes. */
    static final int LAMBDA_PAYLOAD_LIMIT = 6_291_556;
    /** The largest portable payload: 4.5 MiB, whose base64 envelope still fits Lambda's limit. */
    public static final int MAX_PAYLOAD_BYTES = 4_718_592;
    /** Retries of a failed asynchronous invocation (Lambda's default, the portable contract). */
    static final int ASYNC_RETRIES = 2;
    /** The default JVM options: quick cold starts. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);
    private static final Pattern FUNCTION_ARN = Pattern.compile(":function:([A-Za-z0-9_-]+)");

    private final AwsClients clients;
    private final LambdaTriggers triggers;
    private final SchedulerTriggers schedules;
    private final S3BucketTriggers buckets;

    /**
     * What the driver reads of a function's configuration ({@code GetFunctionConfiguration} and
     * {@code ListFunctions} answer it in two types).
     *
     * @param name the function name
     * @param arn the function ARN
     * @param memoryMb the memory
     * @param timeoutSeconds the timeout
     * @param variables the environment variables
     * @param state the state
     * @param stateReason why it is in that state
     * @param lastUpdateStatus the status of the last update
     * @param lastUpdateReason why
     */
    public record Config(String name, String arn, Integer memoryMb, Integer timeoutSeconds, Map<String, String> variables,
                  State state, String stateReason, LastUpdateStatus lastUpdateStatus, String lastUpdateReason) {

        public static Config of(FunctionConfiguration c) {
            return new Config(c.functionName(), c.functionArn(), c.memorySize(), c.timeout(),
                    c.environment() == null || c.environment().variables() == null ? Map.of()
                            : c.environment().variables(),
                    c.state(), c.stateReason(), c.lastUpdateStatus(), c.lastUpdateStatusReason());
        }

        public static Config of(GetFunctionConfigurationResponse c) {
            return new Config(c.functionName(), c.functionArn(), c.memorySize(), c.timeout(),
                    c.environment() == null || c.environment().variables() == null ? Map.of()
                            : c.environment().variables(),
                    c.state(), c.stateReason(), c.lastUpdateStatus(), c.lastUpdateStatusReason());
        }
    }

    public LambdaFunctionDriver(AwsClients clients) {
        this.clients = clients;
        this.triggers = new LambdaTriggers(clients, this);
        this.schedules = new SchedulerTriggers(clients, this);
        this.buckets = new S3BucketTriggers(clients, f -> configuration(f).map(Config::arn));
    }

    LambdaClient lambda() {
        return clients.lambda();
    }

    static String resource(String function) {
        return "function " + function;
    }

    public static CloudException missing(String function, Throwable cause) {
        return new CloudException(ErrorCode.NOT_FOUND, "Function '" + function + "' does not exist",
                AwsErrors.PROVIDER, resource(function), cause);
    }

    // ---------------------------------------------------------------- deploy

    @Override
    public void deploy(FunctionSpec spec) {
        String resource = resource(spec.name());
        String role = clients.settings().lambdaRole().orElseThrow(() -> new CloudException(
                ErrorCode.INVALID_ARGUMENT, "Missing configuration key '" + AwsSettings.LAMBDA_ROLE + "': the ARN of"
                + " the IAM role Lambda functions run as (for example arn:aws:iam::123456789012:role/polycloud-lambda;"
                + " it needs the AWSLambdaBasicExecutionRole permissions, SQS and DynamoDB stream read access for"
                + " triggers, and sqs:SendMessage for on-failure queues)", AwsErrors.PROVIDER, resource, null));
        Path artifact = spec.artifact().orElseThrow(() -> CloudException.invalidArgument("Function '" + spec.name()
                + "' has no artifact: on AWS Lambda a function's code is a jar holding its handler, polycloud-api and"
                + " the adapter dev.polycloud.aws.lambda (FunctionSpec.builder(...).artifact(jar))"));
        for (String key : spec.environment().keySet()) {
            if (PolycloudLambdaHandler.RESERVED.contains(key)) {
                throw CloudException.invalidArgument("Environment variable '" + key + "' of function '"
                        + spec.name() + "' is reserved by the Lambda adapter");
            }
        }
        byte[] code;
        try {
            code = Files.readAllBytes(artifact);
        } catch (IOException e) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Cannot read the artifact " + artifact + " of function '"
                    + spec.name() + "': " + e, AwsErrors.PROVIDER, resource, e);
        }
        Optional<String> destination = spec.onFailureQueue().map(q -> queueArn(q, resource));
        int timeout = (int) Math.min(900, SqsReceiverDriver.ceilSeconds(spec.timeout()));

        Optional<Config> existing = configuration(spec.name());
        boolean created = false;
        if (existing.isEmpty()) {
            try {
                AwsErrors.call(resource, "CreateFunction", () -> lambda().createFunction(b -> b
                        .functionName(spec.name())
                        .runtime(RUNTIME)
                        .packageType(PackageType.ZIP)
                        .handler(PolycloudLambdaHandler.LAMBDA_HANDLER)
                        .role(role)
                        .code(FunctionCode.builder().zipFile(SdkBytes.fromByteArrayUnsafe(code)).build())
                        .memorySize(spec.memoryMb())
                        .timeout(timeout)
                        .environment(Environment.builder().variables(variables(spec, Sources.NONE)).build())
                        .description(description(spec))));
                created = true;
            } catch (CloudException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                existing = configuration(spec.name());
            }
        }
        if (!created) {
            Sources kept = Sources.parse(existing.map(Config::variables).orElse(Map.of()).get(Sources.ENV));
            awaitSettled(spec.name(), false);
            AwsErrors.call(resource, "UpdateFunctionCode", () -> lambda().updateFunctionCode(b -> b
                    .functionName(spec.name()).zipFile(SdkBytes.fromByteArrayUnsafe(code))));
            awaitSettled(spec.name(), false);
            AwsErrors.call(resource, "UpdateFunctionConfiguration", () -> lambda().updateFunctionConfiguration(b -> b
                    .functionName(spec.name())
                    .runtime(RUNTIME)
                    .handler(PolycloudLambdaHandler.LAMBDA_HANDLER)
                    .role(role)
                    .memorySize(spec.memoryMb())
                    .timeout(timeout)
                    .environment(Environment.builder().variables(variables(spec, kept)).build())
                    .description(description(spec))));
        }
        if (spec.reservedConcurrency().isPresent()) {
            AwsErrors.call(resource, "PutFunctionConcurrency", () -> lambda().putFunctionConcurrency(b -> b
                    .functionName(spec.name()).reservedConcurrentExecutions(spec.reservedConcurrency().get())));
        } else if (!created) {
            ignoreMissing(() -> AwsErrors.call(resource, "DeleteFunctionConcurrency",
                    () -> lambda().deleteFunctionConcurrency(b -> b.functionName(spec.name()))));
        }
        if (!created) {
            ignoreMissing(() -> AwsErrors.call(resource, "DeleteFunctionEventInvokeConfig",
                    () -> lambda().deleteFunctionEventInvokeConfig(b -> b.functionName(spec.name()))));
        }
        if (destination.isPresent()) {
            AwsErrors.call(resource, "PutFunctionEventInvokeConfig", () -> lambda().putFunctionEventInvokeConfig(b -> b
                    .functionName(spec.name())
                    .maximumRetryAttempts(ASYNC_RETRIES)
                    .destinationConfig(DestinationConfig.builder()
                            .onFailure(OnFailure.builder().destination(destination.get()).build()).build())));
        }
        awaitSettled(spec.name());
    }

    private static String description(FunctionSpec spec) {
        String d = "Polycloud function running " + spec.handler();
        return d.length() > 256 ? d.substring(0, 256) : d;
    }

    /**
     * The Lambda environment of a spec: its variables, the adapter's, and the kept trigger hints.
     *
     * @param spec the spec
     * @param sources the hints left by bound triggers
     * @return the variables
     */
    static Map<String, String> variables(FunctionSpec spec, Sources sources) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        v.putAll(spec.environment());
        v.put(PolycloudLambdaHandler.HANDLER_ENV, spec.handler());
        v.put(PolycloudLambdaHandler.ENVIRONMENT_ENV, String.join(",", spec.environment().keySet().stream()
                .sorted().toList()));
        if (!sources.equals(Sources.NONE)) {
            v.put(Sources.ENV, sources.toJson());
        }
        return v;
    }

    private String queueArn(String queue, String resource) {
        SqsReceiverDriver.QueueRef ref = null;
        for (String candidate : List.of(queue, queue + SqsReceiverDriver.FIFO_SUFFIX)) {
            Optional<SqsReceiverDriver.QueueRef> found = SqsReceiverDriver.lookUp(clients, resource, candidate);
            if (found.isPresent()) {
                ref = found.get();
                break;
            }
        }
        if (ref == null) {
            throw new CloudException(ErrorCode.NOT_FOUND, "On-failure queue '" + queue + "' does not exist",
                    AwsErrors.PROVIDER, resource, null);
        }
        String url = ref.url();
        return AwsErrors.call(resource, "GetQueueAttributes", () -> clients.sqs().getQueueAttributes(b -> b
                .queueUrl(url).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn"));
    }

    /**
     * Waits until the function can be updated and invoked: neither pending nor in an update.
     *
     * @param function the function name
     */
    void awaitSettled(String function) {
        awaitSettled(function, true);
    }

    /**
     * Waits until the function is neither pending nor in an update.
     *
     * @param function the function name
     * @param failOnFailed whether a failed state or update is an error (it is not before a redeploy,
     *                     which may be what fixes it)
     */
    void awaitSettled(String function, boolean failOnFailed) {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long pause = 100;
        while (true) {
            Config c = configuration(function).orElseThrow(() -> missing(function, null));
            boolean pending = c.state() == State.PENDING;
            boolean updating = c.lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS;
            if (failOnFailed && (c.state() == State.FAILED || c.lastUpdateStatus() == LastUpdateStatus.FAILED)) {
                String reason = c.lastUpdateStatus() == LastUpdateStatus.FAILED ? c.lastUpdateReason()
                        : c.stateReason();
                throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Lambda could not set up function '" + function
                        + "': " + reason, AwsErrors.PROVIDER, resource(function), null);
            }
            if (!pending && !updating) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Function '" + function + "' is still "
                        + (pending ? "pending" : "being updated") + " after " + SETTLE_LIMIT, AwsErrors.PROVIDER,
                        resource(function), null);
            }
            sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
    }

    /**
     * The function's configuration.
     *
     * @param function the name
     * @return the configuration, or empty when there is no such function
     */
    public Optional<Config> configuration(String function) {
        try {
            return Optional.of(Config.of(AwsErrors.call(resource(function), "GetFunctionConfiguration",
                    () -> lambda().getFunctionConfiguration(b -> b.functionName(function)))));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- invoke

    @Override
    public byte[] invoke(String function, byte[] payload) {
        InvokeResponse response = call(function, "Invoke", () -> lambda().invoke(b -> b.functionName(function)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArrayUnsafe(PayloadEnvelope.wrap(payload)))));
        byte[] out = response.payload() == null ? new byte[0] : response.payload().asByteArrayUnsafe();
        if (response.functionError() != null) {
            throw failure(function, response.functionError(), out);
        }
        return PayloadEnvelope.unwrap(out).orElse(out);
    }

    /**
     * The exception of a function error.
     *
     * @param function the function
     * @param functionError Lambda's {@code FunctionError} ({@code Unhandled} or {@code Handled})
     * @param payload the error payload, {@code {"errorType": ..., "errorMessage": ...}}
     * @return {@link ErrorCode#DEADLINE_EXCEEDED} for Lambda's timeout, else a {@link FunctionFailedException}
     */
    static CloudException failure(String function, String functionError, byte[] payload) {
        String errorType = null;
        String errorMessage = null;
        JsonNode error = Json.read(new String(payload, StandardCharsets.UTF_8));
        if (error != null && error.isObject()) {
            errorType = error.path("errorType").isTextual() ? error.get("errorType").asText() : null;
            errorMessage = error.path("errorMessage").isTextual() ? error.get("errorMessage").asText() : null;
        } else if (payload.length > 0) {
            errorMessage = new String(payload, StandardCharsets.UTF_8);
        }
        boolean timedOut = "Sandbox.Timedout".equals(errorType)
                || (errorMessage != null && errorMessage.contains("Task timed out after"));
        if (timedOut) {
            return new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Function '" + function + "' timed out: "
                    + errorMessage, AwsErrors.PROVIDER, resource(function), null);
        }
        return new FunctionFailedException(function, errorType != null ? errorType : functionError,
                errorMessage == null ? "" : errorMessage, AwsErrors.PROVIDER);
    }

    @Override
    public String invokeAsync(String function, byte[] payload) {
        InvokeResponse response = call(function, "Invoke", () -> lambda().invoke(b -> b.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArrayUnsafe(PayloadEnvelope.wrap(payload)))));
        return response.responseMetadata().requestId();
    }

    private <T> T call(String function, String operation, Supplier<T> call) {
        try {
            return AwsErrors.call(resource(function), operation, call);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw missing(function, e.getCause());
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- read back

    @Override
    public List<FunctionSpec> list() {
        List<FunctionSpec> specs = new ArrayList<>();
        for (FunctionConfiguration f : AwsErrors.call("functions", "ListFunctions",
                () -> lambda().listFunctionsPaginator(b -> { }).functions().stream().toList())) {
            Config c = Config.of(f);
            if (!isPortable(c)) {
                continue;
            }
            try {
                specs.add(spec(c, concurrency(c.name()), destination(c.name())));
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
                // deleted meanwhile, or not representable as a portable spec
            }
        }
        return specs;
    }

    @Override
    public Optional<FunctionSpec> get(String function) {
        Optional<Config> c = configuration(function);
        if (c.isEmpty() || !isPortable(c.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(spec(c.get(), concurrency(function), destination(function)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Functions Polycloud deployed: they run the adapter and name a portable handler. */
    private static boolean isPortable(Config c) {
        return c.variables().containsKey(PolycloudLambdaHandler.HANDLER_ENV);
    }

    private Optional<Integer> concurrency(String function) {
        return Optional.ofNullable(AwsErrors.call(resource(function), "GetFunctionConcurrency",
                () -> lambda().getFunctionConcurrency(b -> b.functionName(function)).reservedConcurrentExecutions()));
    }

    private Optional<String> destination(String function) {
        try {
            DestinationConfig d = AwsErrors.call(resource(function), "GetFunctionEventInvokeConfig",
                    () -> lambda().getFunctionEventInvokeConfig(b -> b.functionName(function)).destinationConfig());
            return Optional.ofNullable(d).map(DestinationConfig::onFailure).map(OnFailure::destination);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The portable spec of a function.
     *
     * @param c its configuration
     * @param reserved its reserved concurrency
     * @param destinationArn its on-failure destination
     * @return the spec (without artifact: Lambda keeps the code, not the jar's path)
     */
    static FunctionSpec spec(Config c, Optional<Integer> reserved, Optional<String> destinationArn) {
        Map<String, String> variables = c.variables();
        Map<String, String> environment = PolycloudLambdaHandler.portableEnvironment(variables);
        Optional<String> onFailure = destinationArn.filter(a -> a.startsWith("arn:") && a.contains(":sqs:"))
                .map(a -> a.substring(a.lastIndexOf(':') + 1))
                .map(n -> n.endsWith(SqsReceiverDriver.FIFO_SUFFIX)
                        ? n.substring(0, n.length() - SqsReceiverDriver.FIFO_SUFFIX.length()) : n);
        return new FunctionSpec(c.name(), variables.get(PolycloudLambdaHandler.HANDLER_ENV), Optional.empty(),
                c.memoryMb() == null ? FunctionSpec.DEFAULT_MEMORY_MB : c.memoryMb(),
                Duration.ofSeconds(c.timeoutSeconds() == null ? 3 : c.timeoutSeconds()), environment, reserved,
                onFailure);
    }

    /**
     * The function name in a Lambda function ARN (or an API Gateway integration URI holding one).
     *
     * @param arn the ARN or URI
     * @return the name, if there is one
     */
    public static Optional<String> functionName(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher m = FUNCTION_ARN.matcher(arn);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    // ---------------------------------------------------------------- delete and triggers

    @Override
    public void delete(String function) {
        triggers.unbindAll(function);
        schedules.unbindAll(function);
        buckets.unbindAll(function);
        call(function, "DeleteFunction", () -> lambda().deleteFunction(b -> b.functionName(function)));
    }

    @Override
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        if (source.kind() == TriggerSource.Kind.SCHEDULE) {
            return schedules.bind(function, source, batchSize);
        }
        if (source.kind() == TriggerSource.Kind.BUCKET) {
            return buckets.bind(function, source, batchSize);
        }
        return triggers.bind(function, source, batchSize);
    }

    @Override
    public void unbind(String triggerId) {
        if (SchedulerTriggers.isScheduleId(triggerId)) {
            schedules.unbind(triggerId);
            return;
        }
        if (S3BucketTriggers.isBucketId(triggerId)) {
            buckets.unbind(triggerId);
            return;
        }
        triggers.unbind(triggerId);
    }

    @Override
    public List<Trigger> triggers(String function) {
        List<Trigger> all = new java.util.ArrayList<>(triggers.of(function));
        all.addAll(schedules.of(function));
        all.addAll(buckets.of(function));
        return all;
    }

    public static void ignoreMissing(Runnable call) {
        dev.polycloud.internal.NotFound.ignore(call);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.UNKNOWN, "Interrupted while waiting for AWS", AwsErrors.PROVIDER,
                    "functions", e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "LambdaFunctionDriver[" + clients.settings().region() + "]";
    }
}
