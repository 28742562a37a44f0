package dev.polycloud.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.table.Item;
import dev.polycloud.table.Scan;
import dev.polycloud.test.PolycloudTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the example on the local provider. The functions open their own cloud once per JVM (as a
 * function instance would, through {@code Polycloud.open()}), so the test's cloud and theirs share
 * one named in-memory instance: the system property is for the functions, the annotation's config
 * for the injected cloud.
 */
@PolycloudTest(config = "polycloud.local.instance=orders-app-test")
@DisplayName("The orders example application")
class OrdersAppTest {

    private Cloud cloud;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void shareTheInstanceWithTheFunctions() {
        System.setProperty("polycloud.local.instance", "orders-app-test");
    }

    @AfterAll
    static void stopSharing() {
        System.clearProperty("polycloud.local.instance");
    }

    private OrdersApp app() {
        return new OrdersApp(cloud, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("on the local provider, creates, reads back and notifies orders through the real gateway")
    void demoOnLocal() throws Exception {
        OrdersApp app = app();
        assertThat(app.provision().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.functions().triggers("orders-summary")).singleElement().satisfies(t -> {
            assertThat(t.source().path()).isEqualTo("schedule/" + OrdersApp.SUMMARY_SCHEDULE);
            assertThat(t.source().schedule().orElseThrow().describe()).isEqualTo("cron(0 0 2 * * ?)");
        });
        List<String> notifications = app.demo();
        assertThat(notifications).hasSize(2)
                .anySatisfy(n -> assertThat(n).contains("Dear ada").contains("2 x book"))
                .anySatisfy(n -> assertThat(n).contains("Dear linus").contains("1 x penguin"));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("-> 201").contains("-> 200").contains("-> 404").contains("-> 400")
                .contains("gateway 'orders-api' serving at http://127.0.0.1:");
    }

    @Test
    @DisplayName("with in-process functions, runs the data path through tables, topics and queues only")
    void inProcessFunctions() throws Exception {
        OrdersApp app = app();
        app.provisionData();
        assertThat(app.demoInProcess()).hasSize(2).allSatisfy(n -> assertThat(n).startsWith("Dear "));
        List<Item> orders = cloud.table("orders").scan(Scan.all()).items();
        assertThat(orders).hasSizeGreaterThanOrEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("create-order").contains("-> 201")
                .doesNotContain("gateway");
    }
}
