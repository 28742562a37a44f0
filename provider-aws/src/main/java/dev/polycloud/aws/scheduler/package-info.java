/**
 * Schedules on Amazon EventBridge Scheduler: the triggers that invoke a Lambda function on a schedule.
 */
package dev.polycloud.aws.scheduler;
