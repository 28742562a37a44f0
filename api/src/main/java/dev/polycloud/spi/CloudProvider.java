package dev.polycloud.spi;

import java.util.Set;

/**
 * A provider, found with {@link java.util.ServiceLoader} by its {@link #id()}: register an
 * implementation in {@code META-INF/services/dev.polycloud.spi.CloudProvider}. No dependency-injection
 * container is involved; {@link #open(ProviderContext)} builds the provider's driver factories from the
 * configuration.
 *
 * <p>Implementations are stateless and thread-safe; one instance may open many clouds.
 */
public interface CloudProvider {

    /**
     * The id used in {@code polycloud.provider}.
     *
     * @return {@code local}, {@code aws}, {@code azure}, {@code gcp}, or another provider's id
     */
    String id();

    /**
     * Every configuration key this provider reads. {@code Polycloud.open()} refuses any
     * {@code polycloud.<id>.*} key not listed here, so a typo cannot silently fall back to a default
     * (a real cloud instead of an emulator, say).
     *
     * @return the exact keys, all starting with {@code polycloud.<id>.}
     */
    Set<String> configKeys();

    /**
     * The types of ready-made objects this provider accepts through
     * {@code Polycloud.builder().use(type, instance)} (a {@link java.time.Clock}, an HTTP client, a
     * credentials provider, …). Any other type is refused at open with the list of these.
     *
     * @return the accepted types; empty by default
     */
    default Set<Class<?>> usableTypes() {
        return Set.of();
    }

    /**
     * The vendor client builder (or settings) types this provider passes through
     * {@link ProviderContext#customize(Object)} before building a client. A customiser registered with
     * {@code Polycloud.builder().customize(type, …)} is accepted when one of these is a subtype of its type
     * (so a customiser of a common super-interface, such as the AWS SDK's {@code AwsClientBuilder}, applies to
     * every client), and refused at open otherwise.
     *
     * @return the customisable types; empty by default
     */
    default Set<Class<?>> customizableTypes() {
        return Set.of();
    }

    /**
     * Checks the provider's configuration keys and returns its driver factories. Called once per
     * {@code Polycloud.open}; must not connect to anything nor build a vendor client: clients are built on
     * first use of a building block (fast cold starts).
     *
     * @param context the configuration, customisers and ready-made objects
     * @return the driver factories; closed when the cloud is closed
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a missing or
     *                                      wrong key and the accepted values
     */
    ProviderDrivers open(ProviderContext context);
}
