package dev.polycloud.gcp.internal;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The GCP provider's configuration, read and checked once at {@code Polycloud.open()} so that a
 * wrong key fails there, naming the key and what it accepts. Nothing here connects to anything.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@value #PROJECT}</td><td>the project id (required), such as {@code my-project}</td></tr>
 *   <tr><td>{@value #REGION}</td><td>optional region, such as {@code europe-west1}: Pub/Sub is then reached
 *       through its regional endpoint ({@code europe-west1-pubsub.googleapis.com}), which Google recommends
 *       for ordering keys</td></tr>
 *   <tr><td>{@value #PUBSUB_EMULATOR_HOST}</td><td>{@code host:port} of a Pub/Sub emulator; the standard
 *       {@code PUBSUB_EMULATOR_HOST} environment variable is honoured as well</td></tr>
 *   <tr><td>{@value #PUBSUB_STREAMING}</td><td>whether managed listeners on queues and subscriptions
 *       receive over Pub/Sub StreamingPull ({@code true}, the default) or poll with Pull ({@code false});
 *       acks, nacks and lease extensions are unary calls either way</td></tr>
 *   <tr><td>{@value #FIRESTORE_EMULATOR_HOST}</td><td>{@code host:port} of a Firestore emulator; the standard
 *       {@code FIRESTORE_EMULATOR_HOST} environment variable is honoured as well</td></tr>
 *   <tr><td>{@value #FIRESTORE_DATABASE}</td><td>the Firestore database id (default {@code (default)});
 *       it must be a database in native mode</td></tr>
 * </table>
 *
 * <p>With an emulator host the client talks plaintext gRPC without credentials; otherwise it uses
 * Application Default Credentials (ADC): {@code GOOGLE_APPLICATION_CREDENTIALS}, the gcloud user
 * credentials, or the metadata server.
 *
 * @param project the project id
 * @param region the region, or empty
 * @param pubsubEmulatorHost the Pub/Sub emulator's {@code host:port}, or empty for Google's service
 * @param firestoreEmulatorHost the Firestore emulator's {@code host:port}, or empty for Google's service
 * @param firestoreDatabase the Firestore database id
 * @param timeout the per-call timeout ({@code polycloud.timeout}); a Firestore call waits at most this
 *                long for its answer, then fails with DEADLINE_EXCEEDED
 * @param pubsubStreaming whether managed listeners receive over StreamingPull ({@value #PUBSUB_STREAMING})
 */
public record GcpSettings(String project, Optional<String> region, Optional<String> pubsubEmulatorHost,
                          Optional<String> firestoreEmulatorHost, String firestoreDatabase, java.time.Duration timeout,
                          boolean pubsubStreaming) {

    /** The project id key (required). */
    public static final String PROJECT = "polycloud.gcp.project";
    /** The region key. */
    public static final String REGION = "polycloud.gcp.region";
    /** The Pub/Sub emulator key. */
    public static final String PUBSUB_EMULATOR_HOST = "polycloud.gcp.pubsub.emulator-host";
    /** The key switching managed listeners to Pub/Sub StreamingPull. */
    public static final String PUBSUB_STREAMING = "polycloud.gcp.pubsub.streaming";
    /** The Firestore emulator key. */
    public static final String FIRESTORE_EMULATOR_HOST = "polycloud.gcp.firestore.emulator-host";
    /** The Firestore database key. */
    public static final String FIRESTORE_DATABASE = "polycloud.gcp.firestore.database";
    /** Every key of this class. */
    public static final java.util.Set<String> KEYS = java.util.Set.of(PROJECT, REGION, PUBSUB_EMULATOR_HOST,
            PUBSUB_STREAMING, FIRESTORE_EMULATOR_HOST, FIRESTORE_DATABASE);
    /** The environment variable the Google client libraries read for the Pub/Sub emulator. */
    public static final String PUBSUB_EMULATOR_ENV = "PUBSUB_EMULATOR_HOST";
    /** The environment variable the Google client libraries read for the Firestore emulator. */
    public static final String FIRESTORE_EMULATOR_ENV = "FIRESTORE_EMULATOR_HOST";
    /** The default Firestore database. */
    public static final String DEFAULT_DATABASE = "(default)";

    // Project ids: 6 to 30 lowercase letters, digits and hyphens, starting with a letter; older
    // projects may carry a domain prefix ("example.com:my-project"). The emulators accept more,
    // so only the characters that would break resource paths are refused.
    private static final Pattern PROJECT_PATTERN = Pattern.compile("(?:[a-z0-9.\\-]+:)?[a-z][a-z0-9\\-]{0,62}");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]+-[a-z]+[0-9]{1,2}");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.\\-]+):[0-9]{1,5}");
    private static final Pattern DATABASE_PATTERN = Pattern.compile("\\(default\\)|[a-z][a-z0-9\\-]{2,62}");

    /**
     * Checks the components.
     *
     * @throws NullPointerException for null components
     */
    public GcpSettings {
        java.util.Objects.requireNonNull(project, "project");
        region = region == null ? Optional.empty() : region;
        pubsubEmulatorHost = pubsubEmulatorHost == null ? Optional.empty() : pubsubEmulatorHost;
        firestoreEmulatorHost = firestoreEmulatorHost == null ? Optional.empty() : firestoreEmulatorHost;
        java.util.Objects.requireNonNull(firestoreDatabase, "firestoreDatabase");
    }

    /**
     * Settings with StreamingPull on (the default).
     *
     * @param project see the record description
     * @param region see the record description
     * @param pubsubEmulatorHost see the record description
     * @param firestoreEmulatorHost see the record description
     * @param firestoreDatabase see the record description
     * @param timeout see the record description
     * @throws NullPointerException for null components
     */
    public GcpSettings(String project, Optional<String> region, Optional<String> pubsubEmulatorHost,
                       Optional<String> firestoreEmulatorHost, String firestoreDatabase, java.time.Duration timeout) {
        this(project, region, pubsubEmulatorHost, firestoreEmulatorHost, firestoreDatabase, timeout, true);
    }

    /**
     * Reads and checks the GCP keys, and the standard emulator environment variables.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a missing or wrong key
     */
    public static GcpSettings from(PolycloudConfig config) {
        return from(config, System::getenv);
    }

    /**
     * Reads and checks the GCP keys with an explicit environment (for tests).
     *
     * @param config the configuration
     * @param environment looks up an environment variable, null when unset
     * @return the settings
     */
    public static GcpSettings from(PolycloudConfig config, Function<String, String> environment) {
        String project = config.require(PROJECT, "the Google Cloud project id, such as my-project");
        if (!PROJECT_PATTERN.matcher(project).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + PROJECT + "' must be a project id: lowercase"
                    + " letters, digits and hyphens, starting with a letter (found '" + project + "')");
        }
        Optional<String> region = config.get(REGION);
        region.ifPresent(r -> {
            if (!REGION_PATTERN.matcher(r).matches()) {
                throw CloudException.invalidArgument("Configuration key '" + REGION
                        + "' must be a region such as europe-west1 or us-central1 (found '" + r + "')");
            }
        });
        Optional<String> pubsub = hostPort(config, PUBSUB_EMULATOR_HOST, PUBSUB_EMULATOR_ENV, environment);
        Optional<String> firestore = hostPort(config, FIRESTORE_EMULATOR_HOST, FIRESTORE_EMULATOR_ENV, environment);
        String database = config.get(FIRESTORE_DATABASE).orElse(DEFAULT_DATABASE);
        if (!DATABASE_PATTERN.matcher(database).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + FIRESTORE_DATABASE
                    + "' must be (default) or a database id of 3 to 63 lowercase letters, digits and hyphens"
                    + " (found '" + database + "')");
        }
        return new GcpSettings(project, region, pubsub, firestore, database, config.timeout(),
                config.getBoolean(PUBSUB_STREAMING, true));
    }

    private static Optional<String> hostPort(PolycloudConfig config, String key, String variable,
                                             Function<String, String> environment) {
        Optional<String> value = config.get(key);
        String source = "Configuration key '" + key + "'";
        if (value.isEmpty()) {
            String env = environment.apply(variable);
            if (env != null && !env.isBlank()) {
                value = Optional.of(env.trim());
                source = "Environment variable " + variable;
            }
        }
        if (value.isPresent()) {
            String v = value.get();
            if (v.startsWith("http://")) {
                v = v.substring("http://".length());
            }
            if (!HOST_PORT.matcher(v).matches() || Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)) > 65535) {
                throw CloudException.invalidArgument(source + " must be host:port of an emulator, such as"
                        + " 127.0.0.1:8085 (found '" + value.get() + "')");
            }
            return Optional.of(v);
        }
        return Optional.empty();
    }

    /**
     * Whether Pub/Sub is an emulator.
     *
     * @return true with an emulator host
     */
    public boolean pubsubEmulator() {
        return pubsubEmulatorHost.isPresent();
    }

    /**
     * Whether Firestore is an emulator.
     *
     * @return true with an emulator host
     */
    public boolean firestoreEmulator() {
        return firestoreEmulatorHost.isPresent();
    }
}
