package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("The portable layer's MDC keys")
class LogContextTest {

    /** slf4j-simple has no MDC; the tests use SLF4J's basic map-backed adapter. */
    @org.junit.jupiter.api.BeforeAll
    static void basicMdc() throws ReflectiveOperationException {
        MDC.getMDCAdapter();
        for (java.lang.reflect.Field f : MDC.class.getDeclaredFields()) {
            if (f.getType() == org.slf4j.spi.MDCAdapter.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                f.set(null, new org.slf4j.helpers.BasicMDCAdapter());
            }
        }
        MDC.put("probe", "x");
        assertThat(MDC.get("probe")).as("a map-backed MDC for the test").isEqualTo("x");
        MDC.remove("probe");
    }

    @Test
    @DisplayName("are set during a driver call and removed afterwards")
    void duringCall() {
        Map<String, String> seen = new HashMap<>();
        new Retrier("aws", 1, Duration.ofMillis(1)).call("queue orders", "send", () -> {
            seen.put("provider", MDC.get(LogContext.PROVIDER));
            seen.put("resource", MDC.get(LogContext.RESOURCE));
            seen.put("operation", MDC.get(LogContext.OPERATION));
            return null;
        });
        assertThat(seen).containsExactlyInAnyOrderEntriesOf(
                Map.of("provider", "aws", "resource", "queue orders", "operation", "send"));
        assertThat(MDC.get(LogContext.PROVIDER)).isNull();
        assertThat(MDC.get(LogContext.RESOURCE)).isNull();
        assertThat(MDC.get(LogContext.OPERATION)).isNull();
    }

    @Test
    @DisplayName("of a nested call are replaced by the caller's when it returns")
    void nested() {
        try (LogContext outer = LogContext.open("local", "queue work", "process", "m-1")) {
            new Retrier("local", 1, Duration.ofMillis(1)).run("table orders", "put", () -> {
                assertThat(MDC.get(LogContext.RESOURCE)).isEqualTo("table orders");
                assertThat(MDC.get(LogContext.INVOCATION)).isEqualTo("m-1");
            });
            assertThat(MDC.get(LogContext.RESOURCE)).isEqualTo("queue work");
            assertThat(MDC.get(LogContext.OPERATION)).isEqualTo("process");
        }
        assertThat(MDC.get(LogContext.INVOCATION)).isNull();
        assertThat(MDC.get(LogContext.RESOURCE)).isNull();
    }
}
