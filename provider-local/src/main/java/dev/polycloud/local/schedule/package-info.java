/**
 * Schedules on the local clock: the scheduler that invokes local functions.
 */
package dev.polycloud.local.schedule;
