package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.GatewayConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared gateway suite on the AWS provider: moto unless an endpoint is configured. On moto
 * the HTTP APIs, routes, integrations, stages and permissions are managed for real (deploy,
 * describe, OpenAPI export, delete) and requests, which moto does not route, are skipped naming
 * that limit. Against an endpoint everything runs when it has API Gateway v2 (LocalStack's
 * community image does not: the class is skipped saying so), except the status codes API Gateway
 * answers itself ({@link ApiGatewaySemantics}).
 */
@DisplayName("AWS: gateway conformance")
@ExtendWith(ApiGatewaySemantics.class)
class AwsGatewayConformanceTest extends GatewayConformance {

    private static final ConformanceTarget TARGET = AwsTarget.INSTANCE.tuned(Duration.ofSeconds(30),
            Duration.ofMinutes(2));

    @Override
    protected ConformanceTarget target() {
        return TARGET;
    }

    @BeforeAll
    void apiGatewayV2Available() {
        ApiGatewayV2Probe.assumeAvailable(cloud);
    }

    @Override
    protected boolean requestsReachHandlers() {
        return !AwsTarget.INSTANCE.isMoto();
    }

    @Override
    protected String requestsSkipReason() {
        return "Skipped on moto: " + MotoLimits.NO_ROUTING;
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(HandlerArtifact.path());
    }
}
