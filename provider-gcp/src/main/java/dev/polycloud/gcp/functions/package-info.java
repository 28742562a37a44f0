/**
 * The function adapters that run unchanged portable handlers on Cloud Functions (2nd gen):
 * {@link dev.polycloud.gcp.functions.PolycloudHttpFunction} for HTTP functions (invocations and
 * API Gateway requests) and {@link dev.polycloud.gcp.functions.PolycloudCloudEventFunction} for
 * Pub/Sub-triggered ones. This package needs only {@code polycloud-api} and the Functions
 * Framework API at run time, not the Google Cloud client libraries.
 *
 * <p>The package also holds the Cloud Functions driver ({@link dev.polycloud.gcp.functions.CloudFunctionsDriver}),
 * its REST requests, function URLs, ID tokens and the HTTP invoker; these use the Google client
 * libraries and are never loaded by the adapters.
 */
package dev.polycloud.gcp.functions;
