/**
 * The portable layer's shared machinery (validation, retries, provider discovery, the
 * {@link dev.polycloud.internal.Handles} factories). Not API: public only for the portable types in
 * sibling packages and for providers; it may change without notice.
 */
package dev.polycloud.internal;
