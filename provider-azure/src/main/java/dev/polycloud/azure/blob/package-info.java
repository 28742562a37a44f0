/**
 * Buckets on Azure Blob Storage: the blob driver.
 */
package dev.polycloud.azure.blob;
