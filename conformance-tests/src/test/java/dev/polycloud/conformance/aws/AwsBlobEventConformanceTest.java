package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared bucket-event suite on the AWS provider (moto unless an endpoint is configured). Until the provider
 * declares {@code FunctionCapabilities.bucketEvents}, the binding is UNIMPLEMENTED and the rest skips naming it.
 */
@DisplayName("AWS: bucket events")
class AwsBlobEventConformanceTest extends BlobEventConformance {

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
