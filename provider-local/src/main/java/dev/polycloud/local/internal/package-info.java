/**
 * Shared plumbing of the in-memory provider, not API: the backend that holds queues, topics and
 * tables, its settings, id generation and the helpers that complete driver calls asynchronously. Types
 * here are public only so that the building-block packages of this provider can use them; they may
 * change without notice.
 */
package dev.polycloud.local.internal;
