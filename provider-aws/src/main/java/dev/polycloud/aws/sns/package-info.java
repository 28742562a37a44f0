/**
 * Topics on Amazon SNS: the topic driver and the subscription driver, which delivers a topic to an SQS
 * queue it owns and receives from it.
 */
package dev.polycloud.aws.sns;
