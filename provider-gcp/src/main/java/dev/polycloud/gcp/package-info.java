/**
 * The Google Cloud provider of Polycloud: queues and topics on Pub/Sub, tables on Firestore (native
 * mode). Start from {@link dev.polycloud.gcp.GcpCloudProvider} and {@link dev.polycloud.gcp.GcpSettings};
 * the drivers document how portable resources map to Pub/Sub and Firestore.
 */
package dev.polycloud.gcp;
