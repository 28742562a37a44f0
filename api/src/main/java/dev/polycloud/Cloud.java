package dev.polycloud;

import dev.polycloud.function.Functions;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.Handles;
import dev.polycloud.internal.Names;
import dev.polycloud.internal.Retrier;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import dev.polycloud.table.Table;
import dev.polycloud.topic.Topic;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open connection to one provider: hands out queues, topics and tables by portable name.
 * Obtain it from {@link Polycloud#open()} or {@link Polycloud#builder()}.
 *
 * <pre>{@code
 * try (Cloud cloud = Polycloud.open()) {          // provider from polycloud.provider / POLYCLOUD_PROVIDER
 *     Queue orders = cloud.queue("orders").create();
 *     orders.send("order 42 placed");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Handles are cached per name, and clients are created on first use of a
 * building block (fast cold starts). {@link #close()} releases the clients that were created;
 * using the cloud after that throws {@link IllegalStateException}.
 */
public final class Cloud implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cloud.class);

    private final Capabilities capabilities;
    private final Retrier retrier;
    private final ProviderDrivers drivers;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
    private volatile QueueDrivers queueDrivers;
    private volatile TopicDrivers topicDrivers;
    private volatile TableDrivers tableDrivers;
    private volatile Optional<GatewayDrivers> gatewayDrivers;
    private volatile Functions functions;
    private final Map<String, dev.polycloud.blob.Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Optional<dev.polycloud.spi.BlobDrivers> blobDrivers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DeadLetterQueues deadLetterQueues = new DeadLetterQueues() {
        @Override
        public boolean exists(String queue) {
            return queue(queue).exists();
        }

        @Override
        public void send(String queue, Message message) {
            queue(queue).send(message);
        }
    };

    /**
     * Set once by {@link Polycloud.Builder#open()} before the cloud is handed out; null for the shared
     * {@code PayloadCodec} mapper, which is then loaded on first use (Jackson costs ~500 classes at startup).
     */
    com.fasterxml.jackson.databind.ObjectMapper objectMapper;

    Cloud(ProviderDrivers drivers, Retrier retrier) {
        this.drivers = drivers;
        this.capabilities = drivers.capabilities();
        this.retrier = retrier;
    }

    /**
     * The provider id.
     *
     * @return {@code local}, {@code aws}, {@code azure}, {@code gcp} or another provider's id
     */
    public String provider() {
        return retrier.provider();
    }

    /**
     * What the provider supports and its limits.
     *
     * @return the capabilities
     */
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * A queue handle (no network call; {@link Queue#create()} creates it).
     *
     * @param name 3 to 63 lowercase letters, digits and single hyphens, starting with a letter
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name
     */
    public Queue queue(String name) {
        checkOpen();
        Names.validate("queue", name);
        return queues.computeIfAbsent(name, n -> Handles.queue().create(n, queueDrivers().queue(n), capabilities.queues(),
                retrier, deadLetterQueues));
    }

    /**
     * A topic handle (no network call; {@link Topic#create()} creates it).
     *
     * @param name 3 to 63 lowercase letters, digits and single hyphens, starting with a letter
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name (operations on the
     *                        handle are {@link ErrorCode#UNIMPLEMENTED} when the provider declares no topics)
     */
    public Topic topic(String name) {
        checkOpen();
        Names.validate("topic", name);
        return topics.computeIfAbsent(name, n -> Handles.topic().create(n, topicDrivers().topic(n), capabilities.topics(),
                retrier, deadLetterQueues));
    }

    /**
     * A table handle (no network call; {@link Table#createTable} creates it).
     *
     * @param name 3 to 63 lowercase letters, digits and single hyphens, starting with a letter
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name
     */
    public Table table(String name) {
        checkOpen();
        Names.validate("table", name);
        return tables.computeIfAbsent(name, n -> Handles.table().create(n, tableDrivers().table(n), capabilities.tables(),
                retrier, objectMapper));
    }

    /**
     * A typed view of a table: objects of {@code type} (records or POJOs) mapped to items with the
     * cloud's {@code ObjectMapper} ({@link Polycloud.Builder#objectMapper}). No network call.
     *
     * @param name the table name, as {@link #table(String)}
     * @param type the record or POJO class
     * @param <T> the item type
     * @return the typed view
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name
     */
    public <T> dev.polycloud.table.TypedTable<T> table(String name, Class<T> type) {
        return table(name).as(type);
    }

    /**
     * A handle on a table whose key schema the caller knows (a table it did not create in this
     * process): the handle never reads the schema from the provider, so every key is checked before
     * any network call. No network call here.
     *
     * @param name the portable table name
     * @param schema the table's key schema
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name, or when this cloud's
     *                        handle on the table already knows another schema
     */
    public Table table(String name, dev.polycloud.table.TableSchema schema) {
        java.util.Objects.requireNonNull(schema, "schema");
        return table(name).assumeSchema(schema);
    }

    /**
     * The functions client: deploy, invoke, list, delete and trigger functions.
     *
     * @return the client; when the provider has no functions, every call of it checks its arguments
     *         ({@link ErrorCode#INVALID_ARGUMENT}) and then fails with {@link ErrorCode#UNIMPLEMENTED}
     */
    public Functions functions() {
        checkOpen();
        Functions current = functions;
        if (current == null) {
            synchronized (this) {
                if (functions == null) {
                    Optional<FunctionDriver> driver = capabilities.functions().supported()
                            ? drivers.functions() : Optional.empty();
                    functions = Handles.functions().create(driver.orElse(null), capabilities.functions(), retrier,
                            objectMapper);
                }
                current = functions;
            }
        }
        return current;
    }

    /**
     * A gateway handle (no network call; {@link Gateway#deploy} serves it).
     *
     * @param name 3 to 63 lowercase letters, digits and single hyphens, starting with a letter
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name;
     *                        {@link ErrorCode#UNIMPLEMENTED} when the provider has no gateways
     */
    public Gateway gateway(String name) {
        checkOpen();
        Names.validate("gateway", name);
        Optional<GatewayDrivers> factory = gatewayDrivers;
        if (factory == null) {
            factory = drivers.gateways();
            gatewayDrivers = factory;
        }
        if (factory.isEmpty() || !capabilities.gateways().supported()) {
            throw CloudException.unimplemented(provider(), "Gateways");
        }
        GatewayDrivers present = factory.get();
        return gateways.computeIfAbsent(name, n -> Handles.gateway().create(n, present.gateway(n), retrier,
                this::functions));
    }

    /**
     * A bucket handle for object storage (no network call; {@link dev.polycloud.blob.Bucket#create()} creates
     * it).
     *
     * @param name 3 to 63 lowercase letters, digits and single hyphens, starting with a letter (a subset of
     *             what S3, Azure Blob Storage and Cloud Storage accept)
     * @return the handle; when the provider has no object storage, its operations check their arguments and
     *         then fail with {@link ErrorCode#UNIMPLEMENTED}
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name
     */
    public dev.polycloud.blob.Bucket bucket(String name) {
        checkOpen();
        Names.validate("bucket", name);
        Optional<dev.polycloud.spi.BlobDrivers> factory = blobDrivers;
        if (factory == null) {
            factory = drivers.blobs();
            blobDrivers = factory;
        }
        Optional<dev.polycloud.spi.BlobDrivers> present = factory;
        return buckets.computeIfAbsent(name, n -> Handles.bucket().create(n,
                present.map(f -> f.bucket(n)).orElse(null),
                present.map(dev.polycloud.spi.BlobDrivers::capabilities)
                        .orElse(dev.polycloud.blob.BlobCapabilities.none()), retrier));
    }

    /**
     * Checks, within five seconds, that the provider answers; see {@link #health(java.time.Duration)}.
     *
     * @return the health; never throws for an unreachable provider
     */
    public Health health() {
        return health(java.time.Duration.ofSeconds(5));
    }

    /**
     * Checks that the provider answers: for each supported building block (queues, topics, tables, buckets) an
     * existence call on the name {@link Health#PROBE}, made straight to the driver without retries, all in
     * parallel on short-lived daemon threads. A check that has not answered when the timeout ends is
     * {@link Health.Status#DOWN}; the call returns after at most about the timeout. Creates nothing.
     *
     * @param timeout how long to wait for all checks together; positive
     * @return the health; an unreachable or refusing provider is reported, not thrown
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public Health health(java.time.Duration timeout) {
        checkOpen();
        java.util.Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw CloudException.invalidArgument("The health timeout must be positive, got " + timeout);
        }
        Map<String, java.util.function.BooleanSupplier> probes = new java.util.LinkedHashMap<>();
        probes.put("queues", () -> queueDrivers().queue(Health.PROBE).exists());
        if (capabilities.topics().supported()) {
            probes.put("topics", () -> topicDrivers().topic(Health.PROBE).exists());
        }
        probes.put("tables", () -> tableDrivers().table(Health.PROBE).exists());
        Optional<dev.polycloud.spi.BlobDrivers> blobs = blobDrivers;
        if (blobs == null) {
            blobs = drivers.blobs();
            blobDrivers = blobs;
        }
        if (blobs.isPresent() && blobs.get().capabilities().supported()) {
            dev.polycloud.spi.BlobDrivers present = blobs.get();
            probes.put("buckets", () -> present.bucket(Health.PROBE).exists());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(probes.size(),
                r -> {
                    Thread t = new Thread(r, "polycloud-health");
                    t.setDaemon(true);
                    return t;
                });
        try {
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            Map<String, java.util.concurrent.Future<Health.Check>> running = new java.util.LinkedHashMap<>();
            probes.forEach((block, probe) -> running.put(block, pool.submit(() -> dev.polycloud.internal.HealthChecks.probe(probe))));
            Map<String, Health.Check> checks = new java.util.LinkedHashMap<>();
            boolean up = true;
            for (Map.Entry<String, java.util.concurrent.Future<Health.Check>> e : running.entrySet()) {
                Health.Check check;
                try {
                    check = e.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException ex) {
                    check = new Health.Check(Health.Status.DOWN, timeout, "no answer within " + timeout);
                } catch (java.util.concurrent.ExecutionException ex) {
                    check = new Health.Check(Health.Status.DOWN, java.time.Duration.ofNanos(System.nanoTime() - start),
                            String.valueOf(ex.getCause()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    check = new Health.Check(Health.Status.DOWN, java.time.Duration.ofNanos(System.nanoTime() - start),
                            "interrupted");
                }
                up &= check.status() == Health.Status.UP;
                checks.put(e.getKey(), check);
            }
            Health health = new Health(up ? Health.Status.UP : Health.Status.DOWN, provider(), checks);
            if (!up) {
                LOG.debug("Provider {} is down: {}", provider(), checks);
            }
            return health;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The escape hatch: the provider's native client or object of the given type, for what the
     * portable API lacks (for example {@code SqsClient} on AWS, {@code LocalBackend} in memory).
     *
     * @param type the class of the native object
     * @param <T> its type
     * @return the native object
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} when the provider has none of that type
     */
    public <T> T unwrap(Class<T> type) {
        checkOpen();
        java.util.Objects.requireNonNull(type, "type");
        return drivers.unwrap(type).orElseThrow(
                () -> CloudException.unimplemented(provider(), "Unwrapping to " + type.getName()));
    }

    /**
     * Releases the clients this cloud created. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            drivers.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the drivers of provider {} failed", provider(), e);
        }
    }

    private QueueDrivers queueDrivers() {
        QueueDrivers d = queueDrivers;
        if (d == null) {
            d = drivers.queues();
            queueDrivers = d;
        }
        return d;
    }

    private TopicDrivers topicDrivers() {
        TopicDrivers d = topicDrivers;
        if (d == null) {
            d = drivers.topics();
            topicDrivers = d;
        }
        return d;
    }

    private TableDrivers tableDrivers() {
        TableDrivers d = tableDrivers;
        if (d == null) {
            d = drivers.tables();
            tableDrivers = d;
        }
        return d;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This Cloud (provider " + provider() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "Cloud[provider=" + provider() + "]";
    }
}
