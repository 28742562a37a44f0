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
 * The shared gateway suite on LocalStack (Testcontainers; disabled without Docker). On the default community
 * image gateways are REST APIs ({@code polycloud.aws.gateway.type=rest}, API Gateway v1, which community serves);
 * on a Pro image ({@code -Dpolycloud.aws.localstack.image=localstack/localstack-pro:<tag>} and
 * {@code LOCALSTACK_AUTH_TOKEN}) HTTP APIs (v2). Either way it runs except the status codes API Gateway answers
 * itself ({@link ApiGatewaySemantics}). Not run on this project's machines (no Docker).
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
        if ("http".equals(LocalStackTarget.gatewayType())) {
            ApiGatewayV2Probe.assumeAvailable(cloud);
        }
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(HandlerArtifact.path());
    }
}
