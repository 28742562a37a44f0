package dev.polycloud.aws.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the base URI Gateway.deploy returns")
class GatewayServedUriTest {

    @Test
    @DisplayName("against real AWS it is the API's own endpoint")
    void realAws() {
        assertThat(HttpApiGatewayDriver.servedUri("https://abc123.execute-api.eu-west-1.amazonaws.com/", "abc123",
                Optional.empty())).isEqualTo(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com"));
    }

    @Test
    @DisplayName("with an endpoint, a real-AWS URI echoed by the emulator becomes LocalStack's host form on its port")
    void emulatorEchoingRealAws() {
        assertThat(HttpApiGatewayDriver.servedUri("https://abc123.execute-api.us-east-1.amazonaws.com", "abc123",
                Optional.of(URI.create("http://127.0.0.1:4566"))))
                .isEqualTo(URI.create("http://abc123.execute-api.localhost.localstack.cloud:4566"));
    }

    @Test
    @DisplayName("with an endpoint, a local URI the emulator reports is kept")
    void localStack() {
        assertThat(HttpApiGatewayDriver.servedUri("http://abc123.execute-api.localhost.localstack.cloud:4510",
                "abc123", Optional.of(URI.create("http://localhost:4510"))))
                .isEqualTo(URI.create("http://abc123.execute-api.localhost.localstack.cloud:4510"));
    }

    @Test
    @DisplayName("a REST API (gateway type rest) is served at its stage on AWS")
    void restOnAws() {
        assertThat(RestApiGatewayDriver.servedUri("abc123", "eu-west-1", Optional.empty()))
                .isEqualTo(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/polycloud"));
    }

    @Test
    @DisplayName("a REST API on an endpoint is served at LocalStack's path form on that endpoint, which needs no DNS")
    void restOnEndpoint() {
        assertThat(RestApiGatewayDriver.servedUri("abc123", "us-east-1", Optional.of(URI.create("http://localhost:4566/"))))
                .isEqualTo(URI.create("http://localhost:4566/restapis/abc123/polycloud/_user_request_"));
    }
}
