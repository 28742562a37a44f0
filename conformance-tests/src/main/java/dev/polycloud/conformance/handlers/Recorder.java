package dev.polycloud.conformance.handlers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the conformance handlers saw, kept in a static, thread-safe map keyed by function name so
 * that a test can observe invocations it did not make itself (trigger deliveries, asynchronous
 * retries).
 *
 * <p><strong>This only works when the handlers run in the test's JVM</strong> (the local
 * provider's in-process runtime). A provider that runs handlers remotely cannot be observed this
 * way; the suites therefore guard every test that reads the recorder with
 * {@code handlersRunInProcess()}, which such a runner overrides to return {@code false} (the test
 * is then skipped with that reason, never passed). Tests prefer observations through the
 * portable API (responses, dead-letter and on-failure queues) wherever one exists.
 */
public final class Recorder {

    private static final Map<String, List<Object>> EVENTS = new ConcurrentHashMap<>();

    private Recorder() {
    }

    /**
     * Records one observation of a function.
     *
     * @param function the function name (from {@code FunctionContext.functionName()})
     * @param event what was seen
     */
    public static void record(String function, Object event) {
        EVENTS.computeIfAbsent(function, f -> new CopyOnWriteArrayList<>()).add(event);
    }

    /**
     * Everything recorded for a function so far, oldest first.
     *
     * @param function the function name
     * @return a snapshot
     */
    public static List<Object> events(String function) {
        List<Object> list = EVENTS.get(function);
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * The recorded observations of one type, oldest first.
     *
     * @param function the function name
     * @param type the event class
     * @param <T> the event type
     * @return a snapshot
     */
    public static <T> List<T> events(String function, Class<T> type) {
        return events(function).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Forgets a function's observations.
     *
     * @param function the function name
     */
    public static void forget(String function) {
        EVENTS.remove(function);
    }

    /**
     * One invocation as a handler saw it.
     *
     * @param requestId the context's request id
     * @param payload the input, as text
     * @param atNanos {@link System#nanoTime()} when the handler started
     */
    public record Invocation(String requestId, String payload, long atNanos) {
    }
}
