/** Portable message queues. */
package dev.polycloud.queue;
