/**
 * Topics and subscriptions on Azure Service Bus: the topic and subscription drivers, the
 * administration calls that create them, and the subscription rules that implement filters.
 */
package dev.polycloud.azure.servicebus;
