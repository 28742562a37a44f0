package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.GatewayConformance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The shared gateway suite on LocalStack (Testcontainers; disabled without Docker). API Gateway v2
 * is a LocalStack Pro feature: on the default community image the class is skipped saying so; with
 * {@code -Dpolycloud.aws.localstack.image=localstack/localstack-pro:4.9.2} and
 * {@code LOCALSTACK_AUTH_TOKEN} it runs, except the status codes API Gateway answers itself
 * ({@link ApiGatewaySemantics}).
 */
@DisplayName("AWS on LocalStack: gateway conformance (Docker)")
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ApiGatewaySemantics.class)
class AwsLocalStackGatewayConformanceTest extends GatewayConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalStackTarget.INSTANCE;
    }

    @BeforeAll
    void apiGatewayV2Available() {
        ApiGatewayV2Probe.assumeAvailable(cloud);
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(HandlerArtifact.path());
    }
}
