package dev.polycloud.local.functions;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.schedule.LocalScheduler;

import java.util.function.Supplier;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.message.Message;
import dev.polycloud.spi.FunctionDriver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process functions service: the runtime, asynchronous invocations with two retries and
 * an on-failure queue, triggers, and schedules (on the {@link LocalScheduler}).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalFunctionDriver implements FunctionDriver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctionDriver.class);
    /** Async invocations are attempted this many times in all (one try and two retries, like Lambda). */
    static final int ASYNC_ATTEMPTS = 3;
    private static final Duration ASYNC_BACKOFF = Duration.ofMillis(100);

    private final LocalFunctionRuntime runtime;
    private final LocalTriggers triggers;
    private final Supplier<Cloud> cloud;
    private final LocalScheduler scheduler;

    public LocalFunctionDriver(LocalFunctionRuntime runtime, LocalTriggers triggers, Supplier<Cloud> cloud,
                        LocalScheduler scheduler) {
        this.runtime = runtime;
        this.triggers = triggers;
        this.cloud = cloud;
        this.scheduler = scheduler;
    }

    @Override
    public void deploy(FunctionSpec spec) {
        spec.onFailureQueue().ifPresent(q -> {
            if (!cloud.get().queue(q).exists()) {
                throw new CloudException(ErrorCode.NOT_FOUND, "On-failure queue '" + q + "' does not exist",
                        LocalCloudProvider.ID, "function " + spec.name(), null);
            }
        });
        runtime.deploy(spec);
    }

    @Override
    public byte[] invoke(String function, byte[] payload) {
        return runtime.invoke(function, payload, LocalFunctionRuntime.newRequestId());
    }

    @Override
    public String invokeAsync(String function, byte[] payload) {
        if (runtime.get(function).isEmpty()) {
            throw LocalFunctionRuntime.notFound(function);
        }
        String requestId = LocalFunctionRuntime.newRequestId();
        runtime.submit(() -> runAsync(function, payload, requestId));
        return requestId;
    }

    private void runAsync(String function, byte[] payload, String requestId) {
        CloudException last = null;
        for (int attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
            try {
                runtime.invoke(function, payload, requestId);
                return;
            } catch (CloudException e) {
                last = e;
                if (e.code() == ErrorCode.NOT_FOUND) {
                    break;
                }
                sleep(ASYNC_BACKOFF.multipliedBy(attempt));
            }
        }
        LOG.warn("Asynchronous invocation {} of {} failed {} times: {}", requestId, function, ASYNC_ATTEMPTS,
                last.getMessage());
        Optional<String> queue = runtime.get(function).flatMap(FunctionSpec::onFailureQueue);
        if (queue.isPresent()) {
            String errorType = last instanceof FunctionFailedException f ? f.errorType() : last.code().name();
            Message.Builder m = Message.builder().body(payload.length == 0 ? "{}".getBytes() : payload)
                    .attribute("function", function)
                    .attribute("request-id", requestId)
                    .attribute("error-type", errorType)
                    .attribute("attempts", Integer.toString(ASYNC_ATTEMPTS));
            String message = last instanceof FunctionFailedException f ? f.errorMessage() : last.getMessage();
            String safe = message == null ? "" : message.replaceAll("\\p{Cntrl}", " ").strip();
            if (!safe.isEmpty()) {
                m.attribute("error-message", safe.length() > 500 ? safe.substring(0, 500) : safe);
            }
            try {
                cloud.get().queue(queue.get()).send(m.build());
            } catch (RuntimeException e) {
                LOG.error("Could not send failed invocation {} of {} to on-failure queue {}", requestId, function,
                        queue.get(), e);
            }
        }
    }

    @Override
    public List<FunctionSpec> list() {
        return runtime.list();
    }

    @Override
    public Optional<FunctionSpec> get(String function) {
        return runtime.get(function);
    }

    @Override
    public void delete(String function) {
        runtime.delete(function);
        triggers.unbindFunction(function);
        scheduler.removeFunction(function);
    }

    @Override
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        if (runtime.get(function).isEmpty()) {
            throw LocalFunctionRuntime.notFound(function);
        }
        if (source.kind() == TriggerSource.Kind.SCHEDULE) {
            return scheduler.add(new Trigger(java.util.UUID.randomUUID().toString(), function, source, batchSize));
        }
        return triggers.bind(function, source, batchSize);
    }

    @Override
    public void unbind(String triggerId) {
        if (scheduler.remove(triggerId)) {
            return;
        }
        triggers.unbind(triggerId);
    }

    @Override
    public List<Trigger> triggers(String function) {
        List<Trigger> all = new java.util.ArrayList<>(triggers.of(function));
        all.addAll(scheduler.of(function));
        return all;
    }

    @Override
    public void close() {
        scheduler.close();
        triggers.close();
        runtime.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
