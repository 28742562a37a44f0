/**
 * The Azure provider of Polycloud ({@code polycloud.provider=azure}).
 *
 * <ul>
 *   <li>Queues on Azure Storage Queues ({@link dev.polycloud.azure.AzureQueueDriver}, messages as
 *       {@link dev.polycloud.azure.QueueEnvelope}s).</li>
 *   <li>Tables on Azure Table Storage ({@link dev.polycloud.azure.AzureTableDriver}, keys by
 *       {@link dev.polycloud.azure.KeyCodec}, values by {@link dev.polycloud.azure.EntityCodec}).</li>
 *   <li>Topics on Azure Service Bus ({@link dev.polycloud.azure.ServiceBusTopics}).</li>
 *   <li>Functions on Azure Functions ({@link dev.polycloud.azure.AzureFunctionDriver}: invoke over the
 *       HTTP trigger, lookups through Resource Manager), with the adapter that runs a portable handler
 *       in a function app ({@link dev.polycloud.azure.functions.PolycloudAzure}).</li>
 *   <li>Gateways on API Management ({@link dev.polycloud.azure.ApiManagementGateways}).</li>
 * </ul>
 * Configuration keys: {@link dev.polycloud.azure.AzureSettings}; declared capabilities and why:
 * {@link dev.polycloud.azure.AzureCapabilities}; error mapping: {@link dev.polycloud.azure.AzureErrors}.
 * Only {@link dev.polycloud.azure.AzureCloudProvider} is public (and {@link dev.polycloud.azure.AzureTriggerMessages},
 * for the Functions adapter in {@link dev.polycloud.azure.functions}): applications use the portable API
 * and, for what it lacks, {@code Cloud.unwrap(QueueServiceClient.class)} and friends.
 */
package dev.polycloud.azure;
