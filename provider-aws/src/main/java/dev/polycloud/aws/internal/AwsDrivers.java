package dev.polycloud.aws.internal;

import dev.polycloud.aws.AwsCloudProvider;
import dev.polycloud.aws.dynamodb.DynamoTableDriver;
import dev.polycloud.aws.gateway.HttpApiGatewayDriver;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;
import dev.polycloud.aws.s3.S3BlobDriver;
import dev.polycloud.aws.sns.SnsTopicDriver;
import dev.polycloud.aws.sqs.SqsQueueDriver;

import dev.polycloud.Capabilities;
import dev.polycloud.spi.FunctionDriver;
import dev.polycloud.spi.GatewayDrivers;
import dev.polycloud.spi.Lazy;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDrivers;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Optional;

/**
 * The AWS driver factories over one {@link AwsClients}: nothing here builds a client; each is built on first
 * use. {@code Cloud.unwrap(SqsClient.class)} (or {@code SnsClient}, {@code DynamoDbClient},
 * {@code LambdaClient}, {@code ApiGatewayV2Client}, {@code ApiGatewayClient}) returns the very client the drivers use.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AwsDrivers implements ProviderDrivers {

    private final AwsClients clients;
    private final Lazy<LambdaFunctionDriver> functions;

    public AwsDrivers(AwsClients clients) {
        this.clients = clients;
        this.functions = Lazy.of(() -> new LambdaFunctionDriver(clients));
    }

    @Override
    public Capabilities capabilities() {
        return AwsCloudProvider.CAPABILITIES;
    }

    @Override
    public QueueDrivers queues() {
        return name -> new SqsQueueDriver(clients, name);
    }

    @Override
    public TopicDrivers topics() {
        return name -> new SnsTopicDriver(clients, name);
    }

    @Override
    public TableDrivers tables() {
        return name -> new DynamoTableDriver(clients, name);
    }

    @Override
    public Optional<FunctionDriver> functions() {
        return Optional.of(functions.get());
    }

    @Override
    public Optional<GatewayDrivers> gateways() {
        if (AwsSettings.REST_API.equals(clients.settings().gatewayType())) {
            return Optional.of(name -> new dev.polycloud.aws.gateway.RestApiGatewayDriver(clients, name));
        }
        return Optional.of(name -> new HttpApiGatewayDriver(clients, name));
    }

    @Override
    public Optional<dev.polycloud.spi.BlobDrivers> blobs() {
        return Optional.of(new dev.polycloud.spi.BlobDrivers() {
            @Override
            public dev.polycloud.blob.BlobCapabilities capabilities() {
                return S3BlobDriver.CAPABILITIES;
            }

            @Override
            public dev.polycloud.spi.BlobDriver bucket(String name) {
                return new S3BlobDriver(clients, name);
            }
        });
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        Object client = null;
        if (type == software.amazon.awssdk.services.s3.S3Client.class) {
            client = clients.s3();
        } else if (type == SqsClient.class) {
            client = clients.sqs();
        } else if (type == SnsClient.class) {
            client = clients.sns();
        } else if (type == DynamoDbClient.class) {
            client = clients.dynamoDb();
        } else if (type == LambdaClient.class) {
            client = clients.lambda();
        } else if (type == SqsAsyncClient.class) {
            client = clients.sqsAsync();
        } else if (type == DynamoDbAsyncClient.class) {
            client = clients.dynamoDbAsync();
        } else if (type == ApiGatewayV2Client.class) {
            client = clients.apiGateway();
        } else if (type == software.amazon.awssdk.services.apigateway.ApiGatewayClient.class) {
            client = clients.apiGatewayRest();
        }
        return Optional.ofNullable(client).map(type::cast);
    }

    @Override
    public void close() {
        clients.close();
    }
}
