package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.aws.internal.AwsSettings;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.Bucket;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Bucket events on moto. Moto delivers S3 event notifications to SQS, so the S3 leg is shown end to end there:
 * objects put and deleted through the portable bucket produce S3 events in a queue, and the Lambda adapter decodes
 * moto's real message bodies into the expected {@link BlobEvent}s. Moto runs no Lambda code, so for function
 * bindings what is shown is what S3 and Lambda keep of the driver's requests (the notification configuration, the
 * invoke permission), read back with the native clients.
 */
@DisplayName("Bucket events on moto")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketEventsOnMotoTest {

    private static final String HANDLER = "com.example.Thumbnails";

    private Cloud cloud;
    private URI moto;
    private S3Client s3;
    private SqsClient sqs;
    private LambdaClient lambda;

    @BeforeAll
    void open() {
        MotoServer server = MotoServer.shared();
        moto = server.endpoint();
        server.createLambdaRole(MotoLambda.ROLE_NAME);
        server.lambdaUsesDocker(false);
        cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .set(AwsSettings.LAMBDA_ROLE, MotoLambda.ROLE).build());
        s3 = cloud.unwrap(S3Client.class);
        sqs = cloud.unwrap(SqsClient.class);
        lambda = cloud.unwrap(LambdaClient.class);
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String name(String prefix) {
        return (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .toLowerCase(Locale.ROOT);
    }

    private Bucket bucket() {
        Bucket b = cloud.bucket(name("b"));
        b.create();
        return b;
    }

    private Functions fns() {
        return cloud.functions();
    }

    private String deployed() {
        String fn = name("fn");
        fns().deploy(FunctionSpec.builder(fn, HANDLER).artifact(MotoLambda.artifact("code of " + fn)).build());
        return fn;
    }

    private String functionArn(String fn) {
        return lambda.getFunction(b -> b.functionName(fn)).configuration().functionArn();
    }

    private GetBucketNotificationConfigurationResponse notifications(Bucket b) {
        return s3.getBucketNotificationConfiguration(r -> r.bucket(b.name()));
    }

    private static BlobEventFilter filter(String prefix, String suffix, BlobEventType... types) {
        return new BlobEventFilter(types.length == 0 ? EnumSet.allOf(BlobEventType.class)
                : EnumSet.copyOf(List.of(types)), Optional.of(prefix).filter(p -> !p.isEmpty()),
                Optional.of(suffix).filter(x -> !x.isEmpty()));
    }

    @Nested
    @DisplayName("S3 to SQS, end to end on moto")
    class EndToEnd {

        @Test
        @DisplayName("a put and a delete through the portable bucket reach the queue as S3 events the adapter decodes")
        void putAndDelete() {
            Bucket bucket = bucket();
            String queueUrl = sqs.createQueue(q -> q.queueName(name("events"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(q -> q.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            s3.putBucketNotificationConfiguration(r -> r.bucket(bucket.name()).notificationConfiguration(n -> n
                    .queueConfigurations(QueueConfiguration.builder().id("to-queue").queueArn(queueArn)
                            .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED)
                            .filter(f -> f.key(k -> k.filterRules(FilterRule.builder().name("prefix")
                                    .value("photos/").build()))).build())));

            String key = "photos/summer holiday+été.jpg";
            BlobInfo put = bucket.put(key, "jpeg bytes");
            bucket.put("other/ignored.txt", "not under the prefix");
            bucket.delete(key);

            List<BlobEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (events.size() < 2 && System.nanoTime() < deadline) {
                for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    JsonNode body = S3EventsTest.json(m.body());
                    if (!S3Events.isS3(body)) {
                        assertThat(body.path("Event").asText()).isEqualTo("s3:TestEvent");
                        continue;
                    }
                    S3EventsTest.run(S3EventsTest.Uploads.class, m.body().getBytes(StandardCharsets.UTF_8));
                    events.addAll(S3EventsTest.Uploads.LAST.get().events());
                    assertThat(S3EventsTest.Uploads.LAST.get().bucket()).isEqualTo(bucket.name());
                }
            }
            assertThat(events).hasSize(2);
            BlobEvent created = events.get(0);
            assertThat(created.type()).isEqualTo(BlobEventType.CREATED);
            assertThat(created.bucket()).isEqualTo(bucket.name());
            assertThat(created.key()).isEqualTo(key);
            assertThat(created.size()).isEqualTo(put.size());
            assertThat(created.etag()).contains(put.etag());
            BlobEvent deleted = events.get(1);
            assertThat(deleted.type()).isEqualTo(BlobEventType.DELETED);
            assertThat(deleted.key()).isEqualTo(key);
            assertThat(deleted.time()).isAfterOrEqualTo(created.time());
        }
    }

    @Nested
    @DisplayName("binding a function to a bucket")
    class Binding {

        @Test
        @DisplayName("writes a Lambda configuration with the events and key filter rules, and an invoke permission for S3")
        void binds() {
            Bucket bucket = bucket();
            String fn = deployed();
            Trigger t = fns().bind(fn, TriggerSource.bucket(bucket.name(), filter("images/", ".jpg",
                    BlobEventType.CREATED)), 10);

            assertThat(t.id()).startsWith("bucket:" + bucket.name() + "/polycloud-10-");
            List<LambdaFunctionConfiguration> configs = notifications(bucket).lambdaFunctionConfigurations();
            assertThat(configs).hasSize(1);
            LambdaFunctionConfiguration c = configs.get(0);
            assertThat(c.lambdaFunctionArn()).isEqualTo(functionArn(fn));
            assertThat(c.eventsAsStrings()).containsExactly("s3:ObjectCreated:*");
            assertThat(c.filter().key().filterRules()).extracting(FilterRule::nameAsString, FilterRule::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("prefix", "images/"),
                            org.assertj.core.groups.Tuple.tuple("suffix", ".jpg"));

            JsonNode statement = statement(fn, t.id().substring(t.id().indexOf('/') + 1));
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("s3.amazonaws.com");
            assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText())
                    .isEqualTo("arn:aws:s3:::" + bucket.name());
            assertThat(statement.path("Condition").path("StringEquals").path("AWS:SourceAccount").asText())
                    .isEqualTo("123456789012");
        }

        @Test
        @DisplayName("keeps the bucket's other configurations, and unbinding removes exactly its own")
        void merges() {
            Bucket bucket = bucket();
            String queueUrl = sqs.createQueue(q -> q.queueName(name("keep"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(q -> q.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            s3.putBucketNotificationConfiguration(r -> r.bucket(bucket.name()).notificationConfiguration(n -> n
                    .queueConfigurations(QueueConfiguration.builder().id("theirs").queueArn(queueArn)
                            .events(Event.S3_OBJECT_CREATED).build())));
            String fn = deployed();
            Trigger images = fns().bind(fn, TriggerSource.bucket(bucket.name(), filter("images/", "")), 1);
            Trigger docs = fns().bind(fn, TriggerSource.bucket(bucket.name(), filter("docs/", ".pdf",
                    BlobEventType.DELETED)), 5);

            assertThat(notifications(bucket).lambdaFunctionConfigurations()).hasSize(2);
            assertThat(fns().triggers(fn)).extracting(Trigger::id).containsExactlyInAnyOrder(images.id(), docs.id());
            Trigger listed = fns().triggers(fn).stream().filter(x -> x.id().equals(docs.id())).findFirst().orElseThrow();
            assertThat(listed.source()).isEqualTo(docs.source());
            assertThat(listed.batchSize()).isEqualTo(5);

            fns().unbind(images);
            GetBucketNotificationConfigurationResponse after = notifications(bucket);
            assertThat(after.queueConfigurations()).extracting(QueueConfiguration::id).containsExactly("theirs");
            assertThat(after.lambdaFunctionConfigurations()).extracting(LambdaFunctionConfiguration::id)
                    .containsExactly(docs.id().substring(docs.id().indexOf('/') + 1));
            assertThat(policy(fn)).doesNotContain(images.id().substring(images.id().indexOf('/') + 1))
                    .contains(docs.id().substring(docs.id().indexOf('/') + 1));
            assertThat(fns().triggers(fn)).extracting(Trigger::id).containsExactly(docs.id());

            assertThatThrownBy(() -> fns().unbind(images)).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }

        @Test
        @DisplayName("deleting the function removes its bucket configurations")
        void deleteUnbinds() {
            Bucket bucket = bucket();
            String fn = deployed();
            fns().bind(fn, TriggerSource.bucket(bucket.name(), filter("", "")), 1);
            fns().delete(fn);
            assertThat(notifications(bucket).lambdaFunctionConfigurations()).isEmpty();
        }

        @Test
        @DisplayName("a missing bucket or function is NOT_FOUND, and nothing is left behind")
        void missing() {
            String fn = deployed();
            String absent = name("absent");
            assertThatThrownBy(() -> fns().bind(fn, TriggerSource.bucket(absent, filter("", "")), 1))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                        assertThat(e.getMessage()).contains(absent);
                    });
            Bucket bucket = bucket();
            assertThatThrownBy(() -> fns().bind(name("nofn"), TriggerSource.bucket(bucket.name(), filter("", "")), 1))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(notifications(bucket).lambdaFunctionConfigurations()).isEmpty();
            assertThat(fns().triggers(fn)).isEmpty();
        }
    }

    private String policy(String fn) {
        try {
            return lambda.getPolicy(b -> b.functionName(fn)).policy();
        } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
            return "";
        }
    }

    private JsonNode statement(String fn, String sid) {
        for (JsonNode s : S3EventsTest.json(policy(fn)).path("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy(fn));
    }
}
