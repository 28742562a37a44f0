/** Portable publish/subscribe topics with durable pull subscriptions. */
package dev.polycloud.topic;
