/**
 * Shared plumbing of the Azure provider, not API: configuration keys ({@link
 * dev.polycloud.azure.internal.AzureSettings}, {@link
 * dev.polycloud.azure.internal.AzureFunctionSettings}), declared capabilities, the mapping of SDK
 * exceptions to portable error codes ({@link dev.polycloud.azure.internal.AzureErrors}), the driver
 * factory, resource names, the ARM management client and expected-conflict handling. Types here are
 * public only so that the building-block packages of this provider can use them; they may change
 * without notice.
 */
package dev.polycloud.azure.internal;
