/**
 * In-process functions: the function driver, the runtime that invokes handlers, the function context,
 * and the triggers that feed queue, topic and table events to handlers.
 */
package dev.polycloud.local.functions;
