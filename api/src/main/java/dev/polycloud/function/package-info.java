/**
 * Portable functions: the {@link dev.polycloud.function.FunctionHandler} written once, its event
 * types, and the {@link dev.polycloud.function.Functions} client that deploys, invokes and
 * triggers them.
 */
package dev.polycloud.function;
