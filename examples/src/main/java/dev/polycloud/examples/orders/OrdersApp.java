package dev.polycloud.examples.orders;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example serverless application, built only on {@code polycloud-api}:
 * <pre>
 * POST /orders ──gateway──▶ create-order ──▶ orders table
 *                                       └──▶ order-events topic ──(type = order-created)──▶ notify ──▶ notifications queue
 * GET /orders/{id} ──gateway──▶ get-order ──▶ orders table
 * </pre>
 * It provisions everything, prints the gateway URL, makes a few requests itself printing each
 * step, then keeps serving until interrupted ({@code --exit-after-demo} exits instead). The
 * provider comes from configuration: {@code local} by default, or {@code -Dpolycloud.provider=aws}
 * (and that provider's keys) for the same code on a cloud.
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
        // On the local provider, the functions' own clouds must see the app's data: share one instance.
        if (System.getProperty("polycloud.local.instance") == null && System.getenv("POLYCLOUD_LOCAL_INSTANCE") == null) {
            System.setProperty("polycloud.local.instance", LOCAL_INSTANCE);
        }
        Cloud cloud = Polycloud.open(PolycloudConfig.load());
        OrdersApp app = new OrdersApp(cloud, System.out);
        try {
            app.provision();
            app.demo();
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
        System.out.println("Serving " + app.base + " — press Ctrl-C to stop.");
        stopped.await();
    }

    /** Creates the table, topic, subscription, queues, functions, trigger and gateway. */
    URI provision() {
        step("provider: " + cloud.provider());
        cloud.table(Services.ORDERS_TABLE).createTable(TableSchema.of("id", KeyType.STRING));
        step("table '" + Services.ORDERS_TABLE + "' ready");
        cloud.queue(Services.NOTIFICATIONS_QUEUE).create();
        cloud.queue("notify-failures").create();
        cloud.topic(Services.EVENTS_TOPIC).create()
                .subscription(Services.NOTIFY_SUBSCRIPTION)
                .create(SubscriptionOptions.builder()
                        .filter(SubscriptionFilter.equals("type", Services.ORDER_CREATED))
                        .deadLetter("notify-failures", 5)
                        .build());
        step("topic '" + Services.EVENTS_TOPIC + "' with subscription '" + Services.NOTIFY_SUBSCRIPTION
                + "' (type = order-created), queue '" + Services.NOTIFICATIONS_QUEUE + "' ready");
        Functions functions = cloud.functions();
        functions.deploy(FunctionSpec.builder("create-order", CreateOrderFunction.class).build());
        functions.deploy(FunctionSpec.builder("get-order", GetOrderFunction.class).build());
        functions.deploy(FunctionSpec.builder("notify", NotifyFunction.class).build());
        functions.bind("notify", TriggerSource.subscription(Services.EVENTS_TOPIC, Services.NOTIFY_SUBSCRIPTION), 10);
        step("functions create-order, get-order, notify deployed; notify triggered by the subscription");
        base = cloud.gateway("orders-api").deploy(GatewaySpec.builder()
                .route("POST /orders", "create-order")
                .route("GET /orders/{id}", "get-order")
                .build());
        step("gateway 'orders-api' serving at " + base);
        return base;
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

        Queue notifications = cloud.queue(Services.NOTIFICATIONS_QUEUE);
        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < ids.size() && System.nanoTime() < deadline) {
            for (ReceivedMessage n : notifications.receive(10, Duration.ofSeconds(1))) {
                received.add(n.bodyAsString());
                step("notification: " + n.bodyAsString());
                notifications.ack(n);
            }
        }
        if (received.size() < ids.size()) {
            throw new IllegalStateException("Expected " + ids.size() + " notifications, got " + received.size());
        }
        step("demo done: " + ids.size() + " orders created, read back, and notified");
        return received;
    }

    private void step(String text) {
        out.println("[orders-app] " + text);
    }
}
