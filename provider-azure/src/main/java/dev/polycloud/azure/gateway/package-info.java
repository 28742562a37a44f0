/**
 * Gateways on Azure API Management: the driver that publishes an API routed to function apps and the
 * policy it applies.
 */
package dev.polycloud.azure.gateway;
