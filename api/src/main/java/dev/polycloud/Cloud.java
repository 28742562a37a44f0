package dev.polycloud;

import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import dev.polycloud.function.Functions;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.Names;
import dev.polycloud.internal.Retrier;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import dev.polycloud.table.Table;
import dev.polycloud.topic.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open connection to one provider: hands out queues, topics and tables by portable name.
 * Obtain it from {@link Polycloud#open()} or inject it with {@link PolycloudModule}.
 *
 * <p>Thread-safe. Handles are cached per name, and clients are created on first use of a
 * building block (fast cold starts). {@link #close()} releases the clients that were created;
 * using the cloud after that throws {@link IllegalStateException}.
 */
public final class Cloud implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cloud.class);

    private final Capabilities capabilities;
    private final Retrier retrier;
    private final Injector injector;
    private final Provider<QueueDrivers> queueDrivers;
    private final Provider<TopicDrivers> topicDrivers;
    private final Provider<TableDrivers> tableDrivers;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
    private final Optional<Provider<FunctionDriver>> functionDriver;
    private final Optional<Provider<GatewayDrivers>> gatewayDrivers;
    private volatile Functions functions;
    private final List<Object> used = new ArrayList<>();
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

    @Inject
    Cloud(Capabilities capabilities, Retrier retrier, Injector injector, Provider<QueueDrivers> queueDrivers,
          Provider<TopicDrivers> topicDrivers, Provider<TableDrivers> tableDrivers,
          Optional<Provider<FunctionDriver>> functionDriver, Optional<Provider<GatewayDrivers>> gatewayDrivers) {
        this.functionDriver = functionDriver;
        this.gatewayDrivers = gatewayDrivers;
        this.capabilities = capabilities;
        this.retrier = retrier;
        this.injector = injector;
        this.queueDrivers = queueDrivers;
        this.topicDrivers = topicDrivers;
        this.tableDrivers = tableDrivers;
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
        return queues.computeIfAbsent(name, n -> new Queue(n, use(queueDrivers).queue(n), capabilities.queues(),
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
        return topics.computeIfAbsent(name, n -> new Topic(n, use(topicDrivers).topic(n), capabilities.topics(),
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
        return tables.computeIfAbsent(name, n -> new Table(n, use(tableDrivers).table(n), capabilities.tables(),
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
                    boolean supported = functionDriver.isPresent() && capabilities.functions().supported();
                    functions = new Functions(supported ? use(functionDriver.get()) : null, capabilities.functions(),
                            retrier);
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
        if (gatewayDrivers.isEmpty() || !capabilities.gateways().supported()) {
            throw CloudException.unimplemented(provider(), "Gateways");
        }
        return gateways.computeIfAbsent(name, n -> new Gateway(n, use(gatewayDrivers.get()).gateway(n), retrier,
                this::functions));
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
        Binding<T> binding = injector.getExistingBinding(Key.get(type));
        if (binding == null) {
            throw CloudException.unimplemented(provider(), "Unwrapping to " + type.getName());
        }
        T instance = binding.getProvider().get();
        remember(instance);
        return instance;
    }

    /**
     * Releases the clients this cloud created. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Object> toClose;
        synchronized (used) {
            toClose = new ArrayList<>(used);
        }
        for (Object o : toClose) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} of provider {} failed", o.getClass().getSimpleName(), provider(), e);
                }
            }
        }
    }

    private <T> T use(Provider<T> provider) {
        T instance = provider.get();
        remember(instance);
        return instance;
    }

    private void remember(Object instance) {
        synchronized (used) {
            if (used.stream().noneMatch(o -> o == instance)) {
                used.add(instance);
            }
        }
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
