package dev.polycloud.spi;

import dev.polycloud.Cloud;
import dev.polycloud.PolycloudConfig;

import java.util.Optional;

/**
 * What a provider receives when a cloud is opened: the configuration, the user's customisers of vendor
 * client builders, the ready-made objects the user supplied, and the cloud being opened (for drivers that
 * need the portable API themselves, such as the local provider's triggers).
 *
 * <p>Thread-safe.
 */
public interface ProviderContext {

    /**
     * The configuration the cloud is opened with.
     *
     * @return the configuration
     */
    PolycloudConfig config();

    /**
     * Applies, in registration order, every customiser whose type the builder is an instance of, and returns
     * the same builder. Providers call it on every vendor client builder (or settings builder) just before
     * building the client, so one hook shapes every client, including the ones
     * {@link Cloud#unwrap(Class)} returns.
     *
     * @param builder a vendor client builder or settings object
     * @param <B> its type
     * @return {@code builder}
     */
    <B> B customize(B builder);

    /**
     * A ready-made object the user supplied for the given type with
     * {@code Polycloud.builder().use(type, instance)}.
     *
     * @param type one of the provider's {@link CloudProvider#usableTypes()}
     * @param <T> the type
     * @return the object, or empty when the user supplied none
     */
    <T> Optional<T> use(Class<T> type);

    /**
     * The cloud being opened. Only valid to call once {@link CloudProvider#open(ProviderContext)} has returned
     * (from a driver, lazily).
     *
     * @return the cloud
     */
    Cloud cloud();

    /**
     * The observer registered with {@code Polycloud.builder().observer(...)}, for provider code that runs user
     * handlers itself (the local function runtime and gateway) and so has to report their handling.
     *
     * @return the observer; {@link OperationObserver#NONE} when none is registered
     */
    default OperationObserver observer() {
        return OperationObserver.NONE;
    }
}
