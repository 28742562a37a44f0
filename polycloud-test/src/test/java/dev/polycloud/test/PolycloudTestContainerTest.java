package dev.polycloud.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.PolycloudConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

@DisplayName("@PolycloudTest(container = LOCALSTACK) without Docker")
class PolycloudTestContainerTest {

    @PolycloudTest(container = PolycloudTest.Container.LOCALSTACK)
    static final class OnLocalStack {
    }

    @BeforeEach
    void noDocker() {
        Assumptions.assumeFalse(LocalStackTarget.dockerAvailable(), "Docker is available here: nothing to skip");
    }

    @Test
    @DisplayName("skips the test with one line naming the container and Docker")
    void skips() {
        assertThatThrownBy(() -> PolycloudExtension.config(OnLocalStack.class.getAnnotation(PolycloudTest.class)))
                .isExactlyInstanceOf(TestAbortedException.class)
                .hasMessage("Skipped: the localstack container needs Docker, and no Docker daemon answers here");
    }

    @Test
    @DisplayName("fails instead when polycloud.conformance.require names localstack")
    void failsWhenRequired() {
        System.setProperty(PolycloudConfig.CONFORMANCE_REQUIRE, "aws,localstack");
        try {
            assertThatThrownBy(() -> PolycloudExtension.config(OnLocalStack.class.getAnnotation(PolycloudTest.class)))
                    .isInstanceOf(AssertionFailedError.class).hasMessageContaining("polycloud.conformance.require");
        } finally {
            System.clearProperty(PolycloudConfig.CONFORMANCE_REQUIRE);
        }
    }
}
