package dev.polycloud.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.blob.Bucket;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.Functions;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.spi.BlobDriver;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDriver;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TopicDriver;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.Topic;
import dev.polycloud.topic.TopicCapabilities;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place the portable layer makes handles ({@link Queue}, {@link Topic}, {@link Table},
 * {@link Functions}, {@link Gateway}, {@link Bucket}) and reaches the hooks {@link MessageReceiver}
 * keeps for its two subclasses. Their constructors and hooks are package-private; each class hands
 * this class a factory from its static initialiser (the JDK's "SharedSecrets" pattern), so the public
 * API shows no constructor taking drivers, retriers or other internal types, and applications obtain
 * handles only from {@link dev.polycloud.Cloud}.
 *
 * <p>Not API: part of {@code dev.polycloud.internal}, which may change without notice. Thread-safe:
 * the factories are set once, while the handle classes initialise.
 */
public final class Handles {

    /** Makes queue handles; registered by {@link Queue}. */
    @FunctionalInterface
    public interface QueueFactory {
        /**
         * Makes a queue handle.
         *
         * @param name the validated portable name
         * @param driver the provider's driver for it
         * @param capabilities the provider's queue capabilities
         * @param retrier the retrier for driver calls
         * @param deadLetterQueues access to other queues for dead-lettering
         * @return the handle
         */
        Queue create(String name, QueueDriver driver, QueueCapabilities capabilities, Retrier retrier,
                     DeadLetterQueues deadLetterQueues);
    }

    /** Makes topic handles; registered by {@link Topic}. */
    @FunctionalInterface
    public interface TopicFactory {
        /**
         * Makes a topic handle.
         *
         * @param name the validated portable name
         * @param driver the provider's driver for it
         * @param capabilities the provider's topic capabilities
         * @param retrier the retrier for driver calls
         * @param deadLetterQueues access to queues for dead-lettering
         * @return the handle
         */
        Topic create(String name, TopicDriver driver, TopicCapabilities capabilities, Retrier retrier,
                     DeadLetterQueues deadLetterQueues);
    }

    /** Makes table handles; registered by {@link Table}. */
    @FunctionalInterface
    public interface TableFactory {
        /**
         * Makes a table handle.
         *
         * @param name the validated portable name
         * @param driver the provider's driver for it
         * @param capabilities the provider's table capabilities
         * @param retrier the retrier for driver calls
         * @param mapper the cloud's Jackson mapper, for typed views, or null for the shared {@code PayloadCodec} mapper
         * @return the handle
         */
        Table create(String name, TableDriver driver, TableCapabilities capabilities, Retrier retrier,
                     ObjectMapper mapper);
    }

    /** Makes functions clients; registered by {@link Functions}. */
    @FunctionalInterface
    public interface FunctionsFactory {
        /**
         * Makes a functions client.
         *
         * @param driver the provider's driver, or null when it has none (every call then fails with
         *               {@code UNIMPLEMENTED} after checking its arguments)
         * @param capabilities the provider's function capabilities
         * @param retrier the retrier
         * @param mapper the cloud's Jackson mapper, for JSON inputs and results, or null for the shared {@code PayloadCodec} mapper
         * @return the client
         */
        Functions create(FunctionDriver driver, FunctionCapabilities capabilities, Retrier retrier,
                         ObjectMapper mapper);
    }

    /** Makes gateway handles; registered by {@link Gateway}. */
    @FunctionalInterface
    public interface GatewayFactory {
        /**
         * Makes a gateway handle.
         *
         * @param name the validated portable name
         * @param driver the provider's driver
         * @param retrier the retrier
         * @param functions the functions client, to check that routed functions exist
         * @return the handle
         */
        Gateway create(String name, GatewayDriver driver, Retrier retrier, Supplier<Functions> functions);
    }

    /** Makes bucket handles; registered by {@link Bucket}. */
    @FunctionalInterface
    public interface BucketFactory {
        /**
         * Makes a bucket handle.
         *
         * @param name the validated bucket name
         * @param driver the driver, or null when the provider has no object storage
         * @param capabilities the provider's object-storage capabilities
         * @param retrier the retrier
         * @return the handle
         */
        Bucket create(String name, BlobDriver driver, BlobCapabilities capabilities, Retrier retrier);
    }

    /** The package-private hooks of {@link MessageReceiver}, for {@link Queue} and its subscription peer. */
    public interface ReceiverHooks {
        /**
         * Tells the receiver how to read its dead-letter policy from the provider (called at most
         * once per handle, and only when the provider does not dead-letter natively).
         *
         * @param receiver the queue or subscription being constructed
         * @param loader reads the policy
         */
        void deadLetterPolicyLoader(MessageReceiver receiver, Supplier<Optional<DeadLetterPolicy>> loader);

        /**
         * A callback recording the policy just created on the receiver, saving a later lookup.
         *
         * @param receiver the queue or subscription
         * @return the callback
         */
        Consumer<Optional<DeadLetterPolicy>> deadLetterPolicyMemory(MessageReceiver receiver);
    }

    private static volatile QueueFactory queues;
    private static volatile TopicFactory topics;
    private static volatile TableFactory tables;
    private static volatile FunctionsFactory functions;
    private static volatile GatewayFactory gateways;
    private static volatile BucketFactory buckets;
    private static volatile ReceiverHooks receivers;

    private Handles() {
    }

    /**
     * Registers the queue factory (once, from {@link Queue}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void queues(QueueFactory factory) {
        queues = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the topic factory (once, from {@link Topic}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void topics(TopicFactory factory) {
        topics = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the table factory (once, from {@link Table}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void tables(TableFactory factory) {
        tables = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the functions factory (once, from {@link Functions}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void functions(FunctionsFactory factory) {
        functions = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the gateway factory (once, from {@link Gateway}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void gateways(GatewayFactory factory) {
        gateways = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the bucket factory (once, from {@link Bucket}'s static initialiser).
     *
     * @param factory the factory
     */
    public static void buckets(BucketFactory factory) {
        buckets = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Registers the receiver hooks (once, from {@link MessageReceiver}'s static initialiser).
     *
     * @param hooks the hooks
     */
    public static void receivers(ReceiverHooks hooks) {
        receivers = Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * The queue factory.
     *
     * @return the factory
     */
    public static QueueFactory queue() {
        if (queues == null) {
            initialise(Queue.class);
        }
        return queues;
    }

    /**
     * The topic factory.
     *
     * @return the factory
     */
    public static TopicFactory topic() {
        if (topics == null) {
            initialise(Topic.class);
        }
        return topics;
    }

    /**
     * The table factory.
     *
     * @return the factory
     */
    public static TableFactory table() {
        if (tables == null) {
            initialise(Table.class);
        }
        return tables;
    }

    /**
     * The functions factory.
     *
     * @return the factory
     */
    public static FunctionsFactory functions() {
        if (functions == null) {
            initialise(Functions.class);
        }
        return functions;
    }

    /**
     * The gateway factory.
     *
     * @return the factory
     */
    public static GatewayFactory gateway() {
        if (gateways == null) {
            initialise(Gateway.class);
        }
        return gateways;
    }

    /**
     * The bucket factory.
     *
     * @return the factory
     */
    public static BucketFactory bucket() {
        if (buckets == null) {
            initialise(Bucket.class);
        }
        return buckets;
    }

    /**
     * The receiver hooks.
     *
     * @return the hooks
     */
    public static ReceiverHooks receiver() {
        if (receivers == null) {
            initialise(MessageReceiver.class);
        }
        return receivers;
    }

    /** Runs the class's static initialiser, which registers its factory, if it has not run yet. */
    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
