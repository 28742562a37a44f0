/**
 * In-memory queues, topics and subscriptions: the drivers and the message store that leases,
 * acknowledges and redelivers messages.
 */
package dev.polycloud.local.messaging;
