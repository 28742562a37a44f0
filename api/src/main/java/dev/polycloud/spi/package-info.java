/**
 * What providers implement: a {@link dev.polycloud.spi.CloudProvider} found by
 * {@link java.util.ServiceLoader}, whose {@link dev.polycloud.spi.ProviderDrivers} hand out thin drivers
 * ({@link dev.polycloud.spi.QueueDriver}, {@link dev.polycloud.spi.SubscriptionDriver},
 * {@link dev.polycloud.spi.TopicDriver}, {@link dev.polycloud.spi.TableDriver},
 * {@link dev.polycloud.spi.BlobDriver}, {@link dev.polycloud.spi.FunctionDriver},
 * {@link dev.polycloud.spi.GatewayDriver}).
 *
 * <h2>The driver contract</h2>
 * A driver translates one portable call into its cloud's calls and maps the cloud's errors; everything
 * that must behave the same on every cloud happens once, above it, in the portable types. Every method
 * of every driver interface follows these rules unless its own Javadoc says otherwise.
 *
 * <h3>Arguments</h3>
 * The portable layer has validated every argument before the call (names, keys, sizes against the
 * driver's declared capabilities, batch sizes, leases) and has refused options the driver does not
 * declare with {@link dev.polycloud.ErrorCode#UNIMPLEMENTED}. A driver does not repeat those checks; it
 * may only refuse what its cloud alone knows (for example an attribute value over a cloud-specific limit).
 * Arguments are never null.
 *
 * <h3>Retries: a driver never retries</h3>
 * A driver makes each cloud request once and reports the outcome. It does not repeat a request that
 * failed (transiently or not), does not sleep and back off, and turns its vendor SDK's own retries off;
 * the portable {@code Retrier} is the one place that retries, with one backoff formula and the attempts
 * set by {@code polycloud.retry.*}, and the one place that reports retries to the
 * {@link dev.polycloud.spi.OperationObserver}. What is not a retry, and so allowed: splitting one portable
 * call into several requests to fit the cloud's request limits; polling a long-running operation or a
 * receive until its deadline; and a bounded compare-and-swap loop that implements an atomic operation the
 * store lacks (read, write on a precondition, read again only when the precondition lost a race), because
 * that loop is the translation of one portable operation, not a repetition of a failed one.
 *
 * <h3>Batches: per-entry results</h3>
 * A batch method ({@link dev.polycloud.spi.QueueDriver#send}, {@link dev.polycloud.spi.TopicDriver#publish},
 * {@link dev.polycloud.spi.TableDriver#batchGet}, {@link dev.polycloud.spi.TableDriver#batchWrite}) answers a
 * {@link dev.polycloud.spi.BatchOutcome} with one entry per input, in input order. An entry the cloud
 * refused or left unprocessed is a failed entry carrying a mapped {@link dev.polycloud.CloudException}
 * (unprocessed or throttled entries: {@link dev.polycloud.ErrorCode#THROTTLED}; a server-side fault:
 * {@link dev.polycloud.ErrorCode#UNAVAILABLE}; the caller's fault: a non-retryable code). The portable layer
 * resends only the failed entries whose code is retryable and reports the first non-retryable one to the
 * caller. A driver throws instead of answering an outcome only when the whole call failed and no entry
 * took effect (for example {@link dev.polycloud.ErrorCode#NOT_FOUND} for a missing resource); when a
 * later request of a split call fails after earlier ones succeeded, the entries of the failed and unsent
 * requests are failed entries carrying that error, so the ones that took effect are not sent twice.
 *
 * <h3>Errors</h3>
 * Every failure is an unchecked {@link dev.polycloud.CloudException} whose code maps the vendor error, with
 * the vendor exception as its cause and no secret in its message; a driver never lets a vendor exception
 * escape. The mapping, the same on every provider (the conformance suite asserts it):
 * <ul>
 *   <li>resource or item missing (404, {@code ResourceNotFound}, gRPC {@code NOT_FOUND}) →
 *       {@link dev.polycloud.ErrorCode#NOT_FOUND};</li>
 *   <li>already exists / create-only conflict (409) → {@link dev.polycloud.ErrorCode#ALREADY_EXISTS};</li>
 *   <li>a failed condition or stale version (412, {@code ConditionalCheckFailed},
 *       {@code FAILED_PRECONDITION} on a precondition) → {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED};</li>
 *   <li>a request the cloud refused as malformed or too large (400, 413) →
 *       {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT};</li>
 *   <li>403 → {@link dev.polycloud.ErrorCode#PERMISSION_DENIED}; 401 / bad credentials →
 *       {@link dev.polycloud.ErrorCode#UNAUTHENTICATED};</li>
 *   <li>429, throughput exceeded, unprocessed batch entries → {@link dev.polycloud.ErrorCode#THROTTLED}
 *       (retryable);</li>
 *   <li>5xx, connection refused or reset, gRPC {@code UNAVAILABLE} → {@link dev.polycloud.ErrorCode#UNAVAILABLE}
 *       (retryable);</li>
 *   <li>a client-side or server-side timeout → {@link dev.polycloud.ErrorCode#DEADLINE_EXCEEDED} (retryable);</li>
 *   <li>something the cloud cannot do → {@link dev.polycloud.ErrorCode#UNIMPLEMENTED}; a function handler's
 *       failure → {@link dev.polycloud.ErrorCode#FUNCTION_FAILED};</li>
 *   <li>a broken invariant inside the driver → {@link dev.polycloud.ErrorCode#INTERNAL}; anything else →
 *       {@link dev.polycloud.ErrorCode#UNKNOWN}.</li>
 * </ul>
 * The retryable codes are exactly {@code THROTTLED}, {@code UNAVAILABLE} and {@code DEADLINE_EXCEEDED}
 * ({@link dev.polycloud.ErrorCode#retryable()}); mapping an error to one of them is how a driver asks the
 * portable layer to try again.
 *
 * <h3>Concurrency</h3>
 * A driver is shared by every handle on its resource and called from any number of threads at once
 * (application threads, listener workers, the async pool); every method must be safe under that, without
 * a lock held across a network call unless a cloud requires operations on one item to be serialised (say
 * so where it happens). Asynchronous methods must not block the calling thread; their defaults run the
 * blocking method on {@link dev.polycloud.spi.BlockingAsync}'s pool. A driver keeps no per-call state
 * between calls beyond caches (names, URLs, ARNs) that are safe to rebuild.
 */
package dev.polycloud.spi;
