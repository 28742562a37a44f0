package dev.polycloud.aws.gateway;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;

/**
 * What both gateway drivers (HTTP API and REST API) do with the routed Lambda functions: resolve a function's
 * unqualified ARN, and grant or revoke API Gateway's permission to invoke it from one API (statement
 * {@code polycloud-<api id>}). Stateless; thread-safe.
 */
final class GatewayFunctions {

    private GatewayFunctions() {
    }

    /**
     * The unqualified ARN of a deployed function (the integration follows the function's latest code).
     *
     * @param clients the clients
     * @param resource the gateway, for errors
     * @param function the function name
     * @return the ARN
     * @throws CloudException NOT_FOUND naming the function when it is not deployed
     */
    static String functionArn(AwsClients clients, String resource, String function) {
        LambdaFunctionDriver.Config c;
        try {
            c = LambdaFunctionDriver.Config.of(AwsErrors.call(resource, "GetFunctionConfiguration",
                    () -> clients.lambda().getFunctionConfiguration(b -> b.functionName(function))));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Route function '" + function + "' is not deployed",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
        String arn = c.arn();
        int functionAt = arn.indexOf(":function:");
        int qualifier = arn.indexOf(':', functionAt + ":function:".length());
        return qualifier < 0 ? arn : arn.substring(0, qualifier);
    }

    /**
     * Lets API Gateway invoke a function from one API (any stage, method and path); an existing statement is kept.
     *
     * @param clients the clients
     * @param resource the gateway, for errors
     * @param apiId the API id
     * @param function the function name
     * @param functionArn its ARN
     */
    static void allowInvoke(AwsClients clients, String resource, String apiId, String function, String functionArn) {
        // arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME
        String[] parts = functionArn.split(":");
        String sourceArn = "arn:" + parts[1] + ":execute-api:" + parts[3] + ":" + parts[4] + ":" + apiId + "/*";
        try {
            AwsErrors.call(resource, "AddPermission", () -> clients.lambda().addPermission(b -> b
                    .functionName(function).statementId(HttpApiGatewayDriver.statementId(apiId))
                    .action("lambda:InvokeFunction").principal("apigateway.amazonaws.com").sourceArn(sourceArn)));
        } catch (CloudException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            // the statement is there from an earlier deploy
        }
    }

    /**
     * Removes the permission {@link #allowInvoke} granted; a missing function or statement is ignored.
     *
     * @param clients the clients
     * @param resource the gateway, for errors
     * @param apiId the API id
     * @param function the function name
     */
    static void revokeInvoke(AwsClients clients, String resource, String apiId, String function) {
        LambdaFunctionDriver.ignoreMissing(() -> AwsErrors.call(resource, "RemovePermission",
                () -> clients.lambda().removePermission(b -> b.functionName(function)
                        .statementId(HttpApiGatewayDriver.statementId(apiId)))));
    }
}
