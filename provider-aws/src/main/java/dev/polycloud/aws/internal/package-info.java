/**
 * Shared plumbing of the AWS provider, not API: the SDK clients built from the settings ({@link
 * dev.polycloud.aws.internal.AwsClients}), configuration keys ({@link
 * dev.polycloud.aws.internal.AwsSettings}), the mapping of SDK exceptions to portable error codes
 * ({@link dev.polycloud.aws.internal.AwsErrors}), the driver factory, batching helpers, the message
 * codec shared by SQS, SNS and the Lambda adapter, and JSON helpers. Types here are public only so
 * that the building-block packages of this provider can use them; they may change without notice.
 */
package dev.polycloud.aws.internal;
