package dev.polycloud.listen;

/**
 * A snapshot of a {@link Listener}'s counters since it started.
 *
 * @param received messages received (each delivery counts once)
 * @param acked messages whose handling succeeded and that were acked
 * @param failed messages whose handler threw or reported them failed, which were nacked
 * @param released messages received but not handed to a handler because the listener stopped, which were nacked
 * @param leaseExtensions successful lease extensions
 * @param leasesLost messages whose lease could not be extended (the provider may redeliver them)
 * @param inFlight messages received and not yet settled (acked or nacked) at the time of the snapshot
 * @param inFlightBytes the body bytes of those messages
 */
public record ListenerStats(long received, long acked, long failed, long released, long leaseExtensions,
                            long leasesLost, int inFlight, long inFlightBytes) {
}
