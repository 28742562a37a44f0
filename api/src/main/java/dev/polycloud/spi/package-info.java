/**
 * What providers implement: a {@link dev.polycloud.spi.CloudProvider} found by
 * {@link java.util.ServiceLoader}, whose {@link dev.polycloud.spi.ProviderDrivers} hand out thin drivers. Drivers translate
 * calls and map errors; validation, limits, batching, retries and portable dead-lettering
 * happen once, above them, in the portable types.
 */
package dev.polycloud.spi;
