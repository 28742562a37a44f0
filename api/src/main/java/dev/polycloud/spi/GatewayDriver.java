package dev.polycloud.spi;

import dev.polycloud.gateway.GatewaySpec;
import java.net.URI;
import java.util.Optional;

/**
 * A provider's driver for one HTTP gateway. The routes have been validated (and their functions
 * checked to exist) by the portable layer. Routing semantics: no route 404, wrong method 405,
 * handler failure 502, handler timeout 504, body over the declared limit 413.
 */
public interface GatewayDriver {

    /**
     * Creates or replaces the gateway's routes and makes it serve them.
     *
     * @param spec the routes
     * @return the base URI
     */
    URI deploy(GatewaySpec spec);

    /**
     * The deployed routes.
     *
     * @return the spec, or empty when not deployed
     */
    Optional<GatewaySpec> describe();

    /**
     * The base URI.
     *
     * @return the URI, or empty when not deployed
     */
    Optional<URI> uri();

    /** Stops serving and deletes the gateway. {@link dev.polycloud.ErrorCode#NOT_FOUND} when not deployed. */
    void delete();
}
