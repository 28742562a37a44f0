package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.FunctionConformance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The shared function suite on LocalStack (Testcontainers; disabled without Docker): handlers run
 * in Lambda containers from the {@link HandlerArtifact}, so the tests moto skips run here; only
 * the tests that watch handlers through the in-JVM recorder are skipped (handlers do not run in
 * this JVM).
 */
@DisplayName("AWS on LocalStack: function conformance (Docker)")
@Testcontainers(disabledWithoutDocker = true)
class AwsLocalStackFunctionConformanceTest extends FunctionConformance {

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
