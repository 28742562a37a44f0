package dev.polycloud.gcp.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Notification;
import com.google.cloud.storage.NotificationInfo;
import com.google.cloud.storage.StandInObjects;
import com.google.cloud.storage.Storage;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gcp.functions.GcsEvents;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import dev.polycloud.gcp.internal.GcpSettings;
import dev.polycloud.gcp.pubsub.PubSubClients;
import dev.polycloud.gcp.testing.InProcessInvoker;
import dev.polycloud.gcp.testing.InvokerRouter;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bucket triggers on GCP. Cloud Storage notifications have no emulator here (the {@code LocalStorageHelper} fake has
 * no notifications), so the Storage side is a test-side stand-in that records the notification the driver creates;
 * the Pub/Sub side is real, on the Pub/Sub emulator: the driver's topic and push subscription, and a
 * notification-shaped message (the attributes and {@code JSON_API_V1} data Cloud Storage publishes) pushed by the
 * emulator to the HTTP adapter running in an in-process Functions Framework invoker, which hands the handler the
 * decoded {@link BlobEventBatch}.
 */
@DisplayName("GCS bucket triggers (Pub/Sub leg on the emulator, Storage requests on a stand-in)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsBucketTriggersTest {

    /** Records every batch it gets, by function name. */
    public static final class Recorder implements FunctionHandler<BlobEventBatch, Void> {
        static final Map<String, List<BlobEventBatch>> GOT = new ConcurrentHashMap<>();

        @Override
        public Void handle(BlobEventBatch batch, FunctionContext context) {
            GOT.computeIfAbsent(context.functionName(), k -> new CopyOnWriteArrayList<>()).add(batch);
            return null;
        }
    }

    private static final com.google.cloud.storage.StorageOptions OPTIONS = com.google.cloud.storage.StorageOptions
            .newBuilder().setProjectId("demo").setCredentials(com.google.cloud.NoCredentials.getInstance()).build();

    private PubSubClients pubsub;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Notification>> notifications = new ConcurrentHashMap<>();
    private final List<String> storageCalls = new CopyOnWriteArrayList<>();
    private Storage storage;
    private GcsBucketTriggers triggers;

    @BeforeAll
    void open() {
        pubsub = new PubSubClients(GcpSettings.from(PolycloudConfig.builder().setAll(GcpEmulators.get().config())
                .build()));
        storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getOptions")) {
                        storageCalls.add(method.getName());
                    }
                    switch (method.getName()) {
                        case "get" -> {
                            return args[0] instanceof String b && buckets.contains(b)
                                    ? StandInObjects.bucket((Storage) proxy, b) : null;
                        }
                        case "createNotification" -> {
                            Notification n = StandInObjects.notification((Storage) proxy, (NotificationInfo) args[1],
                                    Integer.toString(ThreadLocalRandom.current().nextInt(1, 1_000_000)));
                            notifications.computeIfAbsent((String) args[0], k -> new CopyOnWriteArrayList<>()).add(n);
                            return n;
                        }
                        case "listNotifications" -> {
                            return List.copyOf(notifications.getOrDefault((String) args[0], List.of()));
                        }
                        case "deleteNotification" -> {
                            return notifications.getOrDefault((String) args[0], new ArrayList<>())
                                    .removeIf(n -> n.getNotificationId().equals(args[1]));
                        }
                        case "getOptions" -> {
                            return OPTIONS;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });
        InProcessInvoker invoker = InProcessInvoker.get();
        triggers = new GcsBucketTriggers(() -> storage, pubsub, f -> URI.create(invoker.baseUrl() + "/" + f),
                Optional.of("events@demo.iam.gserviceaccount.com"));
    }

    @AfterAll
    void close() {
        if (pubsub != null) {
            pubsub.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private String bucket() {
        String b = name("up");
        buckets.add(b);
        return b;
    }

    private String function() {
        String fn = name("thumbs");
        InvokerRouter.register(fn, new PolycloudHttpFunction(Map.of("POLYCLOUD_HANDLER", Recorder.class.getName(),
                "POLYCLOUD_FUNCTION", fn)));
        return fn;
    }

    private String topicOf(Trigger t) {
        String rest = t.id().substring("bucket:".length());
        return "projects/" + pubsub.project() + "/topics/b." + rest.replace('/', '.');
    }

    private void publish(String topic, String bucket, String key, String eventType, Map<String, String> extra,
                         String data) {
        PubsubMessage.Builder m = PubsubMessage.newBuilder()
                .putAttributes("notificationConfig", "projects/_/buckets/" + bucket + "/notificationConfigs/1")
                .putAttributes("eventType", eventType)
                .putAttributes("payloadFormat", "JSON_API_V1")
                .putAttributes("bucketId", bucket)
                .putAttributes("objectId", key)
                .putAttributes("objectGeneration", "1733456789012345")
                .putAttributes("eventTime", "2026-12-06T03:30:00.250Z")
                .putAllAttributes(extra)
                .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8));
        pubsub.publisher().publishCallable().call(PublishRequest.newBuilder().setTopic(topic).addMessages(m).build());
    }

    private static String object(String bucket, String key, long size) {
        return "{\"kind\":\"storage#object\",\"id\":\"" + bucket + "/" + key + "/1733456789012345\",\"name\":\"" + key
                + "\",\"bucket\":\"" + bucket + "\",\"generation\":\"1733456789012345\",\"metageneration\":\"1\","
                + "\"contentType\":\"image/png\",\"size\":\"" + size + "\",\"md5Hash\":\"1B2M2Y8AsgTpgAmY7PhCfg==\","
                + "\"updated\":\"2026-12-06T03:30:00.250Z\"}";
    }

    private static List<BlobEvent> await(String fn, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<BlobEventBatch> got = Recorder.GOT.getOrDefault(fn, List.of());
            if (got.size() >= count) {
                return got.stream().flatMap(b -> b.events().stream()).toList();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the function got " + Recorder.GOT.getOrDefault(fn, List.of()) + ", not " + count
                + " batches");
    }

    @Nested
    @DisplayName("binding")
    class Binding {

        @Test
        @DisplayName("creates a topic, a push subscription to the function's URL and a JSON_API_V1 notification")
        void binds() {
            String bucket = bucket();
            String fn = function();
            Trigger t = triggers.bind(fn, TriggerSource.bucket(bucket, BlobEventFilter.created().withPrefix("images/")
                    .withSuffix(".png")), 10);

            assertThat(t.id()).matches("bucket:" + bucket + "/" + fn + "\\.[0-9a-f]{8}");
            String topic = topicOf(t);
            assertThat(pubsub.topics().getTopic(topic).getName()).isEqualTo(topic);
            Subscription s = pubsub.subscriptions().getSubscription(topic.replace("/topics/", "/subscriptions/"));
            assertThat(s.getTopic()).isEqualTo(topic);
            assertThat(s.getPushConfig().getPushEndpoint()).isEqualTo(InProcessInvoker.get().baseUrl() + "/" + fn);
            assertThat(s.getAckDeadlineSeconds()).isEqualTo(GcsBucketTriggers.ACK_DEADLINE_SECONDS);

            List<Notification> ns = notifications.get(bucket);
            assertThat(ns).hasSize(1);
            NotificationInfo n = ns.get(0);
            assertThat(n.getTopic()).isEqualTo(topic);
            assertThat(n.getPayloadFormat()).isEqualTo(NotificationInfo.PayloadFormat.JSON_API_V1);
            assertThat(n.getEventTypes()).containsExactly(NotificationInfo.EventType.OBJECT_FINALIZE);
            assertThat(n.getObjectNamePrefix()).isEqualTo("images/");
            assertThat(n.getCustomAttributes()).containsEntry(GcsEvents.SUFFIX_ATTRIBUTE, ".png")
                    .containsEntry(GcsBucketTriggers.BATCH_ATTRIBUTE, "10");

            assertThat(triggers.of(fn)).singleElement().satisfies(listed -> {
                assertThat(listed.id()).isEqualTo(t.id());
                assertThat(listed.source()).isEqualTo(t.source());
                assertThat(listed.batchSize()).isEqualTo(10);
            });
        }

        @Test
        @DisplayName("unbinding deletes the notification, the subscription and the topic; again it is NOT_FOUND")
        void unbinds() {
            String bucket = bucket();
            String fn = function();
            Trigger t = triggers.bind(fn, TriggerSource.bucket(bucket), 1);
            String topic = topicOf(t);
            triggers.unbind(t.id());

            assertThat(notifications.get(bucket)).isEmpty();
            assertThatThrownBy(() -> pubsub.topics().getTopic(topic)).isInstanceOf(com.google.api.gax.rpc.NotFoundException.class);
            assertThat(triggers.of(fn)).isEmpty();
            assertThatThrownBy(() -> triggers.unbind(t.id())).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }

        @Test
        @DisplayName("a missing bucket is NOT_FOUND before anything is created")
        void missingBucket() {
            String fn = function();
            int before = storageCalls.size();
            assertThatThrownBy(() -> triggers.bind(fn, TriggerSource.bucket(name("absent")), 1))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(storageCalls.subList(before, storageCalls.size())).containsExactly("get");
            assertThat(triggers.of(fn)).isEmpty();
        }

        @Test
        @DisplayName("over https the push carries an OIDC token of the configured account for the function's URL")
        void oidc() {
            URI url = URI.create("https://thumbs-abc-ew.a.run.app");
            Subscription s = GcsBucketTriggers.subscription("projects/p/subscriptions/x", "projects/p/topics/x", url,
                    Optional.of("events@p.iam.gserviceaccount.com"));
            assertThat(s.getPushConfig().getOidcToken().getServiceAccountEmail())
                    .isEqualTo("events@p.iam.gserviceaccount.com");
            assertThat(s.getPushConfig().getOidcToken().getAudience()).isEqualTo(url.toString());
            assertThat(s.getRetryPolicy().getMinimumBackoff().getSeconds()).isEqualTo(10);
            assertThat(GcsBucketTriggers.notification("projects/p/topics/x", BlobEventFilter.all(), 3).getEventTypes())
                    .containsExactly(NotificationInfo.EventType.OBJECT_FINALIZE, NotificationInfo.EventType.OBJECT_DELETE);
        }
    }

    @Nested
    @DisplayName("delivery through the Pub/Sub emulator")
    class Delivery {

        @Test
        @DisplayName("notifications pushed to the HTTP adapter reach the handler as BlobEvents; the suffix filter drops others")
        void delivers() throws InterruptedException {
            String bucket = bucket();
            String fn = function();
            Trigger t = triggers.bind(fn, TriggerSource.bucket(bucket, BlobEventFilter.all().withPrefix("images/")
                    .withSuffix(".png")), 10);
            String topic = topicOf(t);

            publish(topic, bucket, "images/cat.jpg", "OBJECT_FINALIZE", Map.of(GcsEvents.SUFFIX_ATTRIBUTE, ".png"),
                    object(bucket, "images/cat.jpg", 10));
            publish(topic, bucket, "images/cat.png", "OBJECT_FINALIZE", Map.of(GcsEvents.SUFFIX_ATTRIBUTE, ".png"),
                    object(bucket, "images/cat.png", 2048));
            List<BlobEvent> first = await(fn, 1);
            publish(topic, bucket, "images/cat.png", "OBJECT_DELETE", Map.of(GcsEvents.SUFFIX_ATTRIBUTE, ".png"),
                    object(bucket, "images/cat.png", 2048));
            List<BlobEvent> events = await(fn, 2);

            assertThat(first).hasSize(1);
            BlobEvent created = events.get(0);
            assertThat(created.type()).isEqualTo(BlobEventType.CREATED);
            assertThat(created.bucket()).isEqualTo(bucket);
            assertThat(created.key()).isEqualTo("images/cat.png");
            assertThat(created.size()).isEqualTo(2048);
            assertThat(created.etag()).contains("1733456789012345");
            assertThat(created.time()).isEqualTo(Instant.parse("2026-12-06T03:30:00.250Z"));
            BlobEvent deleted = events.get(1);
            assertThat(deleted.type()).isEqualTo(BlobEventType.DELETED);
            assertThat(deleted.size()).isZero();
            assertThat(deleted.etag()).isEmpty();
            assertThat(events).extracting(BlobEvent::key).doesNotContain("images/cat.jpg");
            triggers.unbind(t.id());
        }
    }

    @Nested
    @DisplayName("decoding")
    class Decoding {

        @Test
        @DisplayName("an overwrite's OBJECT_DELETE (overwrittenByGeneration) and metadata updates are no portable events")
        void notEvents() {
            Map<String, String> base = Map.of("bucketId", "b", "objectId", "k", "eventType", "OBJECT_DELETE",
                    "overwrittenByGeneration", "2");
            assertThat(GcsEvents.fromMessage(base, new byte[0])).isEmpty();
            assertThat(GcsEvents.fromMessage(Map.of("bucketId", "b", "objectId", "k", "eventType",
                    "OBJECT_METADATA_UPDATE"), new byte[0])).isEmpty();
            assertThat(GcsEvents.fromMessage(Map.of("bucketId", "b", "objectId", "k", "eventType", "OBJECT_DELETE"),
                    new byte[0])).get().extracting(b -> b.events().get(0).type()).isEqualTo(BlobEventType.DELETED);
        }

        @Test
        @DisplayName("a push body that is not a Cloud Storage notification is left to the ordinary invocation path")
        void notPush() {
            assertThat(GcsEvents.push("{\"message\":{\"attributes\":{\"k\":\"v\"},\"data\":\"\"}}"
                    .getBytes(StandardCharsets.UTF_8))).isEmpty();
            assertThat(GcsEvents.push("\"text\"".getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
    }
}
