/**
 * Gateways on Google API Gateway: the driver, its REST requests and the OpenAPI 2 document that routes
 * paths to Cloud Functions.
 */
package dev.polycloud.gcp.gateway;
