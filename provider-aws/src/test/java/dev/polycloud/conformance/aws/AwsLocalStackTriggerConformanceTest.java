package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TriggerConformance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The shared trigger suite on LocalStack (Testcontainers; disabled without Docker): event source
 * mappings deliver to handlers running in Lambda containers; what the suite can observe through
 * the portable API (dead-letter queues, messages left behind) is checked, and the tests that watch
 * handlers through the in-JVM recorder are skipped.
 */
@DisplayName("AWS on LocalStack: trigger conformance (Docker)")
@Testcontainers(disabledWithoutDocker = true)
class AwsLocalStackTriggerConformanceTest extends TriggerConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalStackTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(HandlerArtifact.path());
    }
}
