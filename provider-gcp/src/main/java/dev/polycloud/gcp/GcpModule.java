package dev.polycloud.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.PublisherStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;

/**
 * Binds the GCP drivers: queues and topics on Pub/Sub, tables on Firestore. Every binding is a
 * lazy singleton and no client connects before a building block is used. The native clients are
 * bound for {@code Cloud.unwrap}: {@link TopicAdminClient}, {@link SubscriptionAdminClient},
 * {@link SubscriberStub} / {@link GrpcSubscriberStub}, {@link PublisherStub} / {@link GrpcPublisherStub},
 * {@link Firestore}, and the holders {@link PubSubClients} and {@link FirestoreTables}.
 */
final class GcpModule extends AbstractModule {

    private final GcpSettings settings;

    GcpModule(GcpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(GcpSettings.class).toInstance(settings);
        bind(Capabilities.class).toInstance(GcpCloudProvider.capabilities());
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
