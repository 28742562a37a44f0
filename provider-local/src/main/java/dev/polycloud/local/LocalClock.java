package dev.polycloud.local;

import dev.polycloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for the local provider that tests move by hand: message leases, delays, retention and
 * deduplication windows of the in-memory queues, topics and subscriptions follow it, so a test checks
 * time-based behaviour with {@link #advance(Duration)} instead of sleeping.
 *
 * <pre>{@code
 * LocalClock clock = LocalClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * try (Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
 *         .use(LocalClock.class, clock).open()) {
 *     ...
 *     clock.advance(Duration.ofMinutes(5));   // every lease shorter than 5 minutes has now ended
 * }
 * }</pre>
 *
 * <p>{@link #system()} follows the system clock (UTC) plus whatever was advanced; {@link #startingAt(Instant)}
 * stands still until advanced. Waiting (long polls) always follows real time; a receive that is waiting re-checks
 * the clock every few milliseconds, so advancing it during a long poll is noticed.
 *
 * <p>Thread-safe.
 */
public final class LocalClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private LocalClock(Clock base) {
        this.base = base;
    }

    /**
     * A clock that follows the system clock (UTC) until advanced, then runs ahead of it by the total advanced.
     *
     * @return a new clock
     */
    public static LocalClock system() {
        return new LocalClock(Clock.systemUTC());
    }

    /**
     * A clock that stands still at the given instant until advanced.
     *
     * @param start the instant it shows
     * @return a new clock
     * @throws NullPointerException when {@code start} is null
     */
    public static LocalClock startingAt(Instant start) {
        return new LocalClock(Clock.fixed(Objects.requireNonNull(start, "start"), ZoneOffset.UTC));
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far; zero does nothing
     * @return this clock
     * @throws NullPointerException when {@code amount} is null
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when {@code amount} is negative
     *                        (time of the local provider never goes back)
     */
    public LocalClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw CloudException.invalidArgument("A LocalClock only moves forward; got " + amount);
        }
        offset.accumulateAndGet(amount, Duration::plus);
        return this;
    }

    /**
     * How far this clock was advanced in total.
     *
     * @return the sum of every {@link #advance(Duration)}
     */
    public Duration advanced() {
        return offset.get();
    }

    /**
     * The zone: always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock itself: the local provider works in UTC only.
     *
     * @param zone ignored
     * @return this clock
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /**
     * The current instant: the base clock's plus everything advanced.
     *
     * @return the instant
     */
    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public String toString() {
        return "LocalClock[" + instant() + "]";
    }
}
