package dev.polycloud.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.azure.core.client.traits.HttpTrait;
import dev.polycloud.spi.ProviderContext;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Azure provider's configuration, checked when the provider's module is created (so a wrong
 * or missing key fails at {@code open()}), and the factories of the native clients.
 *
 * <h2>Keys</h2>
 * Storage (queues and tables), one of:
 * <ul>
 *   <li>{@value #CONNECTION_STRING}: a storage connection string (secret: never logged or shown;
 *       {@code UseDevelopmentStorage=true} works for a local Azurite);</li>
 *   <li>{@value #ACCOUNT_NAME}: a storage account name, used with {@code DefaultAzureCredential}
 *       at {@code https://NAME.queue.ENDPOINT_SUFFIX} and {@code https://NAME.table.ENDPOINT_SUFFIX}
 *       ({@value #ENDPOINT_SUFFIX}, default {@code core.windows.net});</li>
 *   <li>{@value #QUEUE_ENDPOINT} and {@value #TABLE_ENDPOINT}: explicit service URLs, used with
 *       {@code DefaultAzureCredential} (each overrides what the account name gives).</li>
 * </ul>
 * Service Bus (topics; optional — without it topics fail with {@code UNIMPLEMENTED} naming
 * these keys and queues and tables work), one of:
 * <ul>
 *   <li>{@value #SERVICEBUS_CONNECTION_STRING}: a namespace connection string (secret);</li>
 *   <li>{@value #SERVICEBUS_NAMESPACE}: a namespace ({@code NAME} or
 *       {@code NAME.servicebus.windows.net}) used with {@code DefaultAzureCredential}.</li>
 * </ul>
 * Functions (Azure Functions), gateways (API Management) and the Resource Manager calls they make
 * are configured by the keys of {@link AzureFunctionSettings}, all optional.
 *
 * <p>The SDK's own retries are turned off: the portable layer retries retryable errors itself,
 * and two layers of retries would multiply waits.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureSettings {

    /** Storage connection string (secret). */
    static final String CONNECTION_STRING = "polycloud.azure.connection-string";
    /** Storage account name, for DefaultAzureCredential. */
    static final String ACCOUNT_NAME = "polycloud.azure.account-name";
    /** Explicit Queue service endpoint, for DefaultAzureCredential. */
    static final String QUEUE_ENDPOINT = "polycloud.azure.queue-endpoint";
    /** Explicit Table service endpoint, for DefaultAzureCredential. */
    static final String TABLE_ENDPOINT = "polycloud.azure.table-endpoint";
    /** Explicit Blob service endpoint (optional; derived from the account name or connection string otherwise). */
    static final String BLOB_ENDPOINT = "polycloud.azure.blob-endpoint";
    /** DNS suffix of storage endpoints derived from the account name. */
    static final String ENDPOINT_SUFFIX = "polycloud.azure.endpoint-suffix";
    /** Service Bus connection string (secret). */
    static final String SERVICEBUS_CONNECTION_STRING = "polycloud.azure.servicebus.connection-string";
    /** Service Bus namespace, for DefaultAzureCredential. */
    static final String SERVICEBUS_NAMESPACE = "polycloud.azure.servicebus.namespace";
    /** Every key this provider reads. */
    public static final Set<String> KEYS = keys();

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private final String storageConnectionString;
    private final String queueEndpoint;
    private final String tableEndpoint;
    private final String blobEndpoint;
    private final String serviceBusConnectionString;
    private final String serviceBusNamespace;
    private final Supplier<TokenCredential> credential;
    private final AzureFunctionSettings functions;
    /** The user's customisers and objects; null for settings read without opening a cloud. */
    private final ProviderContext context;
    private final Duration timeout;

    private AzureSettings(String storageConnectionString, String queueEndpoint, String tableEndpoint,
                          String blobEndpoint, String serviceBusConnectionString, String serviceBusNamespace,
                          AzureFunctionSettings functions, ProviderContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
        this.storageConnectionString = storageConnectionString;
        this.queueEndpoint = queueEndpoint;
        this.tableEndpoint = tableEndpoint;
        this.blobEndpoint = blobEndpoint;
        this.serviceBusConnectionString = serviceBusConnectionString;
        this.serviceBusNamespace = serviceBusNamespace;
        this.functions = functions;
        Optional<TokenCredential> user = context == null ? Optional.empty() : context.use(TokenCredential.class);
        this.credential = user.isPresent() ? user::get
                : memoize(() -> new DefaultAzureCredentialBuilder().build());
    }

    /**
     * Reads and checks the configuration; connects to nothing.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a missing, ambiguous or malformed key
     */
    public static AzureSettings from(PolycloudConfig config) {
        return from(config, null);
    }

    /**
     * Reads and checks the configuration of a cloud being opened, with the user's customisers and objects;
     * connects to nothing.
     *
     * @param context the context of the cloud being opened
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a missing, ambiguous or malformed key
     */
    public static AzureSettings from(ProviderContext context) {
        return from(context.config(), context);
    }

    private static AzureSettings from(PolycloudConfig config, ProviderContext context) {
        Optional<String> connectionString = config.get(CONNECTION_STRING);
        Optional<String> account = config.get(ACCOUNT_NAME);
        Optional<String> queueUrl = config.get(QUEUE_ENDPOINT).map(v -> endpoint(QUEUE_ENDPOINT, v));
        Optional<String> tableUrl = config.get(TABLE_ENDPOINT).map(v -> endpoint(TABLE_ENDPOINT, v));
        Optional<String> blobUrl = config.get(BLOB_ENDPOINT).map(v -> endpoint(BLOB_ENDPOINT, v));
        String suffix = config.get(ENDPOINT_SUFFIX).orElse("core.windows.net");
        if (!HOST.matcher(suffix).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + ENDPOINT_SUFFIX
                    + "' must be a DNS suffix such as core.windows.net (found '" + suffix + "')");
        }
        String storage = null;
        String queues;
        String tables;
        String blobs;
        if (connectionString.isPresent()) {
            if (account.isPresent()) {
                throw CloudException.invalidArgument("Set either '" + CONNECTION_STRING + "' or '" + ACCOUNT_NAME
                        + "' for Azure Storage, not both");
            }
            storage = connectionString.get();
            checkStorageConnectionString(storage);
            queues = queueUrl.orElse(null);
            tables = tableUrl.orElse(null);
            blobs = blobUrl.orElse(null);
        } else {
            account.ifPresent(a -> {
                if (!ACCOUNT.matcher(a).matches()) {
                    throw CloudException.invalidArgument("Configuration key '" + ACCOUNT_NAME
                            + "' must be a storage account name: 3 to 24 lowercase letters and digits (found '" + a + "')");
                }
            });
            queues = queueUrl.orElseGet(() -> account.map(a -> "https://" + a + ".queue." + suffix).orElse(null));
            tables = tableUrl.orElseGet(() -> account.map(a -> "https://" + a + ".table." + suffix).orElse(null));
            blobs = blobUrl.orElseGet(() -> account.map(a -> "https://" + a + ".blob." + suffix).orElse(null));
            if (queues == null || tables == null) {
                throw CloudException.invalidArgument("Missing Azure Storage configuration: set '" + CONNECTION_STRING
                        + "' (a storage connection string), or '" + ACCOUNT_NAME + "' (an account name, used with"
                        + " DefaultAzureCredential), or both '" + QUEUE_ENDPOINT + "' and '" + TABLE_ENDPOINT + "'"
                        + (queues == null && tables == null ? "" : " (only one of the two endpoints is set)"));
            }
        }

        Optional<String> busConnection = config.get(SERVICEBUS_CONNECTION_STRING);
        Optional<String> busNamespace = config.get(SERVICEBUS_NAMESPACE);
        if (busConnection.isPresent() && busNamespace.isPresent()) {
            throw CloudException.invalidArgument("Set either '" + SERVICEBUS_CONNECTION_STRING + "' or '"
                    + SERVICEBUS_NAMESPACE + "' for Service Bus, not both");
        }
        busConnection.ifPresent(AzureSettings::checkServiceBusConnectionString);
        String namespace = busNamespace.map(AzureSettings::fullyQualifiedNamespace).orElse(null);
        return new AzureSettings(storage, queues, tables, blobs, busConnection.orElse(null), namespace,
                AzureFunctionSettings.from(config), context, config.timeout());
    }

    /**
     * The functions, gateways and Resource Manager settings.
     *
     * @return the settings (functions and gateways may be unconfigured)
     */
    public AzureFunctionSettings functions() {
        return functions;
    }

    /**
     * The {@code DefaultAzureCredential}, built on first use.
     *
     * @return the credential supplier
     */
    public Supplier<TokenCredential> credential() {
        return credential;
    }

    /**
     * Whether Service Bus (topics) is configured.
     *
     * @return true when a Service Bus connection string or namespace is set
     */
    public boolean serviceBusConfigured() {
        return serviceBusConnectionString != null || serviceBusNamespace != null;
    }

    /**
     * The per-call timeout ({@code polycloud.timeout}).
     *
     * @return the timeout
     */
    Duration timeout() {
        return timeout;
    }

    /**
     * The HTTP client of the storage clients: a response (and each read of it) must come within
     * {@code polycloud.timeout}, else the call fails and is mapped to DEADLINE_EXCEEDED. A new one for each
     * client (each with its own connections), the blocking and the asynchronous client of a service alike.
     */
    private com.azure.core.http.HttpClient timedHttpClient() {
        return com.azure.core.http.HttpClient.createDefault(new com.azure.core.util.HttpClientOptions()
                .setResponseTimeout(timeout).setReadTimeout(timeout));
    }

    /**
     * Builds the Queue service client (no network call).
     *
     * @return the client
     */
    public QueueServiceClient queueServiceClient() {
        return queueServiceBuilder().buildClient();
    }

    /**
     * Builds the asynchronous Queue service client (no network call): the same configuration, retry options,
     * timeouts and customisers as {@link #queueServiceClient()}, on an HTTP client of its own (or the user's).
     *
     * @return the client
     */
    public QueueServiceAsyncClient queueServiceAsyncClient() {
        return queueServiceBuilder().buildAsyncClient();
    }

    private QueueServiceClientBuilder queueServiceBuilder() {
        QueueServiceClientBuilder b = new QueueServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, timeout, null, null, null))
                .addPolicy(new ExpectedConflicts())
                .httpClient(timedHttpClient());
        if (storageConnectionString != null) {
            b.connectionString(storageConnectionString);
            if (queueEndpoint != null) {
                b.endpoint(queueEndpoint);
            }
        } else {
            b.endpoint(queueEndpoint).credential(credential.get());
        }
        return hooks(b);
    }

    /**
     * Whether Blob Storage can be reached: a storage connection string (its {@code BlobEndpoint}, or the one
     * derived from its account) or a blob endpoint (explicit or derived from the account name).
     *
     * @return true when blobs are configured
     */
    public boolean blobsConfigured() {
        return storageConnectionString != null || blobEndpoint != null;
    }

    /**
     * Builds the Blob service client (no network call) with one try per request within {@code polycloud.timeout}
     * (the portable layer retries), the user's HTTP client and customisers.
     *
     * @return the client
     */
    public BlobServiceClient blobServiceClient() {
        BlobServiceClientBuilder b = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, timeout, null, null, null))
                .httpClient(timedHttpClient());
        if (storageConnectionString != null) {
            b.connectionString(storageConnectionString);
            if (blobEndpoint != null) {
                b.endpoint(blobEndpoint);
            }
        } else {
            b.endpoint(blobEndpoint).credential(credential.get());
        }
        return hooks(b).buildClient();
    }

    /**
     * Builds the Table service client (no network call).
     *
     * @return the client
     */
    public TableServiceClient tableServiceClient() {
        return tableServiceBuilder().buildClient();
    }

    /**
     * Builds the asynchronous Table service client (no network call): the same configuration, policies
     * ({@link ExpectedConflicts} included), timeouts and customisers as {@link #tableServiceClient()}, on an HTTP
     * client of its own (or the user's).
     *
     * @return the client
     */
    public TableServiceAsyncClient tableServiceAsyncClient() {
        return tableServiceBuilder().buildAsyncClient();
    }

    private TableServiceClientBuilder tableServiceBuilder() {
        TableServiceClientBuilder b = new TableServiceClientBuilder()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .addPolicy(new ExpectedConflicts())
                .httpClient(timedHttpClient());
        if (storageConnectionString != null) {
            b.connectionString(storageConnectionString);
            if (tableEndpoint != null) {
                b.endpoint(tableEndpoint);
            }
        } else {
            b.endpoint(tableEndpoint).credential(credential.get());
        }
        return hooks(b);
    }

    /**
     * Builds the Service Bus administration client (no network call).
     *
     * @return the client
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when Service Bus is not configured
     */
    public ServiceBusAdministrationClient serviceBusAdministrationClient() {
        requireServiceBus();
        ServiceBusAdministrationClientBuilder b = new ServiceBusAdministrationClientBuilder()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .httpClient(timedHttpClient());
        if (serviceBusConnectionString != null) {
            b.connectionString(serviceBusConnectionString);
        } else {
            b.endpoint("https://" + serviceBusNamespace).credential(credential.get());
        }
        return hooks(b).buildClient();
    }

    /**
     * A Service Bus client builder configured with the namespace and credentials.
     *
     * @return a new builder
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when Service Bus is not configured
     */
    public ServiceBusClientBuilder serviceBusClientBuilder() {
        requireServiceBus();
        // One try per operation, bounded by polycloud.timeout (the portable layer retries).
        ServiceBusClientBuilder b = new ServiceBusClientBuilder().retryOptions(new com.azure.core.amqp.AmqpRetryOptions()
                .setMaxRetries(0).setTryTimeout(timeout));
        if (serviceBusConnectionString != null) {
            b.connectionString(serviceBusConnectionString);
        } else {
            b.fullyQualifiedNamespace(serviceBusNamespace).credential(credential.get());
        }
        return context == null ? b : context.customize(b);
    }

    /**
     * Fails when Service Bus is not configured.
     *
     * @throws CloudException {@link dev.polycloud.ErrorCode#UNIMPLEMENTED} naming the keys (the
     *                        capabilities then declare no topics)
     */
    public void requireServiceBus() {
        if (!serviceBusConfigured()) {
            throw new CloudException(dev.polycloud.ErrorCode.UNIMPLEMENTED,
                    "Topics on Azure need Service Bus: set '" + SERVICEBUS_CONNECTION_STRING
                            + "' (a namespace connection string) or '" + SERVICEBUS_NAMESPACE
                            + "' (a namespace, used with DefaultAzureCredential)", AzureErrors.PROVIDER, null, null);
        }
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("storage", storageConnectionString != null ? "connection-string ****" : "DefaultAzureCredential");
        shown.put("queueEndpoint", queueEndpoint == null ? "(from connection string)" : queueEndpoint);
        shown.put("tableEndpoint", tableEndpoint == null ? "(from connection string)" : tableEndpoint);
        shown.put("serviceBus", serviceBusConnectionString != null ? "connection-string ****"
                : serviceBusNamespace != null ? serviceBusNamespace + " (DefaultAzureCredential)" : "(not configured)");
        return "AzureSettings" + shown + functions;
    }

    /**
     * Parses a connection string into its keys (lower-cased); values are never put in messages.
     *
     * @param key the configuration key, for messages
     * @param value the connection string
     * @return key to value
     */
    static Map<String, String> parseConnectionString(String key, String value) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw CloudException.invalidArgument("Configuration key '" + key
                        + "' is not a connection string of Key=Value pairs separated by ';' (value not shown)");
            }
            parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        return parts;
    }

    private static void checkStorageConnectionString(String value) {
        Map<String, String> parts = parseConnectionString(CONNECTION_STRING, value);
        if ("true".equalsIgnoreCase(parts.get("usedevelopmentstorage"))) {
            return;
        }
        boolean key = parts.containsKey("accountname") && parts.containsKey("accountkey");
        boolean sas = parts.containsKey("sharedaccesssignature");
        if (!key && !sas) {
            throw CloudException.invalidArgument("Configuration key '" + CONNECTION_STRING
                    + "' must hold AccountName and AccountKey, a SharedAccessSignature, or UseDevelopmentStorage=true"
                    + " (value not shown)");
        }
        if (sas && !parts.containsKey("accountname")
                && (!parts.containsKey("queueendpoint") || !parts.containsKey("tableendpoint"))) {
            throw CloudException.invalidArgument("Configuration key '" + CONNECTION_STRING
                    + "' with a SharedAccessSignature needs AccountName or both QueueEndpoint and TableEndpoint"
                    + " (value not shown)");
        }
        for (String endpointKey : new String[] {"queueendpoint", "tableendpoint"}) {
            String url = parts.get(endpointKey);
            if (url != null && !isHttpUrl(url)) {
                throw CloudException.invalidArgument("Configuration key '" + CONNECTION_STRING + "' has a "
                        + endpointKey + " that is not an http(s) URL (value not shown)");
            }
        }
    }

    private static void checkServiceBusConnectionString(String value) {
        Map<String, String> parts = parseConnectionString(SERVICEBUS_CONNECTION_STRING, value);
        String endpoint = parts.get("endpoint");
        if (endpoint == null || !endpoint.toLowerCase(Locale.ROOT).startsWith("sb://")) {
            throw CloudException.invalidArgument("Configuration key '" + SERVICEBUS_CONNECTION_STRING
                    + "' must have Endpoint=sb://NAMESPACE.servicebus.windows.net/ (value not shown)");
        }
        boolean key = parts.containsKey("sharedaccesskeyname") && parts.containsKey("sharedaccesskey");
        boolean sas = parts.containsKey("sharedaccesssignature");
        boolean emulator = "true".equalsIgnoreCase(parts.get("usedevelopmentemulator"));
        if (!key && !sas && !emulator) {
            throw CloudException.invalidArgument("Configuration key '" + SERVICEBUS_CONNECTION_STRING
                    + "' must hold SharedAccessKeyName and SharedAccessKey, or a SharedAccessSignature (value not shown)");
        }
    }

    private static String fullyQualifiedNamespace(String value) {
        String v = value.trim();
        if (v.contains(".")) {
            if (!HOST.matcher(v).matches()) {
                throw CloudException.invalidArgument("Configuration key '" + SERVICEBUS_NAMESPACE
                        + "' must be a namespace name or host such as NAME.servicebus.windows.net (found '" + v + "')");
            }
            return v;
        }
        if (!NAMESPACE.matcher(v).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + SERVICEBUS_NAMESPACE
                    + "' must be a Service Bus namespace: 6 to 50 letters, digits and hyphens, starting with a letter"
                    + " (found '" + v + "')");
        }
        return v + ".servicebus.windows.net";
    }

    private static String endpoint(String key, String value) {
        if (!isHttpUrl(value)) {
            throw CloudException.invalidArgument("Configuration key '" + key
                    + "' must be an http or https URL such as https://ACCOUNT.queue.core.windows.net (found '"
                    + value + "')");
        }
        return value;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Gives a client builder the user's HTTP client, if one was supplied, then the user's customisers.
     *
     * @param builder a client builder
     * @param <B> its type
     * @return the builder
     */
    private <B extends HttpTrait<B>> B hooks(B builder) {
        if (context == null) {
            return builder;
        }
        context.use(com.azure.core.http.HttpClient.class).ifPresent(builder::httpClient);
        return context.customize(builder);
    }

    /**
     * Memoizes a supplier (thread-safe, computes at most once).
     *
     * @param supplier the supplier
     * @param <T> the type
     * @return a supplier that computes once
     */
    public static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return dev.polycloud.spi.Lazy.of(supplier);
    }


    private static Set<String> keys() {
        java.util.Set<String> keys = new java.util.TreeSet<>(Set.of(CONNECTION_STRING, ACCOUNT_NAME, QUEUE_ENDPOINT,
                TABLE_ENDPOINT, BLOB_ENDPOINT, ENDPOINT_SUFFIX, SERVICEBUS_CONNECTION_STRING, SERVICEBUS_NAMESPACE));
        keys.addAll(AzureFunctionSettings.KEYS);
        return Set.copyOf(keys);
    }
}
