/**
 * The Lambda adapter: {@link dev.polycloud.aws.lambda.PolycloudLambdaHandler} runs an unchanged
 * portable {@link dev.polycloud.function.FunctionHandler} on AWS Lambda, translating API Gateway
 * (payload 2.0 and 1.0), SQS, SNS and DynamoDB stream events to the portable event types and back.
 *
 * <p>This package needs only {@code polycloud-api}, Jackson and {@code aws-lambda-java-core}: a
 * function's deployment jar carries these classes and its handler, not the AWS SDK. The AWS
 * function driver deploys functions with this adapter as their Lambda handler and wraps its
 * invocation payloads in a {@link dev.polycloud.aws.lambda.PayloadEnvelope}.
 *
 * <p>The package also holds the Lambda function driver ({@link dev.polycloud.aws.lambda.LambdaFunctionDriver}),
 * its event-source triggers and destinations; these use the AWS SDK and are never loaded by the adapter,
 * so a deployment jar that carries this package without the SDK still runs.
 */
package dev.polycloud.aws.lambda;
