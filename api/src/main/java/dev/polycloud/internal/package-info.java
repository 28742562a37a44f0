/**
 * The portable layer's shared machinery (validation, retries, provider discovery). Public for
 * the portable types in sibling packages; not an API for applications, and it may change.
 */
package dev.polycloud.internal;
