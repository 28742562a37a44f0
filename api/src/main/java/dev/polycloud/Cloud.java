package dev.polycloud;

import dev.polycloud.function.Functions;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.internal.DeadLetterQueues;
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
        return queues.computeIfAbsent(name, n -> new Queue(n, queueDrivers().queue(n), capabilities.queues(),
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
        return topics.computeIfAbsent(name, n -> new Topic(n, topicDrivers().topic(n), capabilities.topics(),
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
        return tables.computeIfAbsent(name, n -> new Table(n, tableDrivers().table(n), capabilities.tables(),
                retrier));
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
                    functions = new Functions(driver.orElse(null), capabilities.functions(), retrier);
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
        return gateways.computeIfAbsent(name, n -> new Gateway(n, present.gateway(n), retrier,
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
        return buckets.computeIfAbsent(name, n -> new dev.polycloud.blob.Bucket(n,
                present.map(f -> f.bucket(n)).orElse(null),
                present.map(dev.polycloud.spi.BlobDrivers::capabilities)
                        .orElse(dev.polycloud.blob.BlobCapabilities.none()), retrier));
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
