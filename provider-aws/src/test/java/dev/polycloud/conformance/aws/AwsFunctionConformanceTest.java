package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.FunctionConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared function suite on the AWS provider: moto unless an endpoint is configured. On moto
 * the management operations run for real (deploy, list, get, delete, reserved concurrency, the
 * on-failure configuration, asynchronous invocation requests, NOT_FOUND for unknown functions) and
 * every test that needs a handler to run is skipped naming moto's limit; against an endpoint
 * (LocalStack) everything runs, with handlers in Lambda containers.
 */
@DisplayName("AWS: function conformance")
@ExtendWith({MotoLimits.class, MotoLambdaMode.class})
class AwsFunctionConformanceTest extends FunctionConformance {

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
