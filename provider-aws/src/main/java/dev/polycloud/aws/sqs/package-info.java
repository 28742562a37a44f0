/**
 * Queues on Amazon SQS: the queue driver, the receiver that leases, acknowledges and extends
 * deliveries, the lease tracker and the dead-letter wiring (redrive policies) that SQS and SNS
 * subscriptions share.
 */
package dev.polycloud.aws.sqs;
