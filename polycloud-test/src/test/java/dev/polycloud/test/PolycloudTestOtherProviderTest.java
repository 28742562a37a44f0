package dev.polycloud.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.local.LocalClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

@PolycloudTest(provider = "remote-lookalike")
@DisplayName("@PolycloudTest on a provider other than the in-memory one")
class PolycloudTestOtherProviderTest {

    /** Checks, after the fact, that the clock test was skipped with the one-line reason rather than failed. */
    @RegisterExtension
    static final TestWatcher SKIP_CHECK = new TestWatcher() {
        @Override
        public void testAborted(ExtensionContext context, Throwable cause) {
            assertThat(cause).hasMessage("Skipped: this test needs the LocalClock of the in-memory provider, "
                    + "but it runs on provider 'remote-lookalike'");
            ABORTED.incrementAndGet();
        }

        @Override
        public void testSuccessful(ExtensionContext context) {
            if (context.getRequiredTestMethod().getName().equals("needsTheClock")) {
                throw new AssertionError("needsTheClock ran instead of being skipped");
            }
        }
    };

    static final java.util.concurrent.atomic.AtomicInteger ABORTED = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void theClockTestWasSkipped() {
        assertThat(ABORTED).hasValue(1);
    }

    @Test
    @DisplayName("injects the cloud of the configured provider")
    void injectsThatCloud(Cloud cloud) {
        assertThat(cloud.provider()).isEqualTo("remote-lookalike");
    }

    @Test
    @DisplayName("skips, with one line, a test that asks for the LocalClock")
    void needsTheClock(LocalClock clock) {
        throw new AssertionError("must not run");
    }
}
