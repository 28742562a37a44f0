package dev.polycloud.azure;

import dev.polycloud.azure.functions.AzureFunctionDriver;
import dev.polycloud.azure.gateway.ApiManagementGateways;
import dev.polycloud.azure.internal.AzureCapabilities;
import dev.polycloud.azure.internal.AzureDrivers;
import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.AzureSettings;
import dev.polycloud.azure.internal.ManagementClient;
import dev.polycloud.azure.servicebus.ServiceBusTopics;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.BlobDrivers;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Azure provider ({@code polycloud.provider=azure}): queues on Azure Storage Queues, tables on
 * Azure Table Storage, topics on Azure Service Bus, buckets on Azure Blob Storage containers. See {@link AzureSettings} for the
 * configuration keys and {@link AzureCapabilities} for what is supported.
 *
 * <p>Shaping the clients ({@link dev.polycloud.Polycloud#builder()}): the Queue, Table and Service Bus
 * client builders ({@code QueueServiceClientBuilder}, {@code TableServiceClientBuilder}, {@code BlobServiceClientBuilder},
 * {@code ServiceBusAdministrationClientBuilder}, {@code ServiceBusClientBuilder}) go through the customisers
 * registered for their type or a super-type ({@code HttpTrait.class} reaches the first four: add an
 * {@code HttpPipelinePolicy}, set {@code HttpLogOptions}) just before each client is built. Objects it
 * {@linkplain dev.polycloud.Polycloud.Builder#use(Class, Object) uses}: a {@link TokenCredential} instead of
 * {@code DefaultAzureCredential}, and an Azure {@link HttpClient} for the storage and Service Bus
 * administration clients. {@code Cloud.unwrap(QueueServiceClient.class)} (or {@code QueueServiceAsyncClient},
 * {@code TableServiceClient}, {@code TableServiceAsyncClient}, {@code BlobServiceClient},
 * {@code ServiceBusAdministrationClient}, {@code ServiceBusClientBuilder}) returns what the drivers use; the
 * asynchronous clients are those of the asynchronous API ({@code queue.async()}, {@code table.async()}), built
 * from a builder of their own with the same configuration and customisers (so a customiser runs once for the
 * blocking and once for the asynchronous client of a service, when each is first used).
 */
public final class AzureCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "azure";

    /** Creates the provider (found by {@link java.util.ServiceLoader}). */
    public AzureCloudProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return AzureSettings.KEYS;
    }

    @Override
    public Set<Class<?>> usableTypes() {
        return Set.of(TokenCredential.class, HttpClient.class);
    }

    @Override
    public Set<Class<?>> customizableTypes() {
        return Set.of(QueueServiceClientBuilder.class, TableServiceClientBuilder.class, BlobServiceClientBuilder.class,
                ServiceBusAdministrationClientBuilder.class, ServiceBusClientBuilder.class);
    }

    @Override
    public ProviderDrivers open(ProviderContext context) {
        return new Drivers(AzureSettings.from(context));
    }

    /**
     * The Azure driver factories. Everything is built on first use; building a client makes no network call.
     * Functions (Azure Functions) and gateways (API Management) exist only when configured; they share one JDK
     * HTTP client and one Resource Manager client.
     */
    private static final class Drivers implements ProviderDrivers {
        private final AzureSettings settings;
        private final Capabilities capabilities;
        private final Supplier<QueueServiceClient> queueService;
        private final Supplier<QueueServiceAsyncClient> queueAsyncService;
        private final Supplier<TableServiceClient> tableService;
        private final Supplier<TableServiceAsyncClient> tableAsyncService;
        private final Supplier<BlobServiceClient> blobService;
        private final Supplier<ServiceBusAdministrationClient> serviceBusAdmin;
        private final Supplier<ServiceBusTopics> topics;
        private final Supplier<AzureFunctionDriver> functions;
        private final Supplier<ApiManagementGateways> gateways;
        private volatile boolean topicsBuilt;

        Drivers(AzureSettings settings) {
            this.settings = settings;
            AzureFunctionSettings f = settings.functions();
            this.capabilities = AzureCapabilities.of(settings.serviceBusConfigured(), f.functionsConfigured(),
                    f.gatewaysConfigured(), f.bucketEventsConfigured() && settings.blobsConfigured());
            this.queueService = AzureSettings.memoize(settings::queueServiceClient);
            this.tableService = AzureSettings.memoize(settings::tableServiceClient);
            this.queueAsyncService = AzureSettings.memoize(settings::queueServiceAsyncClient);
            this.tableAsyncService = AzureSettings.memoize(settings::tableServiceAsyncClient);
            this.blobService = AzureSettings.memoize(settings::blobServiceClient);
            this.serviceBusAdmin = AzureSettings.memoize(settings::serviceBusAdministrationClient);
            this.topics = AzureSettings.memoize(() -> {
                topicsBuilt = true;
                return new ServiceBusTopics(settings, serviceBusAdmin);
            });
            Supplier<java.net.http.HttpClient> http = AzureSettings.memoize(() -> java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build());
            Supplier<ManagementClient> management = AzureSettings.memoize(() -> new ManagementClient(
                    f.managementEndpoint(), settings.credential(), http));
            this.functions = AzureSettings.memoize(() -> new AzureFunctionDriver(f, http, management,
                    f.bucketEventsConfigured() && settings.blobsConfigured()
                            ? new dev.polycloud.azure.blob.EventGridBucketTriggers(management,
                            () -> f.storageAccountPath(blobService.get().getAccountName()),
                            () -> f.functionAppPath().orElseThrow(),
                            c -> blobService.get().getBlobContainerClient(c).exists()) : null));
            this.gateways = AzureSettings.memoize(() -> new ApiManagementGateways(f, management,
                    AzureCapabilities.GATEWAY_MAX_BODY_BYTES));
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public QueueDrivers queues() {
            return new AzureDrivers.Queues(queueService, queueAsyncService, Clock.systemUTC());
        }

        @Override
        public TopicDrivers topics() {
            return topics.get();
        }

        @Override
        public TableDrivers tables() {
            return new AzureDrivers.Tables(tableService, tableAsyncService);
        }

        @Override
        public Optional<BlobDrivers> blobs() {
            return settings.blobsConfigured() ? Optional.of(new AzureDrivers.Blobs(blobService)) : Optional.empty();
        }

        @Override
        public Optional<FunctionDriver> functions() {
            return settings.functions().functionsConfigured() ? Optional.of(functions.get()) : Optional.empty();
        }

        @Override
        public Optional<GatewayDrivers> gateways() {
            return settings.functions().gatewaysConfigured() ? Optional.of(gateways.get()) : Optional.empty();
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            Object o = null;
            if (type == QueueServiceClient.class) {
                o = queueService.get();
            } else if (type == QueueServiceAsyncClient.class) {
                o = queueAsyncService.get();
            } else if (type == TableServiceClient.class) {
                o = tableService.get();
            } else if (type == TableServiceAsyncClient.class) {
                o = tableAsyncService.get();
            } else if (type == BlobServiceClient.class && settings.blobsConfigured()) {
                o = blobService.get();
            } else if (type == ServiceBusAdministrationClient.class && settings.serviceBusConfigured()) {
                o = serviceBusAdmin.get();
            } else if (type == ServiceBusClientBuilder.class && settings.serviceBusConfigured()) {
                o = settings.serviceBusClientBuilder();
            }
            return Optional.ofNullable(o).map(type::cast);
        }

        @Override
        public void close() {
            if (topicsBuilt) {
                topics.get().close();
            }
        }
    }

    @Override
    public String toString() {
        return "AzureCloudProvider";
    }
}
