/**
 * The Azure Functions adapter: {@link dev.polycloud.azure.functions.PolycloudAzure} runs an unchanged
 * portable {@link dev.polycloud.function.FunctionHandler} in a Java function app, for HTTP, Storage
 * Queue and Service Bus triggers; {@link dev.polycloud.azure.functions.FunctionsProtocol} is what the
 * adapter, the Azure function driver and the API Management policy agree on over HTTP.
 *
 * <p>The function app declares {@code com.microsoft.azure.functions:azure-functions-java-library}
 * itself (this module has it as an optional dependency) and packages this module with its handlers.
 *
 * <p>The package also holds the Azure function driver ({@link dev.polycloud.azure.functions.AzureFunctionDriver})
 * and the trigger message decoding; the driver uses the Azure SDK and is never loaded by the adapter.
 */
package dev.polycloud.azure.functions;
