package dev.polycloud.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.polycloud.spi.ProviderContext;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The native clients, each built on first use (a function that only uses queues never builds
 * the DynamoDB client) and closed together. Each owns its HTTP client, so a client an application
 * unwrapped and closed releases its connections too.
 *
 * <p>SDK-level retries are off: the portable layer retries retryable errors itself (configured by
 * {@code polycloud.retry.*}), and retrying at both levels would multiply attempts.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AwsClients implements AutoCloseable {

    private static final java.time.Duration SOCKET_TIMEOUT = java.time.Duration.ofSeconds(35);
    /** The longest receive wait, added to the per-call timeout of SQS, whose receives long-poll. */
    private static final java.time.Duration LONG_POLL = java.time.Duration.ofSeconds(20);
    /** Lambda's: a synchronous invocation may run for up to 15 minutes before it answers. */
    private static final java.time.Duration LAMBDA_SOCKET_TIMEOUT = java.time.Duration.ofMinutes(16);

    private final AwsSettings settings;
    private final ProviderContext context;
    private final List<SdkAutoCloseable> built = new ArrayList<>();
    private AwsCredentialsProvider credentials;
    private SqsClient sqs;
    private SnsClient sns;
    private software.amazon.awssdk.services.s3.S3Client s3;
    private software.amazon.awssdk.services.s3.presigner.S3Presigner s3Presigner;
    private DynamoDbClient dynamoDb;
    private LambdaClient lambda;
    private ApiGatewayV2Client apiGateway;
    private software.amazon.awssdk.services.apigateway.ApiGatewayClient apiGatewayRest;
    private software.amazon.awssdk.services.scheduler.SchedulerClient scheduler;
    private SqsAsyncClient sqsAsync;
    private DynamoDbAsyncClient dynamoDbAsync;
    private volatile String accountId;
    private boolean closed;

    public AwsClients(AwsSettings settings, ProviderContext context) {
        this.settings = settings;
        this.context = context;
    }

    public AwsSettings settings() {
        return settings;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            // Every SQS call is bounded by polycloud.timeout; a receive adds its long-poll wait per request.
            java.time.Duration longest = settings.timeout().plus(LONG_POLL).plusSeconds(5);
            sqs = build(SqsClient.builder(), longest.compareTo(SOCKET_TIMEOUT) > 0 ? longest : SOCKET_TIMEOUT,
                    settings.timeout());
        }
        return sqs;
    }

    /**
     * The S3 client, built on first use; path-style addressing when an endpoint override is set (emulators).
     *
     * @return the client
     */
    public synchronized software.amazon.awssdk.services.s3.S3Client s3() {
        if (s3 == null) {
            software.amazon.awssdk.services.s3.S3ClientBuilder builder = software.amazon.awssdk.services.s3.S3Client
                    .builder();
            if (settings.endpoint().isPresent()) {
                builder.forcePathStyle(true);
            }
            s3 = build(builder);
        }
        return s3;
    }

    /**
     * The S3 presigner, built on first use from the same configuration as {@link #s3()}: region, credentials
     * (including a provider given with {@code use(AwsCredentialsProvider.class, …)}), endpoint override and
     * path-style addressing on an endpoint override. Signing is local: it makes no network call.
     *
     * @return the presigner
     */
    public synchronized software.amazon.awssdk.services.s3.presigner.S3Presigner s3Presigner() {
        if (s3Presigner == null) {
            if (closed) {
                throw new IllegalStateException("The AWS clients of this cloud are closed");
            }
            software.amazon.awssdk.services.s3.presigner.S3Presigner.Builder builder =
                    software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
                            .region(Region.of(settings.region()))
                            .credentialsProvider(credentials())
                            .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                                    .pathStyleAccessEnabled(settings.endpoint().isPresent()).build());
            settings.endpoint().ifPresent(builder::endpointOverride);
            software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = builder.build();
            built.add(presigner::close);
            s3Presigner = presigner;
        }
        return s3Presigner;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = build(SnsClient.builder());
        }
        return sns;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = build(DynamoDbClient.builder());
        }
        return dynamoDb;
    }

    /**
     * The asynchronous SQS client behind the async API, built on first use (on the Netty HTTP client).
     *
     * @return the client
     */
    public synchronized SqsAsyncClient sqsAsync() {
        if (sqsAsync == null) {
            sqsAsync = buildAsync(SqsAsyncClient.builder());
        }
        return sqsAsync;
    }

    /**
     * The asynchronous DynamoDB client behind the async API, built on first use.
     *
     * @return the client
     */
    public synchronized DynamoDbAsyncClient dynamoDbAsync() {
        if (dynamoDbAsync == null) {
            dynamoDbAsync = buildAsync(DynamoDbAsyncClient.builder());
        }
        return dynamoDbAsync;
    }

    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = build(LambdaClient.builder(), LAMBDA_SOCKET_TIMEOUT, LAMBDA_SOCKET_TIMEOUT);
        }
        return lambda;
    }

    public synchronized software.amazon.awssdk.services.scheduler.SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = build(software.amazon.awssdk.services.scheduler.SchedulerClient.builder());
        }
        return scheduler;
    }

    public synchronized ApiGatewayV2Client apiGateway() {
        if (apiGateway == null) {
            apiGateway = build(ApiGatewayV2Client.builder());
        }
        return apiGateway;
    }

    /**
     * The API Gateway (v1, REST APIs) client, built on first use.
     *
     * @return the client
     */
    public synchronized software.amazon.awssdk.services.apigateway.ApiGatewayClient apiGatewayRest() {
        if (apiGatewayRest == null) {
            apiGatewayRest = build(software.amazon.awssdk.services.apigateway.ApiGatewayClient.builder());
        }
        return apiGatewayRest;
    }

    /**
     * The account id, asked of STS once (needed to name SNS topics and SQS queues in ARNs).
     *
     * @return the 12-digit account id
     */
    String accountId() {
        String id = accountId;
        if (id == null) {
            synchronized (this) {
                if (accountId == null) {
                    StsClient sts = build(StsClient.builder());
                    try {
                        accountId = AwsErrors.call("account", "GetCallerIdentity",
                                () -> sts.getCallerIdentity().account());
                    } finally {
                        built.remove(sts);
                        sts.close();
                    }
                }
                id = accountId;
            }
        }
        return id;
    }

    /**
     * The ARN partition of the configured region ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...).
     *
     * @return the partition id
     */
    String partition() {
        RegionMetadata metadata = RegionMetadata.of(Region.of(settings.region()));
        PartitionMetadata partition = metadata == null ? null : metadata.partition();
        return partition == null ? "aws" : partition.id();
    }

    /**
     * The ARN of a resource of this account and region.
     *
     * @param service {@code sqs} or {@code sns}
     * @param name the native resource name
     * @return the ARN
     */
    public String arn(String service, String name) {
        return "arn:" + partition() + ":" + service + ":" + settings.region() + ":" + accountId() + ":" + name;
    }

    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder) {
        return build(builder, settings.timeout());
    }

    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder, java.time.Duration callTimeout) {
        java.time.Duration socket = callTimeout.plusSeconds(5).compareTo(SOCKET_TIMEOUT) > 0
                ? callTimeout.plusSeconds(5) : SOCKET_TIMEOUT;
        return build(builder, socket, callTimeout);
    }

    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder, java.time.Duration socketTimeout, java.time.Duration callTimeout) {
        if (closed) {
            throw new IllegalStateException("The AWS clients of this cloud are closed");
        }
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .overrideConfiguration(overrideConfiguration(callTimeout));
        Optional<SdkHttpClient> userHttp = context.use(SdkHttpClient.class);
        if (userHttp.isPresent()) {
            builder.httpClient(userHttp.get());
        } else if (settings.httpClient().equals(AwsSettings.APACHE)) {
            builder.httpClientBuilder(ApacheHolder.builder(socketTimeout));
        } else {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(socketTimeout));
        }
        settings.endpoint().ifPresent(builder::endpointOverride);
        context.customize(builder);
        C client = builder.build();
        built.add(client);
        return client;
    }

    /**
     * The user's {@link ClientOverrideConfiguration} (from {@code Polycloud.builder().use(...)}) with SDK retries
     * off unless it sets a retry strategy of its own, and the call timeout ({@code polycloud.timeout}) unless it
     * sets one of its own; without one, SDK retries off and the call timeout.
     */
    private ClientOverrideConfiguration overrideConfiguration(java.time.Duration callTimeout) {
        ClientOverrideConfiguration user = context.use(ClientOverrideConfiguration.class).orElse(null);
        if (user == null) {
            return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(callTimeout).build();
        }
        ClientOverrideConfiguration.Builder b = user.toBuilder();
        if (user.retryStrategy().isEmpty() && user.retryMode().isEmpty()) {
            b.retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        if (user.apiCallTimeout().isEmpty()) {
            b.apiCallTimeout(callTimeout);
        }
        return b.build();
    }

    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>> C buildAsync(
            B builder) {
        if (closed) {
            throw new IllegalStateException("The AWS clients of this cloud are closed");
        }
        java.time.Duration callTimeout = settings.timeout();
        java.time.Duration socket = callTimeout.plusSeconds(5).compareTo(SOCKET_TIMEOUT) > 0
                ? callTimeout.plusSeconds(5) : SOCKET_TIMEOUT;
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .overrideConfiguration(overrideConfiguration(callTimeout));
        Optional<SdkAsyncHttpClient> userHttp = context.use(SdkAsyncHttpClient.class);
        if (userHttp.isPresent()) {
            builder.httpClient(userHttp.get());
        } else {
            builder.httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(socket));
        }
        settings.endpoint().ifPresent(builder::endpointOverride);
        context.customize(builder);
        C client = builder.build();
        built.add(client);
        return client;
    }

    private AwsCredentialsProvider credentials() {
        if (credentials == null) {
            Optional<AwsCredentialsProvider> user = context.use(AwsCredentialsProvider.class);
            if (user.isPresent()) {
                credentials = user.get();
            } else if (settings.hasStaticCredentials()) {
                credentials = StaticCredentialsProvider.create(settings.sessionToken()
                        .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials.create(
                                settings.accessKeyId(), settings.secretAccessKey(), t))
                        .orElseGet(() -> AwsBasicCredentials.create(settings.accessKeyId(),
                                settings.secretAccessKey())));
            } else if (settings.profile().isPresent()) {
                credentials = ProfileCredentialsProvider.create(settings.profile().get());
            } else {
                credentials = DefaultCredentialsProvider.builder().build();
            }
        }
        return credentials;
    }

    /** Closes every client built, then the shared HTTP client. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SdkAutoCloseable c : built) {
            c.close();
        }
        built.clear();
        if (credentials instanceof SdkAutoCloseable c && context.use(AwsCredentialsProvider.class).isEmpty()) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "AwsClients[" + settings + "]";
    }

    /** Loads the Apache client only when asked for, so its jar stays optional. */
    private static final class ApacheHolder {
        private ApacheHolder() {
        }

        static SdkHttpClient.Builder<?> builder(java.time.Duration socketTimeout) {
            return software.amazon.awssdk.http.apache.ApacheHttpClient.builder().socketTimeout(socketTimeout);
        }
    }
}
