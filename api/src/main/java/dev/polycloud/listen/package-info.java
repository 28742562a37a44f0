/**
 * Managed consumers for queues and subscriptions: {@link dev.polycloud.listen.Listener} runs a
 * handler over received messages with concurrency, flow control, automatic lease extension, ack on
 * success, nack on failure and a graceful stop. Built once over the portable receive, ack, nack and
 * lease calls, so every provider gets it with the same validation, retries and dead-lettering.
 */
package dev.polycloud.listen;
