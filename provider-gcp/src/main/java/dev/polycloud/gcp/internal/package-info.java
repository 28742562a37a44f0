/**
 * Shared plumbing of the GCP provider, not API: configuration keys ({@link
 * dev.polycloud.gcp.internal.GcpSettings}, {@link dev.polycloud.gcp.internal.GcpFunctionSettings}),
 * the mapping of client exceptions to portable error codes ({@link
 * dev.polycloud.gcp.internal.GcpErrors}), test hooks for clients, and lazily built clients. Types here
 * are public only so that the building-block packages of this provider can use them; they may change
 * without notice.
 */
package dev.polycloud.gcp.internal;
