/**
 * The Google Cloud provider of Polycloud: queues and topics on Pub/Sub, tables on Firestore (native
 * mode), functions on Cloud Functions (2nd gen), gateways on API Gateway. Start from
 * {@link dev.polycloud.gcp.GcpCloudProvider}, {@link dev.polycloud.gcp.internal.GcpSettings} and
 * {@link dev.polycloud.gcp.internal.GcpFunctionSettings}; the drivers document how portable resources map to
 * Google's, and {@link dev.polycloud.gcp.internal.GcpErrors} how errors map. The function adapters are in
 * {@link dev.polycloud.gcp.functions}.
 */
package dev.polycloud.gcp;
