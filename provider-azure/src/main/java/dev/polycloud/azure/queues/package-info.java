/**
 * Queues on Azure Storage Queues: the queue driver and the envelope that carries a portable message in
 * a queue message.
 */
package dev.polycloud.azure.queues;
