package dev.polycloud.aws;

import dev.polycloud.aws.dynamodb.DynamoSize;
import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsDrivers;
import dev.polycloud.aws.internal.AwsSettings;
import dev.polycloud.aws.internal.MessageCodec;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;
import dev.polycloud.aws.sqs.SqsQueueDriver;

import dev.polycloud.Capabilities;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.ProviderContext;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2ClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The AWS provider ({@code polycloud.provider=aws}): queues on SQS, topics on SNS with SQS-backed
 * subscriptions, tables on DynamoDB, functions on Lambda, gateways on API Gateway v2 HTTP APIs. Its configuration keys are described in {@link AwsSettings};
 * {@link #open(ProviderContext)} checks them without connecting to anything.
 *
 * <p>Shaping the clients ({@link dev.polycloud.Polycloud#builder()}): every client the drivers build
 * (SQS, SNS, DynamoDB, Lambda, API Gateway v2, STS) goes through the customisers registered for its builder
 * type or a super-type ({@code AwsClientBuilder.class} reaches them all) just before it is built, after
 * Polycloud set region, credentials, endpoint, HTTP client and override configuration. Objects it
 * {@linkplain dev.polycloud.Polycloud.Builder#use(Class, Object) uses}: an {@link SdkHttpClient} (shared
 * by every client, never closed by Polycloud), an {@link AwsCredentialsProvider} (instead of the keys or the
 * default chain), a {@link ClientOverrideConfiguration} (execution interceptors, metric publishers, API call
 * timeouts; SDK retries stay off unless it sets a retry strategy, because the portable layer retries).
 * {@code Cloud.unwrap(SqsClient.class)} and the like return the very clients the drivers call.
 *
 * <p>Declared capabilities and why:
 * <ul>
 *   <li>messages: {@value #MAX_ATTRIBUTES} attributes on queues (SQS's limit) and one fewer on topics
 *       (the delivered SQS message also carries the portable message id); a largest message of
 *       {@link MessageCodec#portableLimit(int, int)} of 256 KiB, which leaves room for a binary
 *       body's base64 and the attributes' data types; batches and receives of 10; leases up to 12
 *       hours;</li>
 *   <li>queues: delays up to 15 minutes (standard queues only), FIFO with deduplication, native
 *       dead-lettering (redrive policies);</li>
 *   <li>topics: subscription filters (SNS filter policies), native dead-lettering of subscriptions,
 *       no ordering groups (portable topics are standard SNS topics);</li>
 *   <li>tables: items of 400 KB less {@value #ITEM_RESERVE} bytes kept for the version and type
 *       marker, batch gets of 100 and batch writes of 25 (DynamoDB's limits), pages of up to 1,000;</li>
 *   <li>functions: payloads of 4.5 MiB (4,718,592 bytes), because
 *       Lambda takes at most 6 MB of JSON per request and response and a binary payload travels as base64;
 *       timeouts up to 15 minutes; asynchronous invocation with an on-failure queue; reserved
 *       concurrency; queue, subscription and table triggers (event source mappings);</li>
 *   <li>gateways: bodies of 4 MiB ({@value #MAX_GATEWAY_BODY_BYTES} bytes): API Gateway takes 10 MB, but
 *       the request reaches the function inside Lambda's 6 MB invocation, base64-encoded when binary.</li>
 * </ul>
 */
public final class AwsCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "aws";
    /** The most attributes per message. */
    public static final int MAX_ATTRIBUTES = 10;
    /** The bytes of DynamoDB's 400 KB item limit kept back for the version and type marker. */
    public static final int ITEM_RESERVE = 1024;

    /** The largest gateway request body that always reaches the function. */
    public static final int MAX_GATEWAY_BODY_BYTES = 4 * 1024 * 1024;

    /** What the AWS provider declares. */
    public static final Capabilities CAPABILITIES = capabilities();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return AwsSettings.KEYS;
    }

    @Override
    public Set<Class<?>> usableTypes() {
        return Set.of(SdkHttpClient.class, SdkAsyncHttpClient.class, AwsCredentialsProvider.class,
                ClientOverrideConfiguration.class);
    }

    @Override
    public Set<Class<?>> customizableTypes() {
        return Set.of(SqsClientBuilder.class, SnsClientBuilder.class, DynamoDbClientBuilder.class,
                LambdaClientBuilder.class, ApiGatewayV2ClientBuilder.class,
                software.amazon.awssdk.services.apigateway.ApiGatewayClientBuilder.class, StsClientBuilder.class,
                SqsAsyncClientBuilder.class, DynamoDbAsyncClientBuilder.class);
    }

    @Override
    public ProviderDrivers open(ProviderContext context) {
        return new AwsDrivers(new AwsClients(AwsSettings.from(context.config()), context));
    }

    private static Capabilities capabilities() {
        MessageLimits queueLimits = new MessageLimits(
                MessageCodec.portableLimit(SqsQueueDriver.MAX_REQUEST_BYTES, MAX_ATTRIBUTES),
                MAX_ATTRIBUTES, 10, 10, Duration.ofHours(12));
        MessageLimits topicLimits = new MessageLimits(
                MessageCodec.portableLimit(SqsQueueDriver.MAX_REQUEST_BYTES - MessageCodec.ID_ATTRIBUTE_BYTES,
                        MAX_ATTRIBUTES - 1),
                MAX_ATTRIBUTES - 1, 10, 10, Duration.ofHours(12));
        return new Capabilities(ID,
                new QueueCapabilities(queueLimits, Duration.ofMinutes(15), true, true, true),
                new TopicCapabilities(topicLimits, true, false, true),
                new TableCapabilities(DynamoSize.MAX_ITEM_BYTES - ITEM_RESERVE, 100, 25, 1000, false),
                new FunctionCapabilities(true, LambdaFunctionDriver.MAX_PAYLOAD_BYTES, Duration.ofMinutes(15), true, true,
                        true, true, true).withSchedules(new dev.polycloud.function.ScheduleCapabilities(true,
                        dev.polycloud.function.ScheduleCapabilities.ONE_MINUTE, false, false)).withBucketEvents(true),
                new GatewayCapabilities(true, MAX_GATEWAY_BODY_BYTES));
    }

    @Override
    public String toString() {
        return "AwsCloudProvider";
    }
}
