package dev.polycloud.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.azure.functions.AzureFunctionDriver;
import dev.polycloud.azure.functions.AzureFunctionDriverTest;
import dev.polycloud.azure.functions.FakeHost;
import dev.polycloud.azure.functions.PolycloudAzure;
import dev.polycloud.azure.internal.AzureCapabilities;
import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.ManagementClient;
import dev.polycloud.azure.internal.StandInArm;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.internal.Retrier;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bucket events on Event Grid. There is no Event Grid emulator, so the management requests the driver builds are
 * checked on {@link StandInArm} (a local stand-in for Azure Resource Manager that stores what is PUT), and the
 * adapter is fed Event Grid's documented {@code Microsoft.Storage.BlobCreated}/{@code BlobDeleted} event shape.
 * Whether Event Grid accepts the subscription and delivers to a real function is not shown here.
 */
@DisplayName("Event Grid bucket triggers (requests on a stand-in Resource Manager) and the Event Grid adapter")
class EventGridBucketTriggersTest {

    private static final String SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
    private static final String ACCOUNT = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/shopdata";
    private static final String APP = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/orders";

    private StandInArm arm;
    private Functions functions;
    private final Set<String> containers = new java.util.concurrent.ConcurrentSkipListSet<>();

    @BeforeEach
    void start() {
        arm = StandInArm.start();
        AzureFunctionSettings settings = AzureFunctionSettings.from(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.functions.app-url", "https://orders.azurewebsites.net")
                .set("polycloud.azure.subscription-id", SUBSCRIPTION)
                .set("polycloud.azure.resource-group", "rg-orders")
                .set("polycloud.azure.storage.resource-group", "rg-data").build());
        ManagementClient client = arm.client();
        EventGridBucketTriggers buckets = new EventGridBucketTriggers(() -> client,
                () -> settings.storageAccountPath("shopdata"), () -> settings.functionAppPath().orElseThrow(),
                containers::contains);
        AzureFunctionDriver driver = new AzureFunctionDriver(settings,
                () -> HttpClient.newHttpClient(), () -> client, buckets);
        functions = dev.polycloud.internal.Handles.functions().create(driver,
                AzureCapabilities.of(false, true, false, true).functions(),
                new Retrier("azure", 1, java.time.Duration.ofMillis(1)), dev.polycloud.function.PayloadCodec.mapper());
        containers.add("uploads");
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    private StandInArm.Call lastPut() {
        return arm.calls().stream().filter(c -> c.method().equals("PUT")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no PUT in " + arm.calls()));
    }

    @Nested
    @DisplayName("binding")
    class Binding {

        @Test
        @DisplayName("PUTs an event subscription on the storage account targeting the function, with types, subject filters and batch size")
        void binds() {
            Trigger t = functions.bind("thumbnail", TriggerSource.bucket("uploads", BlobEventFilter.created()
                    .withPrefix("images/").withSuffix(".png")), 20);

            StandInArm.Call put = lastPut();
            assertThat(put.path()).matches(ACCOUNT + "/providers/Microsoft.EventGrid/eventSubscriptions/polycloud-[0-9a-f]{16}");
            assertThat(put.query()).contains("api-version=" + EventGridBucketTriggers.API_VERSION);
            JsonNode p = put.json().path("properties");
            assertThat(p.path("destination").path("endpointType").asText()).isEqualTo("AzureFunction");
            assertThat(p.path("destination").path("properties").path("resourceId").asText())
                    .isEqualTo(APP + "/functions/thumbnail");
            assertThat(p.path("destination").path("properties").path("maxEventsPerBatch").asInt()).isEqualTo(20);
            assertThat(p.path("filter").path("includedEventTypes")).extracting(JsonNode::asText)
                    .containsExactly("Microsoft.Storage.BlobCreated");
            assertThat(p.path("filter").path("subjectBeginsWith").asText())
                    .isEqualTo("/blobServices/default/containers/uploads/blobs/images/");
            assertThat(p.path("filter").path("subjectEndsWith").asText()).isEqualTo(".png");
            assertThat(p.path("filter").path("isSubjectCaseSensitive").asBoolean()).isTrue();
            assertThat(p.path("eventDeliverySchema").asText()).isEqualTo("EventGridSchema");
            assertThat(p.path("retryPolicy").path("maxDeliveryAttempts").asInt()).isEqualTo(30);
            assertThat(t.id()).isEqualTo("bucket:uploads/" + put.path().substring(put.path().lastIndexOf('/') + 1));
        }

        @Test
        @DisplayName("every event, any key: both event types and the container's whole subject prefix, no suffix")
        void all() {
            functions.bind("thumbnail", TriggerSource.bucket("uploads"), 1);
            JsonNode f = lastPut().json().path("properties").path("filter");
            assertThat(f.path("includedEventTypes")).extracting(JsonNode::asText)
                    .containsExactly("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");
            assertThat(f.path("subjectBeginsWith").asText()).isEqualTo("/blobServices/default/containers/uploads/blobs/");
            assertThat(f.has("subjectEndsWith")).isFalse();
        }

        @Test
        @DisplayName("lists the function's subscriptions back as the same triggers, and unbinding DELETEs exactly one")
        void listsAndUnbinds() {
            Trigger images = functions.bind("thumbnail", TriggerSource.bucket("uploads", BlobEventFilter.all()
                    .withPrefix("images/")), 5);
            Trigger docs = functions.bind("thumbnail", TriggerSource.bucket("uploads", BlobEventFilter.deleted()
                    .withSuffix(".pdf")), 1);
            functions.bind("other", TriggerSource.bucket("uploads"), 1);
            String list = ACCOUNT + "/providers/Microsoft.EventGrid/eventSubscriptions";
            arm.override((call, a) -> {
                if (call.method().equals("GET") && call.path().equals(list)) {
                    StringBuilder value = new StringBuilder();
                    for (StandInArm.Call c : a.calls()) {
                        if (c.method().equals("PUT") && !arm.calls().stream().anyMatch(d -> d.method().equals("DELETE")
                                && d.path().equals(c.path()))) {
                            com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode) c.json();
                            r.put("name", c.path().substring(c.path().lastIndexOf('/') + 1));
                            value.append(value.length() == 0 ? "" : ",").append(r);
                        }
                    }
                    return Optional.of(StandInArm.Reply.json(200, "{\"value\":[" + value + "]}"));
                }
                return Optional.empty();
            });
            assertThat(functions.triggers("thumbnail")).containsExactlyInAnyOrder(images, docs);

            functions.unbind(images);
            assertThat(arm.calls().stream().filter(c -> c.method().equals("DELETE")).map(StandInArm.Call::path))
                    .containsExactly(ACCOUNT + "/providers/Microsoft.EventGrid/eventSubscriptions/"
                            + images.id().substring(images.id().indexOf('/') + 1));
            assertThat(functions.triggers("thumbnail")).containsExactly(docs);
            AzureFunctionDriverTest.fails(ErrorCode.NOT_FOUND, () -> functions.unbind(images));
        }

        @Test
        @DisplayName("a missing container is NOT_FOUND before any request; Resource Manager refusals are mapped")
        void errors() {
            AzureFunctionDriverTest.fails(ErrorCode.NOT_FOUND, () -> functions.bind("thumbnail",
                    TriggerSource.bucket("absent"), 1));
            assertThat(arm.calls()).isEmpty();
            arm.override((call, a) -> Optional.of(StandInArm.Reply.error(400, "InvalidRequest",
                    "Destination endpoint not found.")));
            AzureFunctionDriverTest.fails(ErrorCode.INVALID_ARGUMENT, () -> functions.bind("nope",
                    TriggerSource.bucket("uploads"), 1));
        }
    }

    /** Records the batch it gets. */
    public static final class Thumbnails implements FunctionHandler<BlobEventBatch, Void> {
        static final AtomicReference<BlobEventBatch> LAST = new AtomicReference<>();

        @Override
        public Void handle(BlobEventBatch batch, FunctionContext context) {
            LAST.set(batch);
            if (batch.events().get(0).key().startsWith("fail")) {
                throw new IllegalStateException("cannot scale");
            }
            return null;
        }
    }

    private static final String CREATED = """
            {"topic":"/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/shopdata",
             "subject":"/blobServices/default/containers/uploads/blobs/images/summer holiday.png",
             "eventType":"Microsoft.Storage.BlobCreated","id":"831e1650-001e-001b-66ab-eeb76e069631",
             "data":{"api":"PutBlob","clientRequestId":"6d79dbfb-0e37-4fc4-981f-442c9ca89e85",
                     "requestId":"831e1650-001e-001b-66ab-eeb76e000000","eTag":"0x8D4BCC2E4835CD0",
                     "contentType":"image/png","contentLength":524288,"blobType":"BlockBlob",
                     "url":"https://shopdata.blob.core.windows.net/uploads/images/summer%20holiday.png",
                     "sequencer":"00000000000004420000000000028963",
                     "storageDiagnostics":{"batchId":"b68529f3-68cd-4744-baa4-3c0498ec19f0"}},
             "dataVersion":"","metadataVersion":"1","eventTime":"2026-12-06T03:30:00.9584103Z"}""";

    @Nested
    @DisplayName("the Event Grid adapter")
    class Adapter {

        @Test
        @DisplayName("a BlobCreated event reaches the handler with container, key, size, quoted ETag and time")
        void created() {
            PolycloudAzure.eventGrid(CREATED, new FakeHost.Context("thumbnail"), Thumbnails.class);
            BlobEventBatch batch = Thumbnails.LAST.get();
            assertThat(batch.bucket()).isEqualTo("uploads");
            BlobEvent e = batch.events().get(0);
            assertThat(e.key()).isEqualTo("images/summer holiday.png");
            assertThat(e.type()).isEqualTo(BlobEventType.CREATED);
            assertThat(e.size()).isEqualTo(524288);
            assertThat(e.etag()).contains("\"0x8D4BCC2E4835CD0\"");
            assertThat(e.time()).isEqualTo(Instant.parse("2026-12-06T03:30:00.9584103Z"));
        }

        @Test
        @DisplayName("a BlobDeleted event in the CloudEvents schema is DELETED with size 0; other events do not run the handler")
        void deletedAndOthers() {
            String deleted = """
                    [{"source":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/shopdata",
                      "subject":"/blobServices/default/containers/uploads/blobs/old.png",
                      "type":"Microsoft.Storage.BlobDeleted","time":"2026-12-06T03:31:00Z","id":"1","specversion":"1.0",
                      "data":{"api":"DeleteBlob","contentType":"image/png","blobType":"BlockBlob"}}]""";
            PolycloudAzure.eventGrid(deleted, new FakeHost.Context("thumbnail"), Thumbnails.class);
            BlobEvent e = Thumbnails.LAST.get().events().get(0);
            assertThat(e).isEqualTo(BlobEvent.deleted("uploads", "old.png", Instant.parse("2026-12-06T03:31:00Z")));

            Thumbnails.LAST.set(null);
            PolycloudAzure.eventGrid(CREATED.replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobTierChanged"),
                    new FakeHost.Context("thumbnail"), Thumbnails.class);
            assertThat(Thumbnails.LAST.get()).isNull();
        }

        @Test
        @DisplayName("a failing handler is rethrown, so Event Grid retries the delivery")
        void fails() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolycloudAzure.eventGrid(
                    CREATED.replace("blobs/images/", "blobs/fail-"), new FakeHost.Context("thumbnail"),
                    Thumbnails.class)).isInstanceOf(IllegalStateException.class).hasMessage("cannot scale");
        }
    }
}
