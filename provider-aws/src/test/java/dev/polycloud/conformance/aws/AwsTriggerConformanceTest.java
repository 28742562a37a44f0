package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TriggerConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared trigger suite on the AWS provider: moto unless an endpoint is configured. On moto the
 * event source mappings are created, listed and deleted for real; delivery needs handlers to run
 * and is skipped naming moto's limit. The short lease is 30 seconds: Lambda refuses to map a queue
 * whose visibility timeout is shorter than the function's timeout (30 seconds by default).
 */
@DisplayName("AWS: trigger conformance")
@ExtendWith(MotoLimits.class)
class AwsTriggerConformanceTest extends TriggerConformance {

    private static final ConformanceTarget TARGET = AwsTarget.INSTANCE.tuned(Duration.ofSeconds(30),
            Duration.ofMinutes(4));

    @Override
    protected ConformanceTarget target() {
        return TARGET;
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
