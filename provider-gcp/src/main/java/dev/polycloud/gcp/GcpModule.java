package dev.polycloud.gcp;

import com.google.cloud.apigateway.v1.ApiGatewayServiceClient;
import com.google.cloud.apigateway.v1.ApiGatewayServiceSettings;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.PublisherStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Binds the GCP drivers: queues and topics on Pub/Sub, tables on Firestore, functions on Cloud
 * Functions, gateways on API Gateway. Every binding is a lazy singleton and no client connects
 * before a building block is used. The native clients are bound for {@code Cloud.unwrap}:
 * {@link TopicAdminClient}, {@link SubscriptionAdminClient}, {@link SubscriberStub} /
 * {@link GrpcSubscriberStub}, {@link PublisherStub} / {@link GrpcPublisherStub}, {@link Firestore},
 * {@link FunctionServiceClient}, {@link ApiGatewayServiceClient}, and the holders {@link PubSubClients}
 * and {@link FirestoreTables}.
 *
 * <p>The Functions and API Gateway clients are built from the bound {@link FunctionServiceSettings} and
 * {@link ApiGatewayServiceSettings} (Google's defaults: gRPC, Application Default Credentials), which
 * {@code Polycloud.open(config, overrides)} can replace, for example with a private endpoint.
 */
final class GcpModule extends AbstractModule {

    private final GcpSettings settings;

    private final GcpFunctionSettings functionSettings;

    GcpModule(GcpSettings settings) {
        this(settings, GcpFunctionSettings.defaults());
    }

    GcpModule(GcpSettings settings, GcpFunctionSettings functionSettings) {
        this.settings = settings;
        this.functionSettings = functionSettings;
    }

    @Override
    protected void configure() {
        bind(GcpSettings.class).toInstance(settings);
        bind(GcpFunctionSettings.class).toInstance(functionSettings);
        bind(Capabilities.class).toInstance(GcpCloudProvider.capabilities());
        OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class).setBinding().to(CloudFunctionsDriver.class);
        OptionalBinder.newOptionalBinder(binder(), GatewayDrivers.class).setBinding().to(ApiGateways.class);
    }

    @Provides
    FunctionServiceSettings functionServiceSettings() {
        try {
            return FunctionServiceSettings.newBuilder().build();
        } catch (IOException e) {
            throw GcpErrors.map(e, "configure", "Cloud Functions");
        }
    }

    @Provides
    ApiGatewayServiceSettings apiGatewayServiceSettings() {
        try {
            return ApiGatewayServiceSettings.newBuilder().build();
        } catch (IOException e) {
            throw GcpErrors.map(e, "configure", "API Gateway");
        }
    }

    @Provides
    @Singleton
    LazyClient<FunctionServiceClient> functionClient(com.google.inject.Provider<FunctionServiceSettings> s) {
        return new LazyClient<>("Cloud Functions", () -> {
            try {
                return FunctionServiceClient.create(s.get());
            } catch (IOException e) {
                throw GcpErrors.map(e, "connect", "Cloud Functions");
            }
        });
    }

    @Provides
    @Singleton
    LazyClient<ApiGatewayServiceClient> gatewayClient(com.google.inject.Provider<ApiGatewayServiceSettings> s) {
        return new LazyClient<>("API Gateway", () -> {
            try {
                return ApiGatewayServiceClient.create(s.get());
            } catch (IOException e) {
                throw GcpErrors.map(e, "connect", "API Gateway");
            }
        });
    }

    @Provides
    @Singleton
    FunctionUrls functionUrls(LazyClient<FunctionServiceClient> client) {
        return new FunctionUrls(settings, functionSettings, client);
    }

    @Provides
    @Singleton
    CloudFunctionsDriver functionDriver(LazyClient<FunctionServiceClient> client, FunctionUrls urls) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new CloudFunctionsDriver(settings, functionSettings, client, urls,
                new FunctionHttpInvoker(http, new IdTokens()), http,
                GcpCloudProvider.capabilities().functions().maxTimeout());
    }

    @Provides
    @Singleton
    ApiGateways gateways(LazyClient<ApiGatewayServiceClient> client, FunctionUrls urls) {
        return new ApiGateways(settings, functionSettings, client, urls,
                GcpCloudProvider.capabilities().functions().maxTimeout());
    }

    @Provides
    FunctionServiceClient functionServiceClient(LazyClient<FunctionServiceClient> client) {
        return client.get();
    }

    @Provides
    ApiGatewayServiceClient apiGatewayServiceClient(LazyClient<ApiGatewayServiceClient> client) {
        return client.get();
    }

    @Provides
    @Singleton
    PubSubClients pubSubClients() {
        return new PubSubClients(settings);
    }

    @Provides
    @Singleton
    PubSubMessaging messaging(PubSubClients clients) {
        return new PubSubMessaging(clients);
    }

    @Provides
    @Singleton
    QueueDrivers queueDrivers(PubSubMessaging messaging) {
        return messaging;
    }

    @Provides
    @Singleton
    TopicDrivers topicDrivers(PubSubMessaging messaging) {
        return messaging;
    }

    @Provides
    @Singleton
    FirestoreTables firestoreTables() {
        return new FirestoreTables(settings);
    }

    @Provides
    @Singleton
    TableDrivers tableDrivers(FirestoreTables tables) {
        return tables;
    }

    @Provides
    TopicAdminClient topicAdminClient(PubSubClients clients) {
        return clients.topics();
    }

    @Provides
    SubscriptionAdminClient subscriptionAdminClient(PubSubClients clients) {
        return clients.subscriptions();
    }

    @Provides
    GrpcSubscriberStub grpcSubscriberStub(PubSubClients clients) {
        return clients.subscriber();
    }

    @Provides
    SubscriberStub subscriberStub(PubSubClients clients) {
        return clients.subscriber();
    }

    @Provides
    GrpcPublisherStub grpcPublisherStub(PubSubClients clients) {
        return clients.publisher();
    }

    @Provides
    PublisherStub publisherStub(PubSubClients clients) {
        return clients.publisher();
    }

    @Provides
    Firestore firestore(FirestoreTables tables) {
        return tables.firestore();
    }
}
