/**
 * Gateways on Amazon API Gateway (HTTP APIs): the driver that creates an HTTP API routed to Lambda
 * functions and grants it permission to invoke them.
 */
package dev.polycloud.aws.gateway;
