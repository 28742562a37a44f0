/**
 * In-process gateways: an HTTP server on a loopback port that routes requests to local functions.
 */
package dev.polycloud.local.gateway;
