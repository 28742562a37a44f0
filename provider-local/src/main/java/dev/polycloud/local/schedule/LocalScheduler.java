package dev.polycloud.local.schedule;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.functions.LocalFunctionRuntime;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.ScheduledEvent;
import dev.polycloud.function.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local provider's scheduler: runs functions bound to a {@link Schedule} on the provider's clock
 * (the {@link Clock} given to {@code Polycloud.builder().use(Clock.class, clock)}, else the system clock).
 *
 * <p>A daemon thread looks at the clock four times a second and starts every run that has come due, in
 * order of due time, on the function runtime; {@link #runDue()} does the same at once and waits for the
 * runs, so a test that moves its clock sees exactly the runs due by then, without sleeping. Every tick
 * due while the provider is open runs (several after a jump of the clock); ticks due before a schedule
 * was bound or while the process was down are not replayed. A failed run is logged and not retried.
 * With {@link Schedule.Overlap#SKIP} a tick that comes while the schedule's previous run still runs is
 * skipped and logged. Obtain it with {@code cloud.unwrap(LocalScheduler.class)}. Thread-safe.
 */
public final class LocalScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);
    private static final long POLL_MILLIS = 250;

    private final Clock clock;
    private final LocalFunctionRuntime runtime;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Future<?>> inFlight = new ArrayList<>();
    private Thread worker;
    private boolean closed;

    /** A bound schedule, its next due time and its latest run. */
    private static final class Entry {
        final Trigger trigger;
        final Schedule schedule;
        Optional<Instant> next;
        Future<?> last;

        Entry(Trigger trigger, Schedule schedule, Optional<Instant> next) {
            this.trigger = trigger;
            this.schedule = schedule;
            this.next = next;
        }
    }

    public LocalScheduler(Clock clock, LocalFunctionRuntime runtime) {
        this.clock = clock;
        this.runtime = runtime;
    }

    /** Adds a schedule; its first run is the first tick strictly after now. */
    public synchronized Trigger add(Trigger trigger) {
        Schedule schedule = trigger.source().schedule().orElseThrow();
        String name = trigger.source().name();
        if (entries.values().stream().anyMatch(e -> e.trigger.source().name().equals(name))) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "Schedule '" + name + "' already exists",
                    LocalCloudProvider.ID, "schedule " + name, null);
        }
        entries.put(trigger.id(), new Entry(trigger, schedule, following(schedule, clock.instant())));
        if (worker == null && !closed) {
            worker = new Thread(this::loop, "polycloud-local-scheduler");
            worker.setDaemon(true);
            worker.start();
        }
        return trigger;
    }

    /** Removes a schedule by trigger id; false when there is none. */
    public synchronized boolean remove(String triggerId) {
        return entries.remove(triggerId) != null;
    }

    /** Removes every schedule of a function. */
    public synchronized void removeFunction(String function) {
        entries.values().removeIf(e -> e.trigger.function().equals(function));
    }

    /** The schedules bound to a function. */
    public synchronized List<Trigger> of(String function) {
        return entries.values().stream().map(e -> e.trigger).filter(t -> t.function().equals(function)).toList();
    }

    /**
     * Starts every run due by the clock's current instant, in order of due time, then waits until
     * every run started so far (by this call or by the scheduler's thread) has finished.
     *
     * @return how many runs this call started
     */
    public int runDue() {
        int started = startDue();
        List<Future<?>> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(inFlight);
        }
        for (Future<?> f : waiting) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | CancellationException e) {
                // logged by the run itself
            }
        }
        synchronized (this) {
            inFlight.removeIf(Future::isDone);
        }
        return started;
    }

    /** Starts the runs due now without waiting for them; returns how many it started. */
    synchronized int startDue() {
        if (closed) {
            return 0;
        }
        Instant now = clock.instant();
        int started = 0;
        while (true) {
            Entry due = entries.values().stream().filter(e -> e.next.isPresent() && !e.next.get().isAfter(now))
                    .min(Comparator.comparing((Entry e) -> e.next.get())).orElse(null);
            if (due == null) {
                return started;
            }
            Instant tick = due.next.get();
            due.next = following(due.schedule, tick);
            if (due.schedule.overlap() == Schedule.Overlap.SKIP && due.last != null && !due.last.isDone()) {
                LOG.info("Schedule {}: skipping the run due at {}, the previous run of {} still runs",
                        due.trigger.source().name(), tick, due.trigger.function());
                continue;
            }
            ScheduledEvent event = new ScheduledEvent(due.trigger.source().name(), tick, now,
                    due.schedule.payload());
            String function = due.trigger.function();
            byte[] payload = PayloadCodec.encode(event);
            due.last = runtime.submit(() -> run(function, event, payload));
            inFlight.add(due.last);
            started++;
        }
    }

    private void run(String function, ScheduledEvent event, byte[] payload) {
        try {
            runtime.invoke(function, payload, LocalFunctionRuntime.newRequestId(),
                    dev.polycloud.internal.FunctionObservation.TIMER, java.util.List.of());
        } catch (CloudException e) {
            LOG.warn("Schedule {}: the run of {} due at {} failed: {}", event.schedule(), function,
                    event.scheduledTime(), e.getMessage());
        }
    }

    private static Optional<Instant> following(Schedule schedule, Instant after) {
        if (schedule.rate().isPresent()) {
            return Optional.of(after.plus(schedule.rate().get()));
        }
        return schedule.cron().orElseThrow().next(after, schedule.zone());
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                inFlight.removeIf(Future::isDone);
            }
            try {
                startDue();
            } catch (RuntimeException e) {
                LOG.warn("The local scheduler could not start due runs", e);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the scheduler's thread; runs already started finish on the runtime. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            entries.clear();
            t = worker;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
