/**
 * Optional Micrometer metrics for Polycloud: {@link dev.polycloud.micrometer.MicrometerObserver}, registered with
 * {@code Polycloud.builder().observer(...)}.
 */
package dev.polycloud.micrometer;
