/**
 * Optional OpenTelemetry tracing for Polycloud: {@link dev.polycloud.opentelemetry.OpenTelemetryObserver}, a span
 * per portable operation and trace context carried through messages, function triggers and gateway requests.
 */
package dev.polycloud.opentelemetry;
