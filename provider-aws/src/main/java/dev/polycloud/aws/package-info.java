/**
 * The AWS provider of Polycloud ({@code polycloud.provider=aws}, AWS SDK v2): queues on SQS, topics
 * on SNS with SQS-backed pull subscriptions, tables on DynamoDB, functions on Lambda (run by the adapter
 * in {@link dev.polycloud.aws.lambda}) and gateways on API Gateway v2 HTTP APIs.
 *
 * <p>Start at {@link dev.polycloud.aws.AwsCloudProvider} (what is declared and why) and
 * {@link dev.polycloud.aws.internal.AwsSettings} (configuration keys). The mapping decisions are written
 * down on the drivers: SQS queues and leases, SNS topics and subscriptions, DynamoDB tables, value
 * encoding and cursors, message body encoding, Lambda functions, triggers and on-failure records, HTTP
 * APIs, and the one error mapping.
 */
package dev.polycloud.aws;
