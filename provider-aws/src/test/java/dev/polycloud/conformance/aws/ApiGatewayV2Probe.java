package dev.polycloud.conformance.aws;

import dev.polycloud.Cloud;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

/** Whether the target has API Gateway v2 at all: LocalStack's community image answers it as a Pro feature. */
final class ApiGatewayV2Probe {

    private ApiGatewayV2Probe() {
    }

    /**
     * Skips the calling class when the endpoint has no API Gateway v2.
     *
     * @param cloud the cloud under test
     */
    static void assumeAvailable(Cloud cloud) {
        try {
            cloud.unwrap(ApiGatewayV2Client.class).getApis(b -> { });
        } catch (AwsServiceException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            boolean missing = e.statusCode() == 501 || message.contains("pro feature")
                    || message.contains("not yet implemented");
            Assumptions.assumeFalse(missing, "this endpoint has no API Gateway v2 (LocalStack's community image"
                    + " offers it only in LocalStack Pro, image localstack/localstack-pro with an auth token): "
                    + e.getMessage());
        }
    }
}
