/**
 * Queues, topics and subscriptions on Google Cloud Pub/Sub: the drivers, the streaming receiver, the
 * admin calls, resource names, message attributes, filters and backlog estimates.
 */
package dev.polycloud.gcp.pubsub;
