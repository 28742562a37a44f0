package dev.polycloud.aws;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.polycloud.Capabilities;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDriver;
import dev.polycloud.spi.TopicDrivers;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Binds the AWS drivers and native clients. Nothing here builds a client: {@link AwsClients}
 * builds each one on first use, so binding singletons eagerly (Guice's production stage) costs
 * nothing. {@code Cloud.unwrap(SqsClient.class)} (or {@code SnsClient}, {@code DynamoDbClient},
 * {@code LambdaClient}, {@code ApiGatewayV2Client}) returns the client the drivers use. Functions
 * (Lambda) and gateways (API Gateway v2) are bound through Polycloud's optional bindings.
 */
final class AwsModule extends AbstractModule {

    private final AwsSettings settings;

    AwsModule(AwsSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(AwsSettings.class).toInstance(settings);
        bind(Capabilities.class).toInstance(AwsCloudProvider.CAPABILITIES);
        OptionalBinder.newOptionalBinder(binder(), FunctionDriver.class).setBinding().to(LambdaFunctionDriver.class);
        OptionalBinder.newOptionalBinder(binder(), GatewayDrivers.class).setBinding().to(Gateways.class);
    }

    @Provides
    @Singleton
    LambdaFunctionDriver functionDriver(AwsClients clients) {
        return new LambdaFunctionDriver(clients);
    }

    @Provides
    @Singleton
    Gateways gatewayDrivers(AwsClients clients) {
        return new Gateways(clients);
    }

    @Provides
    LambdaClient lambdaClient(AwsClients clients) {
        return clients.lambda();
    }

    @Provides
    ApiGatewayV2Client apiGatewayClient(AwsClients clients) {
        return clients.apiGateway();
    }

    @Provides
    @Singleton
    AwsClients clients(AwsSettings awsSettings) {
        return new AwsClients(awsSettings);
    }

    @Provides
    @Singleton
    QueueDrivers queueDrivers(AwsClients clients) {
        return new Queues(clients);
    }

    @Provides
    @Singleton
    TopicDrivers topicDrivers(AwsClients clients) {
        return new Topics(clients);
    }

    @Provides
    @Singleton
    TableDrivers tableDrivers(AwsClients clients) {
        return new Tables(clients);
    }

    @Provides
    SqsClient sqsClient(AwsClients clients) {
        return clients.sqs();
    }

    @Provides
    SnsClient snsClient(AwsClients clients) {
        return clients.sns();
    }

    @Provides
    DynamoDbClient dynamoDbClient(AwsClients clients) {
        return clients.dynamoDb();
    }

    /** Closing any of the driver factories closes the shared clients (the cloud closes them all). */
    private abstract static class Factory implements AutoCloseable {
        final AwsClients clients;

        Factory(AwsClients clients) {
            this.clients = clients;
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    private static final class Queues extends Factory implements QueueDrivers {
        Queues(AwsClients clients) {
            super(clients);
        }

        @Override
        public QueueDriver queue(String name) {
            return new SqsQueueDriver(clients, name);
        }
    }

    private static final class Topics extends Factory implements TopicDrivers {
        Topics(AwsClients clients) {
            super(clients);
        }

        @Override
        public TopicDriver topic(String name) {
            return new SnsTopicDriver(clients, name);
        }
    }

    /** The gateway drivers: one HTTP API per portable gateway. */
    static final class Gateways extends Factory implements GatewayDrivers {
        Gateways(AwsClients clients) {
            super(clients);
        }

        @Override
        public GatewayDriver gateway(String name) {
            return new HttpApiGatewayDriver(clients, name);
        }
    }

    private static final class Tables extends Factory implements TableDrivers {
        Tables(AwsClients clients) {
            super(clients);
        }

        @Override
        public TableDriver table(String name) {
            return new DynamoTableDriver(clients, name);
        }
    }
}
