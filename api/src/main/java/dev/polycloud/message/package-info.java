/** Messages and the receive / ack / lease contract shared by queues and topic subscriptions. */
package dev.polycloud.message;
