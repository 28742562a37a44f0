package dev.polycloud.azure;

import com.azure.data.tables.TableServiceClient;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.storage.queue.QueueServiceClient;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Binds the Azure drivers and native clients. Everything is a lazy singleton: no client is
 * built before a building block that needs it is used, and building a client makes no network
 * call. The native clients can be {@linkplain dev.polycloud.Cloud#unwrap(Class) unwrapped}:
 * {@link QueueServiceClient}, {@link TableServiceClient} and, when Service Bus is configured,
 * {@link ServiceBusAdministrationClient} and a {@link ServiceBusClientBuilder} for the namespace.
 * Functions (Azure Functions) and gateways (API Management) are bound only when configured; they
 * share one JDK {@link HttpClient} and one Resource Manager client, both built on first use.
 */
final class AzureModule extends AbstractModule {

    private final AzureSettings settings;
    /** One administration client for unwrap and the topic drivers, built on first use. */
    private final Supplier<ServiceBusAdministrationClient> serviceBusAdmin;
    /** The HTTP client of function invocations and Resource Manager calls, built on first use. */
    private final Supplier<HttpClient> http;
    /** The Resource Manager client, built on first use. */
    private final Supplier<ManagementClient> management;

    AzureModule(AzureSettings settings) {
        this.settings = settings;
        this.serviceBusAdmin = AzureSettings.memoize(settings::serviceBusAdministrationClient);
        this.http = AzureSettings.memoize(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());
        this.management = AzureSettings.memoize(() -> new ManagementClient(settings.functions().managementEndpoint(),
                settings.credential(), http));
    }

    @Override
    protected void configure() {
        AzureFunctionSettings functions = settings.functions();
        bind(Capabilities.class).toInstance(AzureCapabilities.of(settings.serviceBusConfigured(),
                functions.functionsConfigured(), functions.gatewaysConfigured()));
        bind(AzureSettings.class).toInstance(settings);
        if (functions.functionsConfigured()) {
            OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class).setBinding()
                    .toInstance(new AzureFunctionDriver(functions, http, management));
        }
        if (functions.gatewaysConfigured()) {
            OptionalBinder.newOptionalBinder(binder(), GatewayDrivers.class).setBinding()
                    .toInstance(new ApiManagementGateways(functions, management,
                            AzureCapabilities.GATEWAY_MAX_BODY_BYTES));
        }
        if (settings.serviceBusConfigured()) {
            bind(ServiceBusAdministrationClient.class).toProvider(serviceBusAdmin::get);
            bind(ServiceBusClientBuilder.class).toProvider(settings::serviceBusClientBuilder);
        }
    }

    @Provides
    @Singleton
    QueueServiceClient queueServiceClient() {
        return settings.queueServiceClient();
    }

    @Provides
    @Singleton
    TableServiceClient tableServiceClient() {
        return settings.tableServiceClient();
    }

    @Provides
    @Singleton
    QueueDrivers queueDrivers(Provider<QueueServiceClient> client) {
        return new AzureDrivers.Queues(AzureSettings.memoize(client::get), Clock.systemUTC());
    }

    @Provides
    @Singleton
    TableDrivers tableDrivers(Provider<TableServiceClient> client) {
        return new AzureDrivers.Tables(AzureSettings.memoize(client::get));
    }

    @Provides
    @Singleton
    TopicDrivers topicDrivers() {
        return new ServiceBusTopics(settings, serviceBusAdmin);
    }
}
