package dev.polycloud.examples.orders;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.examples.InProcessContext;
import dev.polycloud.examples.images.ThumbnailFlow;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Headers;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example serverless application, built only on {@code polycloud-api}:
 * <pre>
 * POST /orders ──gateway──▶ create-order ──▶ orders table
 *                                       └──▶ order-events topic ──(type = order-created)──▶ notify ──▶ notifications queue
 * GET /orders/{id} ──gateway──▶ get-order ──▶ orders table
 * </pre>
 * and then the thumbnail flow ({@link ThumbnailFlow}: {@code PUT /images/{name}}, a bucket-triggered
 * {@code thumbnail} function, {@code GET /images/{name}/thumbnail}) when the provider declares bucket events.
 * It provisions everything, prints the gateway URL, makes a few requests itself printing each
 * step, then keeps serving until interrupted ({@code --exit-after-demo} exits instead). The
 * provider comes from configuration: {@code local} by default, or {@code -Dpolycloud.provider=aws}
 * (and that provider's keys) for the same code on a cloud.
 *
 * <p>With {@code --in-process-functions}, the three handlers run in this JVM, called directly
 * (the subscription is polled by the app), and only the table, topic and queues use the
 * configured provider: the way to run the data path on an emulator that cannot run functions.
 */
public final class OrdersApp {

    /** The shared in-memory instance name used when running on the local provider. */
    static final String LOCAL_INSTANCE = "orders-app";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final Cloud cloud;
    private final PrintStream out;
    private URI base;

    OrdersApp(Cloud cloud, PrintStream out) {
        this.cloud = cloud;
        this.out = out;
    }

    /**
     * Runs the application.
     *
     * @param args {@code --exit-after-demo} to exit once the demo requests are done
     * @throws Exception when the demo fails
     */
    public static void main(String[] args) throws Exception {
        boolean exitAfterDemo = List.of(args).contains("--exit-after-demo");
        boolean inProcess = List.of(args).contains("--in-process-functions");
        // On the local provider, the functions' own clouds must see the app's data: share one instance.
        if (System.getProperty("polycloud.local.instance") == null && System.getenv("POLYCLOUD_LOCAL_INSTANCE") == null) {
            System.setProperty("polycloud.local.instance", LOCAL_INSTANCE);
        }
        Cloud cloud = Polycloud.open(PolycloudConfig.load());
        OrdersApp app = new OrdersApp(cloud, System.out);
        ThumbnailFlow images = new ThumbnailFlow(cloud, System.out);
        try {
            if (inProcess) {
                app.provisionData();
                app.demoInProcess();
                if (images.storage()) {
                    try {
                        images.provisionData();
                    } catch (dev.polycloud.CloudException e) {
                        // e.g. the gcloud emulators: the GCS driver is there, but no Cloud Storage emulator runs
                        app.step("object storage unreachable as configured (" + e.code() + "): thumbnail flow"
                                + " skipped");
                        cloud.close();
                        return;
                    }
                    images.demoInProcess();
                } else {
                    app.step("provider declares no object storage as configured: thumbnail flow skipped");
                }
                cloud.close();
                return;
            }
            app.provision();
            app.demo();
            if (images.supported()) {
                images.provision();
                images.demo();
            } else {
                app.step("provider declares no bucket events for functions as configured: thumbnail flow skipped"
                        + " (run it with --in-process-functions)");
            }
        } catch (Exception e) {
            cloud.close();
            throw e;
        }
        if (exitAfterDemo) {
            cloud.close();
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stopped.countDown();
        }));
        System.out.println("Serving " + app.base + (images.base().map(b -> " and " + b).orElse(""))
                + " — press Ctrl-C to stop.");
        stopped.await();
    }

    /** The name of the nightly orders-summary schedule. */
    static final String SUMMARY_SCHEDULE = "nightly-orders-summary";

    /** Creates the table, topic, subscription, queues, functions, trigger, schedule and gateway. */
    URI provision() {
        provisionData();
        Functions functions = cloud.functions();
        functions.deploy(FunctionSpec.builder("create-order", CreateOrderFunction.class).build());
        functions.deploy(FunctionSpec.builder("get-order", GetOrderFunction.class).build());
        functions.deploy(FunctionSpec.builder("notify", NotifyFunction.class).build());
        functions.bind("notify", Services.topics(cloud)
                ? TriggerSource.subscription(Services.EVENTS_TOPIC, Services.NOTIFY_SUBSCRIPTION)
                : TriggerSource.queue(Services.EVENTS_QUEUE), 10);
        step("functions create-order, get-order, notify deployed; notify triggered by the order events");
        functions.deploy(FunctionSpec.builder("orders-summary", OrdersSummaryFunction.class).build());
        if (functions.capabilities().schedules().supported()) {
            // every night at 02:00 UTC (six-field cron: second minute hour day-of-month month day-of-week)
            functions.schedule("orders-summary", Schedule.cron("0 0 2 * * ?").named(SUMMARY_SCHEDULE));
            step("function orders-summary scheduled nightly at 02:00 UTC (" + SUMMARY_SCHEDULE + ")");
        } else {
            step("function orders-summary deployed; this provider declares no API-bound schedules"
                    + " (on Azure declare a @TimerTrigger that calls PolycloudAzure.timer)");
        }
        base = cloud.gateway("orders-api").deploy(GatewaySpec.builder()
                .route("POST /orders", "create-order")
                .route("GET /orders/{id}", "get-order")
                .build());
        step("gateway 'orders-api' serving at " + base);
        return base;
    }

    /** Creates the table, topic, subscription and queues. */
    void provisionData() {
        step("provider: " + cloud.provider());
        cloud.table(Services.ORDERS_TABLE).createTable(TableSchema.of("id", KeyType.STRING));
        step("table '" + Services.ORDERS_TABLE + "' ready");
        cloud.queue(Services.NOTIFICATIONS_QUEUE).create();
        cloud.queue(Services.SUMMARIES_QUEUE).create();
        cloud.queue("notify-failures").create();
        if (!Services.topics(cloud)) {
            cloud.queue(Services.EVENTS_QUEUE).create(QueueOptions.builder().deadLetter("notify-failures", 5).build());
            step("provider declares no topics as configured: order-created events go to queue '"
                    + Services.EVENTS_QUEUE + "'; queue '" + Services.NOTIFICATIONS_QUEUE + "' ready");
            return;
        }
        cloud.topic(Services.EVENTS_TOPIC).create()
                .subscription(Services.NOTIFY_SUBSCRIPTION)
                .create(SubscriptionOptions.builder()
                        .filter(SubscriptionFilter.equals("type", Services.ORDER_CREATED))
                        .deadLetter("notify-failures", 5)
                        .build());
        step("topic '" + Services.EVENTS_TOPIC + "' with subscription '" + Services.NOTIFY_SUBSCRIPTION
                + "' (type = order-created), queue '" + Services.NOTIFICATIONS_QUEUE + "' ready");
    }

    /**
     * The demo with the handlers called in this JVM: create two orders, read one back, deliver
     * the subscription's messages to the notify handler, and read the notifications.
     */
    List<String> demoInProcess() throws Exception {
        CreateOrderFunction create = new CreateOrderFunction();
        List<String> ids = new ArrayList<>();
        for (String body : List.of("{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2}",
                "{\"customer\":\"linus\",\"item\":\"penguin\",\"quantity\":1}")) {
            dev.polycloud.function.HttpResponse created = create.handle(request("POST", "/orders", Map.of(), body),
                    InProcessContext.named("orders-app", "create-order"));
            step("create-order " + body + " -> " + created.status() + " " + created.bodyAsString());
            Matcher m = ID.matcher(created.bodyAsString());
            if (created.status() != 201 || !m.find()) {
                throw new IllegalStateException("Order creation failed: " + created.bodyAsString());
            }
            ids.add(m.group(1));
        }
        dev.polycloud.function.HttpResponse read = new GetOrderFunction().handle(
                request("GET", "/orders/" + ids.get(0), Map.of("id", ids.get(0)), ""), InProcessContext.named("orders-app", "get-order"));
        step("get-order " + ids.get(0) + " -> " + read.status() + " " + read.bodyAsString());

        boolean topics = Services.topics(cloud);
        MessageReceiver events = topics
                ? cloud.topic(Services.EVENTS_TOPIC).subscription(Services.NOTIFY_SUBSCRIPTION)
                : cloud.queue(Services.EVENTS_QUEUE);
        String source = topics ? "subscription/" + Services.EVENTS_TOPIC + "/" + Services.NOTIFY_SUBSCRIPTION
                : "queue/" + Services.EVENTS_QUEUE;
        NotifyFunction notify = new NotifyFunction();
        // The order events go to the notify handler through a managed listener: batches of up to 10, only
        // the messages the handler reports failed are redelivered (the same contract as a queue trigger).
        AtomicInteger delivered = new AtomicInteger();
        try (Listener listener = events.listenBatch(batch -> {
            BatchResult result = notify.handle(batch, InProcessContext.named("orders-app", "notify"));
            int done = batch.messages().size() - result.failedIds().size();
            delivered.addAndGet(done);
            step("notify handled " + done + " order-created message(s) from " + batch.source());
            return result;
        }, ListenerOptions.builder().concurrency(2).pollWait(Duration.ofSeconds(1)).build())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.get() < ids.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        return collectNotifications(ids.size());
    }

    private static dev.polycloud.function.HttpRequest request(String method, String path, Map<String, String> params,
                                                              String body) {
        return new dev.polycloud.function.HttpRequest(method, path, params, Map.of(),
                Headers.of(Map.of("content-type", "application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> collectNotifications(int expected) throws InterruptedException {
        Queue notifications = cloud.queue(Services.NOTIFICATIONS_QUEUE);
        // The queue consumer: a managed listener acks each notification when the handler returns.
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(expected);
        try (Listener listener = notifications.listen(n -> {
            received.add(n.bodyAsString());
            step("notification: " + n.bodyAsString());
            all.countDown();
        }, ListenerOptions.builder().concurrency(2).pollWait(Duration.ofSeconds(1)).build())) {
            all.await(30, TimeUnit.SECONDS);
        }
        if (received.size() < expected) {
            throw new IllegalStateException("Expected " + expected + " notifications, got " + received.size());
        }
        step("demo done: " + expected + " orders created, read back, and notified");
        return received;
    }

    /** Makes the demo requests and waits for the notifications; returns them. */
    List<String> demo() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> ids = new ArrayList<>();
        for (String body : List.of("{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2}",
                "{\"customer\":\"linus\",\"item\":\"penguin\",\"quantity\":1}")) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/orders"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            step("POST /orders " + body + " -> " + created.statusCode() + " " + created.body());
            Matcher m = ID.matcher(created.body());
            if (created.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("Order creation failed: " + created.statusCode() + " " + created.body());
            }
            ids.add(m.group(1));
        }
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(base.resolve("/orders/" + ids.get(0))).build(),
                HttpResponse.BodyHandlers.ofString());
        step("GET /orders/" + ids.get(0) + " -> " + read.statusCode() + " " + read.body());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/orders/no-such-order")).build(),
                HttpResponse.BodyHandlers.ofString());
        step("GET /orders/no-such-order -> " + missing.statusCode() + " " + missing.body());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(base.resolve("/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"eve\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        step("POST /orders {\"customer\":\"eve\"} -> " + bad.statusCode() + " " + bad.body());

        return collectNotifications(ids.size());
    }

    void step(String text) {
        out.println("[orders-app] " + text);
    }
}
