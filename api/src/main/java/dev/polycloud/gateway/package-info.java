/** Portable HTTP gateways: routes {@code METHOD /path/{param}} to functions. */
package dev.polycloud.gateway;
