package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpFunctionSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import dev.polycloud.gcp.testing.InProcessInvoker;
import dev.polycloud.gcp.testing.InvokerRouter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a caller sees when a function is deployed wrongly, with the adapter served by the Functions
 * Framework invoker in this JVM and invoked through the driver's HTTP path.
 */
@DisplayName("A wrongly configured function, invoked through the driver")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterDeploymentErrorsTest {

    private Cloud cloud;

    @BeforeAll
    void open() {
        InvokerRouter.register("no-class", new PolycloudHttpFunction(Map.of("POLYCLOUD_HANDLER", "com.example.Missing")));
        InvokerRouter.register("no-handler", new PolycloudHttpFunction(Map.of("POLYCLOUD_FUNCTION", "no-handler")));
        cloud = Polycloud.open(PolycloudConfig.builder().provider("gcp").set("polycloud.gcp.project", "errors-test")
                .set(GcpFunctionSettings.URL_TEMPLATE, InProcessInvoker.get().baseUrl() + "/{function}").build());
    }

    @AfterAll
    void close() {
        InvokerRouter.unregister("no-class");
        InvokerRouter.unregister("no-handler");
        cloud.close();
    }

    @Test
    @DisplayName("a handler class that cannot be loaded is INTERNAL naming the class, not a handler failure")
    void missingClass() {
        assertThatThrownBy(() -> cloud.functions().invoke("no-class", "x")).isInstanceOfSatisfying(CloudException.class,
                e -> {
                    assertThat(e).isNotInstanceOf(FunctionFailedException.class);
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("com.example.Missing");
                });
    }

    @Test
    @DisplayName("a function without POLYCLOUD_HANDLER is INTERNAL naming the variable")
    void missingVariable() {
        assertThatThrownBy(() -> cloud.functions().invoke("no-handler", "x"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("POLYCLOUD_HANDLER");
                });
    }

    @Test
    @DisplayName("a URL nothing serves (404) is NOT_FOUND")
    void nothingThere() {
        assertThatThrownBy(() -> cloud.functions().invoke("nobody-home", "x"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
