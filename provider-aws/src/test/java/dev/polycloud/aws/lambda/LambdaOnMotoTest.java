package dev.polycloud.aws.lambda;

import dev.polycloud.aws.gateway.HttpApiGatewayDriver;
import dev.polycloud.aws.internal.AwsSettings;
import dev.polycloud.aws.internal.Json;
import dev.polycloud.aws.sns.SnsSubscriptionDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.aws.lambda.PayloadEnvelope;
import dev.polycloud.aws.lambda.PolycloudLambdaHandler;
import dev.polycloud.aws.lambda.Sources;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Lambda and API Gateway drivers against moto: the requests they build and what AWS keeps of
 * them, read back with the native clients. Moto runs no Lambda code, so what a function does when
 * invoked is the adapter's tests' and the LocalStack runner's business; here invocations only show
 * the payload envelope and the error mapping.
 */
@DisplayName("The Lambda and API Gateway drivers on moto")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaOnMotoTest {

    private static final String HANDLER = "com.example.OrdersHandler";

    private Cloud cloud;
    private URI moto;
    private LambdaClient lambda;

    @BeforeAll
    void open() {
        MotoServer server = MotoServer.shared();
        moto = server.endpoint();
        server.createLambdaRole(MotoLambda.ROLE_NAME);
        server.lambdaUsesDocker(false);
        cloud = open(MotoLambda.ROLE);
        lambda = cloud.unwrap(LambdaClient.class);
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private Cloud open(String role) {
        PolycloudConfig.Builder b = PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test");
        if (role != null) {
            b.set(AwsSettings.LAMBDA_ROLE, role);
        }
        return Polycloud.open(b.build());
    }

    private static String name(String prefix) {
        return (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .toLowerCase(Locale.ROOT);
    }

    private Functions fns() {
        return cloud.functions();
    }

    private FunctionSpec.Builder spec(String function) {
        return FunctionSpec.builder(function, HANDLER).artifact(MotoLambda.artifact("v1 of " + function));
    }

    private String deployed() {
        String fn = name("fn");
        fns().deploy(spec(fn).build());
        return fn;
    }

    private Queue queue(Duration lease) {
        return cloud.queue(name("q")).create(QueueOptions.builder().defaultLease(lease).build());
    }

    private String queueArn(String queueName) {
        SqsClient sqs = cloud.unwrap(SqsClient.class);
        String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
    }

    private List<EventSourceMappingConfiguration> mappings(String function) {
        return lambda.listEventSourceMappings(b -> b.functionName(function)).eventSourceMappings();
    }

    private static JsonNode resource(String name) {
        try (InputStream in = LambdaOnMotoTest.class.getResourceAsStream("/events/" + name)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @DisplayName("deploying functions")
    class Deploying {

        @Test
        @DisplayName("a function runs the adapter on java21 with the spec's memory, timeout, environment, role, concurrency and on-failure queue")
        void createsFunction() {
            Queue failures = queue(Duration.ofSeconds(30));
            String fn = name("fn");
            Path jar = MotoLambda.artifact("the code");
            fns().deploy(FunctionSpec.builder(fn, HANDLER).artifact(jar).memoryMb(256).timeout(Duration.ofMillis(6500))
                    .environment("COLOUR", "teal").environment("EMPTY", "").reservedConcurrency(3)
                    .onFailureQueue(failures.name()).build());

            GetFunctionResponse f = lambda.getFunction(b -> b.functionName(fn));
            assertThat(f.configuration().runtimeAsString()).isEqualTo("java21");
            assertThat(f.configuration().handler()).isEqualTo(PolycloudLambdaHandler.LAMBDA_HANDLER);
            assertThat(f.configuration().role()).isEqualTo(MotoLambda.ROLE);
            assertThat(f.configuration().memorySize()).isEqualTo(256);
            assertThat(f.configuration().timeout()).as("timeout rounded up to whole seconds").isEqualTo(7);
            assertThat(f.configuration().environment().variables())
                    .containsEntry(PolycloudLambdaHandler.HANDLER_ENV, HANDLER)
                    .containsEntry(PolycloudLambdaHandler.ENVIRONMENT_ENV, "COLOUR,EMPTY")
                    .containsEntry("COLOUR", "teal").containsEntry("EMPTY", "")
                    .containsEntry("JAVA_TOOL_OPTIONS", LambdaFunctionDriver.JAVA_TOOL_OPTIONS);
            assertThat(f.concurrency().reservedConcurrentExecutions()).isEqualTo(3);
            var invokeConfig = lambda.getFunctionEventInvokeConfig(b -> b.functionName(fn));
            assertThat(invokeConfig.maximumRetryAttempts()).isEqualTo(2);
            assertThat(invokeConfig.destinationConfig().onFailure().destination()).isEqualTo(queueArn(failures.name()));

            FunctionSpec got = fns().get(fn).orElseThrow();
            assertThat(got.handler()).isEqualTo(HANDLER);
            assertThat(got.memoryMb()).isEqualTo(256);
            assertThat(got.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(got.environment()).isEqualTo(Map.of("COLOUR", "teal", "EMPTY", ""));
            assertThat(got.reservedConcurrency()).contains(3);
            assertThat(got.onFailureQueue()).contains(failures.name());
            assertThat(fns().list()).extracting(FunctionSpec::name).contains(fn);
        }

        @Test
        @DisplayName("redeploying updates code and configuration in place, drops what the spec no longer has and keeps trigger hints")
        void redeployUpdates() {
            Queue failures = queue(Duration.ofSeconds(30));
            String fn = name("fn");
            fns().deploy(spec(fn).environment("VERSION", "1").reservedConcurrency(2).onFailureQueue(failures.name())
                    .build());
            String firstSha = lambda.getFunction(b -> b.functionName(fn)).configuration().codeSha256();
            var vars = new java.util.LinkedHashMap<>(lambda.getFunctionConfiguration(b -> b.functionName(fn))
                    .environment().variables());
            String hint = Sources.NONE.withTable("orders", List.of("customer", "created")).toJson();
            vars.put(Sources.ENV, hint);
            lambda.updateFunctionConfiguration(b -> b.functionName(fn).environment(e -> e.variables(vars)));

            fns().deploy(FunctionSpec.builder(fn, HANDLER).artifact(MotoLambda.artifact("v2")).environment("VERSION", "2")
                    .timeout(Duration.ofSeconds(9)).build());

            GetFunctionResponse f = lambda.getFunction(b -> b.functionName(fn));
            assertThat(f.configuration().codeSha256()).as("code after redeploy").isNotEqualTo(firstSha);
            assertThat(f.configuration().timeout()).isEqualTo(9);
            assertThat(f.configuration().environment().variables()).containsEntry("VERSION", "2")
                    .containsEntry(Sources.ENV, hint);
            FunctionSpec got = fns().get(fn).orElseThrow();
            assertThat(got.environment()).isEqualTo(Map.of("VERSION", "2"));
            assertThat(got.reservedConcurrency()).as("reserved concurrency after redeploy without it").isEmpty();
            assertThat(got.onFailureQueue()).as("on-failure queue after redeploy without it").isEmpty();
            assertThat(fns().list()).extracting(FunctionSpec::name).containsOnlyOnce(fn);
        }

        @Test
        @DisplayName("without the role or the artifact, or with a reserved variable, deploy is INVALID_ARGUMENT naming it")
        void refusedSpecs() {
            try (Cloud noRole = open(null)) {
                CloudException e = assertThatThrownByCloud(() -> noRole.functions().deploy(spec(name("fn")).build()));
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains(AwsSettings.LAMBDA_ROLE);
            }
            String fn = name("fn");
            CloudException noArtifact = assertThatThrownByCloud(() -> fns().deploy(FunctionSpec.builder(fn, HANDLER)
                    .build()));
            assertThat(noArtifact.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(noArtifact.getMessage()).contains("artifact");
            CloudException reserved = assertThatThrownByCloud(() -> fns().deploy(spec(fn)
                    .environment(PolycloudLambdaHandler.HANDLER_ENV, "x.Y").build()));
            assertThat(reserved.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(reserved.getMessage()).contains(PolycloudLambdaHandler.HANDLER_ENV);
            CloudException queue = assertThatThrownByCloud(() -> fns().deploy(spec(fn)
                    .onFailureQueue(name("missing")).build()));
            assertThat(queue.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(fns().get(fn)).as("nothing deployed").isEmpty();
        }

        @Test
        @DisplayName("a Lambda function Polycloud did not deploy is left out of list and get")
        void foreignFunctions() throws IOException {
            String foreign = name("native");
            byte[] zip = Files.readAllBytes(MotoLambda.artifact("native"));
            lambda.createFunction(b -> b.functionName(foreign).runtime("java21").role(MotoLambda.ROLE)
                    .handler("com.example.Native::handleRequest")
                    .code(c -> c.zipFile(software.amazon.awssdk.core.SdkBytes.fromByteArray(zip))));
            String ours = deployed();
            assertThat(fns().list()).extracting(FunctionSpec::name).contains(ours).doesNotContain(foreign);
            assertThat(fns().get(foreign)).isEmpty();
        }

        @Test
        @DisplayName("delete removes the function; deleting it again is NOT_FOUND")
        void delete() {
            String fn = deployed();
            fns().delete(fn);
            assertThat(fns().get(fn)).isEmpty();
            assertThat(assertThatThrownByCloud(() -> fns().delete(fn)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    @DisplayName("invoking")
    class Invoking {

        @Test
        @DisplayName("the payload travels in an envelope and the answer is unwrapped; an answer that is no envelope is returned raw")
        void envelope() {
            String fn = deployed();
            byte[] binary = {0, (byte) 0xff, (byte) 0xC3, (byte) 0x28};
            // Docker-less moto answers with the request itself: the envelope the driver sent, unwrapped again.
            assertThat(fns().invoke(fn, binary)).isEqualTo(binary);
            MotoServer.shared().queueLambdaResults("[\"plain answer\", " + Json.write(new String(PayloadEnvelope.wrap(
                    "wrapped answer".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)) + "]");
            assertThat(fns().invoke(fn, "x")).isEqualTo("plain answer");
            assertThat(fns().invoke(fn, "x")).isEqualTo("wrapped answer");
        }

        @Test
        @DisplayName("invoking a function that does not exist is NOT_FOUND, synchronously and asynchronously")
        void unknownFunction() {
            MotoServer.shared().lambdaUsesDocker(true); // moto checks the function exists only in its Docker mode
            try {
                String fn = name("missing");
                CloudException sync = assertThatThrownByCloud(() -> fns().invoke(fn, new byte[] {1}));
                assertThat(sync.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(sync.getMessage()).contains(fn);
                assertThat(assertThatThrownByCloud(() -> fns().invokeAsync(fn, new byte[] {1})).code())
                        .isEqualTo(ErrorCode.NOT_FOUND);
            } finally {
                MotoServer.shared().lambdaUsesDocker(false);
            }
        }

        @Test
        @DisplayName("an asynchronous invocation returns Lambda's request id")
        void asyncRequestId() {
            String fn = deployed();
            assertThat(fns().invokeAsync(fn, "later".getBytes(StandardCharsets.UTF_8))).isNotBlank();
        }
    }

    @Nested
    @DisplayName("triggers")
    class Triggers {

        @Test
        @DisplayName("a queue trigger maps the queue's ARN with its batch size and reports batch item failures")
        void queueTrigger() {
            Queue q = queue(Duration.ofSeconds(60));
            String fn = deployed();
            Trigger small = fns().bind(fn, TriggerSource.queue(q.name()), 5);
            var m = lambda.getEventSourceMapping(b -> b.uuid(small.id()));
            assertThat(m.eventSourceArn()).isEqualTo(queueArn(q.name()));
            assertThat(m.batchSize()).isEqualTo(5);
            assertThat(m.functionResponseTypesAsStrings()).containsExactly("ReportBatchItemFailures");
            assertThat(fns().triggers(fn)).containsExactly(small);

            Queue other = queue(Duration.ofSeconds(60));
            Trigger large = fns().bind(fn, TriggerSource.queue(other.name()), 50);
            assertThat(lambda.getEventSourceMapping(b -> b.uuid(large.id())).maximumBatchingWindowInSeconds())
                    .as("batching window of a batch over 10").isEqualTo(1);
            assertThat(fns().triggers(fn)).containsExactlyInAnyOrder(small, large);
        }

        @Test
        @DisplayName("a queue whose lease is shorter than the function's timeout is refused with INVALID_ARGUMENT naming both")
        void leaseShorterThanTimeout() {
            Queue q = queue(Duration.ofSeconds(5));
            String fn = deployed();
            CloudException e = assertThatThrownByCloud(() -> fns().bind(fn, TriggerSource.queue(q.name()), 10));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("5 s").contains("30 s").contains(fn);
            assertThat(mappings(fn)).isEmpty();
        }

        @Test
        @DisplayName("a subscription trigger maps the subscription's SQS queue; a shortened queue name leaves the adapter a hint")
        void subscriptionTrigger() {
            Topic t = cloud.topic(name("t")).create();
            Subscription s = t.subscription(name("s")).create(SubscriptionOptions.builder()
                    .defaultLease(Duration.ofSeconds(60)).build());
            String fn = deployed();
            Trigger trigger = fns().bind(fn, TriggerSource.subscription(t.name(), s.name()), 10);
            assertThat(lambda.getEventSourceMapping(b -> b.uuid(trigger.id())).eventSourceArn())
                    .isEqualTo(queueArn(t.name() + "--" + s.name()));
            assertThat(fns().triggers(fn)).containsExactly(trigger);

            Topic longTopic = cloud.topic(name("topic-with-a-rather-long-name-x")).create();
            Subscription longSub = longTopic.subscription(name("subscription-with-a-long-name-yy"))
                    .create(SubscriptionOptions.builder().defaultLease(Duration.ofSeconds(60)).build());
            String queueName = SnsSubscriptionDriver.queueName(longTopic.name(), longSub.name());
            assertThat(queueName).as("a shortened queue name").hasSize(80);
            Trigger hinted = fns().bind(fn, TriggerSource.subscription(longTopic.name(), longSub.name()), 10);
            Sources sources = Sources.parse(lambda.getFunctionConfiguration(b -> b.functionName(fn)).environment()
                    .variables().get(Sources.ENV));
            assertThat(sources.queue(queueName)).contains("subscription/" + longTopic.name() + "/" + longSub.name());
            assertThat(fns().triggers(fn)).containsExactlyInAnyOrder(trigger, hinted);
        }

        @Test
        @DisplayName("a table trigger enables the table's stream with old and new images and reads it from the start")
        void tableTrigger() {
            Table table = cloud.table(name("tb")).createTable(TableSchema.of("id", KeyType.STRING));
            String fn = deployed();
            Trigger trigger = fns().bind(fn, TriggerSource.table(table.name()), 25);
            TableDescription d = cloud.unwrap(DynamoDbClient.class).describeTable(b -> b.tableName(table.name())).table();
            assertThat(d.streamSpecification().streamEnabled()).isTrue();
            assertThat(d.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
            var m = lambda.getEventSourceMapping(b -> b.uuid(trigger.id()));
            assertThat(m.eventSourceArn()).isEqualTo(d.latestStreamArn());
            assertThat(m.startingPositionAsString()).isEqualTo("TRIM_HORIZON");
            assertThat(m.maximumRetryAttempts()).isEqualTo(LambdaTriggers.TABLE_RETRIES);
            assertThat(m.functionResponseTypesAsStrings()).containsExactly("ReportBatchItemFailures");
            assertThat(fns().triggers(fn)).containsExactly(trigger);

            String second = deployed();
            Trigger later = fns().bind(second, TriggerSource.table(table.name()), 25);
            assertThat(lambda.getEventSourceMapping(b -> b.uuid(later.id())).startingPositionAsString())
                    .as("starting position on a stream that already existed").isEqualTo("LATEST");
        }

        @Test
        @DisplayName("a table with a sort key leaves the adapter a hint naming its partition and sort keys")
        void sortKeyHint() {
            Table table = cloud.table(name("tb")).createTable(TableSchema.of("customer", KeyType.STRING,
                    "created", KeyType.LONG));
            String fn = deployed();
            fns().bind(fn, TriggerSource.table(table.name()), 10);
            Sources sources = Sources.parse(lambda.getFunctionConfiguration(b -> b.functionName(fn)).environment()
                    .variables().get(Sources.ENV));
            assertThat(sources.table(table.name())).contains(List.of("customer", "created"));
            assertThat(fns().get(fn).orElseThrow().environment()).as("the hint is not part of the spec").isEmpty();
        }

        @Test
        @DisplayName("unbinding deletes the mapping, deleting the function deletes its mappings, and unknown ones are NOT_FOUND")
        void unbindAndDelete() {
            Queue q = queue(Duration.ofSeconds(60));
            String fn = deployed();
            Trigger t = fns().bind(fn, TriggerSource.queue(q.name()), 10);
            fns().unbind(t);
            assertThat(mappings(fn)).isEmpty();
            assertThat(fns().triggers(fn)).isEmpty();
            assertThat(assertThatThrownByCloud(() -> fns().unbind(t)).code()).isEqualTo(ErrorCode.NOT_FOUND);

            Queue other = queue(Duration.ofSeconds(60));
            fns().bind(fn, TriggerSource.queue(other.name()), 10);
            fns().delete(fn);
            assertThat(mappings(fn)).as("mappings of a deleted function").isEmpty();
        }

        @Test
        @DisplayName("binding to a missing function, queue, subscription or table is NOT_FOUND naming it")
        void missingParts() {
            Queue q = queue(Duration.ofSeconds(60));
            String fn = deployed();
            String missing = name("missing");
            for (var call : List.<Runnable>of(
                    () -> fns().bind(missing, TriggerSource.queue(q.name()), 1),
                    () -> fns().bind(fn, TriggerSource.queue(missing), 1),
                    () -> fns().bind(fn, TriggerSource.subscription(missing, "sub"), 1),
                    () -> fns().bind(fn, TriggerSource.table(missing), 1))) {
                CloudException e = assertThatThrownByCloud(call::run);
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.getMessage()).contains(missing);
            }
            assertThat(mappings(fn)).isEmpty();
        }
    }

    @Nested
    @DisplayName("gateways")
    class Gateways {

        private ApiGatewayV2Client api() {
            return cloud.unwrap(ApiGatewayV2Client.class);
        }

        private Api apiNamed(String name) {
            return api().getApis(b -> { }).items().stream().filter(a -> a.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no API named " + name));
        }

        private JsonNode policy(String function) {
            return Json.read(lambda.getPolicy(b -> b.functionName(function)).policy());
        }

        @Test
        @DisplayName("deploy creates a tagged HTTP API: a route per spec route, a proxy integration per function, the $default stage, the invoke permission")
        void deploys() {
            String orders = deployed();
            String items = deployed();
            Gateway g = cloud.gateway(name("gw"));
            URI base = g.deploy(GatewaySpec.builder().route("GET /orders/{id}", orders).route("ANY /orders", orders)
                    .route("GET /", items).build());
            Api a = apiNamed(g.name());
            assertThat(a.tags()).containsEntry(HttpApiGatewayDriver.TAG, g.name());
            assertThat(a.protocolTypeAsString()).isEqualTo("HTTP");
            // on a configured endpoint (moto) the API is served there, under the API's id, not at apiEndpoint
            assertThat(base.getHost()).startsWith(a.apiId() + ".execute-api.");
            assertThat(base.getPort()).isEqualTo(moto.getPort());
            assertThat(g.uri()).contains(base);

            List<Integration> integrations = api().getIntegrations(b -> b.apiId(a.apiId())).items();
            assertThat(integrations).hasSize(2).allSatisfy(i -> {
                assertThat(i.integrationTypeAsString()).isEqualTo("AWS_PROXY");
                assertThat(i.payloadFormatVersion()).isEqualTo("2.0");
            });
            assertThat(integrations).extracting(Integration::integrationUri).containsExactlyInAnyOrder(
                    lambda.getFunctionConfiguration(b -> b.functionName(orders)).functionArn(),
                    lambda.getFunctionConfiguration(b -> b.functionName(items)).functionArn());
            var routes = api().getRoutes(b -> b.apiId(a.apiId())).items();
            assertThat(routes).extracting(r -> r.routeKey()).containsExactlyInAnyOrder("GET /orders/{id}",
                    "ANY /orders", "GET /");
            assertThat(routes).allSatisfy(r -> assertThat(r.target()).startsWith("integrations/"));
            var stage = api().getStage(b -> b.apiId(a.apiId()).stageName("$default"));
            assertThat(stage.autoDeploy()).isTrue();

            for (String fn : List.of(orders, items)) {
                JsonNode statement = findStatement(policy(fn), HttpApiGatewayDriver.statementId(a.apiId()));
                assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
                assertThat(statement.toString()).contains("apigateway.amazonaws.com")
                        .contains(":execute-api:us-east-1:123456789012:" + a.apiId() + "/*");
            }
            assertThat(g.routes()).containsExactlyInAnyOrder(Route.parse("GET /orders/{id}", orders),
                    Route.parse("ANY /orders", orders), Route.parse("GET /", items));
        }

        @Test
        @DisplayName("redeploying replaces the routes, drops integrations no route uses and their functions' permissions")
        void redeploys() {
            String first = deployed();
            String second = deployed();
            Gateway g = cloud.gateway(name("gw"));
            g.deploy(GatewaySpec.builder().route("GET /old", first).route("GET /kept", second).build());
            String apiId = apiNamed(g.name()).apiId();
            g.deploy(GatewaySpec.builder().route("GET /new", second).route("GET /kept", second).build());
            assertThat(api().getRoutes(b -> b.apiId(apiId)).items()).extracting(r -> r.routeKey())
                    .containsExactlyInAnyOrder("GET /new", "GET /kept");
            assertThat(api().getIntegrations(b -> b.apiId(apiId)).items()).singleElement()
                    .satisfies(i -> assertThat(i.integrationUri()).endsWith(":function:" + second));
            assertThat(policyOrEmpty(first)).doesNotContain(HttpApiGatewayDriver.statementId(apiId));
            assertThat(apiNamedCount(g.name())).as("APIs named %s", g.name()).isEqualTo(1);
        }

        @Test
        @DisplayName("delete removes the API and the permissions; describing or deleting again is NOT_FOUND")
        void deletes() {
            String fn = deployed();
            Gateway g = cloud.gateway(name("gw"));
            g.deploy(GatewaySpec.builder().route("GET /ping", fn).build());
            String apiId = apiNamed(g.name()).apiId();
            g.delete();
            assertThat(g.exists()).isFalse();
            assertThat(g.uri()).isEmpty();
            assertThat(apiNamedCount(g.name())).isZero();
            assertThat(policyOrEmpty(fn)).doesNotContain(HttpApiGatewayDriver.statementId(apiId));
            assertThat(assertThatThrownByCloud(g::delete).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(assertThatThrownByCloud(g::routes).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        @DisplayName("an API of the same name that Polycloud did not tag is not taken for the gateway")
        void foreignApi() {
            String name = name("gw");
            api().createApi(b -> b.name(name).protocolType("HTTP"));
            Gateway g = cloud.gateway(name);
            assertThat(g.exists()).isFalse();
            String fn = deployed();
            g.deploy(GatewaySpec.builder().route("GET /x", fn).build());
            assertThat(apiNamedCount(name)).isEqualTo(2);
            g.delete();
            assertThat(apiNamedCount(name)).as("the foreign API is left alone").isEqualTo(1);
        }

        private long apiNamedCount(String name) {
            return api().getApis(b -> { }).items().stream().filter(a -> a.name().equals(name)).count();
        }

        private String policyOrEmpty(String function) {
            try {
                return lambda.getPolicy(b -> b.functionName(function)).policy();
            } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
                return "";
            }
        }

        private JsonNode findStatement(JsonNode policy, String sid) {
            for (JsonNode s : policy.path("Statement")) {
                if (sid.equals(s.path("Sid").asText())) {
                    return s;
                }
            }
            throw new AssertionError("no statement " + sid + " in " + policy);
        }
    }

    @Nested
    @DisplayName("on-failure records")
    class OnFailure {

        @Test
        @DisplayName("Lambda's on-failure record (AWS's sample) is received as the portable on-failure message")
        void awsSample() {
            Queue q = queue(Duration.ofSeconds(30));
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            String url = sqs.getQueueUrl(b -> b.queueName(q.name())).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(resource("lambda-destination-on-failure.json").toString()));
            List<ReceivedMessage> got = receive(q, 1);
            assertThat(got).hasSize(1);
            ReceivedMessage m = got.get(0);
            assertThat(Json.read(m.bodyAsString()).path("ORDER_IDS")).hasSize(3);
            assertThat(m.attributes()).containsEntry("function", "my-function")
                    .containsEntry("request-id", "e4b46cbf-b738-xmpl-8880-a18cdf61200e")
                    .containsEntry("error-type", "Unhandled")
                    .containsEntry("attempts", "3")
                    .containsEntry("error-message", "RequestId: e4b46cbf-b738-xmpl-8880-a18cdf61200e Process exited"
                            + " before completing request");
        }

        @Test
        @DisplayName("a record of a Polycloud invocation gives back the original payload and the handler's error type")
        void polycloudPayload() {
            Queue q = queue(Duration.ofSeconds(30));
            var record = (com.fasterxml.jackson.databind.node.ObjectNode) resource("lambda-destination-on-failure.json");
            record.set("requestPayload", Json.read(new String(PayloadEnvelope.wrap("doomed-payload"
                    .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)));
            record.putObject("responsePayload").put("errorType", "com.example.Boom").put("errorMessage", "boom\nline 2");
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            String url = sqs.getQueueUrl(b -> b.queueName(q.name())).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(record.toString()));
            ReceivedMessage m = receive(q, 1).get(0);
            assertThat(m.bodyAsString()).isEqualTo("doomed-payload");
            assertThat(m.attributes()).containsEntry("error-type", "com.example.Boom")
                    .containsEntry("error-message", "boom line 2");
        }

        @Test
        @DisplayName("an ordinary JSON message is left as it is")
        void ordinaryJson() {
            Queue q = queue(Duration.ofSeconds(30));
            q.send("{\"requestContext\":{\"functionArn\":\"not an arn\"}}");
            assertThat(receive(q, 1).get(0).bodyAsString()).isEqualTo("{\"requestContext\":{\"functionArn\":\"not an arn\"}}");
        }

        private List<ReceivedMessage> receive(Queue q, int count) {
            List<ReceivedMessage> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (got.size() < count && System.nanoTime() < deadline) {
                got.addAll(q.receive(10, Duration.ofSeconds(1)));
            }
            return got;
        }
    }

    private static CloudException assertThatThrownByCloud(Runnable call) {
        try {
            call.run();
        } catch (CloudException e) {
            return e;
        }
        throw new AssertionError("expected a CloudException");
    }

    @Test
    @DisplayName("the native clients are the drivers' own")
    void unwrap() {
        assertThat(cloud.unwrap(LambdaClient.class)).isSameAs(cloud.unwrap(LambdaClient.class));
        assertThat(cloud.unwrap(ApiGatewayV2Client.class)).isNotNull();
        assertThatThrownBy(() -> cloud.unwrap(String.class)).isInstanceOf(CloudException.class);
    }
}
