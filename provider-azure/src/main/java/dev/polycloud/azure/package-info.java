/**
 * The Azure provider of Polycloud ({@code polycloud.provider=azure}).
 *
 * <ul>
 *   <li>Queues on Azure Storage Queues ({@link dev.polycloud.azure.queues.AzureQueueDriver}, messages as
 *       {@link dev.polycloud.azure.queues.QueueEnvelope}s).</li>
 *   <li>Tables on Azure Table Storage ({@link dev.polycloud.azure.tables.AzureTableDriver}, keys by
 *       {@link dev.polycloud.azure.tables.KeyCodec}, values by {@link dev.polycloud.azure.tables.EntityCodec}).</li>
 *   <li>Topics on Azure Service Bus ({@link dev.polycloud.azure.servicebus.ServiceBusTopics}).</li>
 *   <li>Functions on Azure Functions ({@link dev.polycloud.azure.functions.AzureFunctionDriver}: invoke over the
 *       HTTP trigger, lookups through Resource Manager), with the adapter that runs a portable handler
 *       in a function app ({@link dev.polycloud.azure.functions.PolycloudAzure}).</li>
 *   <li>Gateways on API Management ({@link dev.polycloud.azure.gateway.ApiManagementGateways}).</li>
 * </ul>
 * Configuration keys: {@link dev.polycloud.azure.internal.AzureSettings}; declared capabilities and why:
 * {@link dev.polycloud.azure.internal.AzureCapabilities}; error mapping: {@link dev.polycloud.azure.internal.AzureErrors}.
 * API: {@link dev.polycloud.azure.AzureCloudProvider} and the Functions adapter
 * ({@link dev.polycloud.azure.functions.PolycloudAzure}, {@link dev.polycloud.azure.functions.HandlerFailedException});
 * the other classes are implementation, not API. Applications use the portable API and, for what it
 * lacks, {@code Cloud.unwrap(QueueServiceClient.class)} and friends.
 */
package dev.polycloud.azure;
