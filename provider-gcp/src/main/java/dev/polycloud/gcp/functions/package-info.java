/**
 * The function adapters that run unchanged portable handlers on Cloud Functions (2nd gen):
 * {@link dev.polycloud.gcp.functions.PolycloudHttpFunction} for HTTP functions (invocations and
 * API Gateway requests) and {@link dev.polycloud.gcp.functions.PolycloudCloudEventFunction} for
 * Pub/Sub-triggered ones. This package needs only {@code polycloud-api} and the Functions
 * Framework API at run time, not the Google Cloud client libraries.
 */
package dev.polycloud.gcp.functions;
