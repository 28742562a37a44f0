/**
 * Polycloud: one Java interface for the serverless building blocks of a backend, on AWS, Azure,
 * GCP or in memory. Start with {@link dev.polycloud.Polycloud#open()}.
 */
package dev.polycloud;
