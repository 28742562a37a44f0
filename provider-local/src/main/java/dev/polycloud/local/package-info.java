/**
 * The in-memory provider: {@link dev.polycloud.local.LocalCloudProvider} (found by the ServiceLoader)
 * and {@link dev.polycloud.local.LocalClock}, the controllable clock tests use. The building blocks
 * live in the subpackages messaging, tables, functions, gateway, blob and schedule; shared plumbing in
 * internal.
 */
package dev.polycloud.local;
