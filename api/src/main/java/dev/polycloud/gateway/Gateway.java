package dev.polycloud.gateway;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.Functions;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.GatewayDriver;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A named HTTP API whose routes lead to functions. Obtain it from
 * {@link dev.polycloud.Cloud#gateway(String)}; handles are thread-safe.
 *
 * <pre>{@code
 * URI base = cloud.gateway("shop").deploy(GatewaySpec.builder()
 *         .route("POST /orders", "create-order")
 *         .route("GET /orders/{id}", "get-order")
 *         .build());
 * }</pre>
 *
 * <p>Requests reach the function as an {@link dev.polycloud.function.HttpRequest} and its
 * {@link dev.polycloud.function.HttpResponse} goes back. No route is 404, a wrong method 405, a
 * failed handler 502, a timed-out handler 504, a body over the provider's {@code maxBodyBytes} 413.
 */
public final class Gateway {

    private final String name;
    private final String resource;
    private final GatewayDriver driver;
    private final Retrier retrier;
    private final Supplier<Functions> functions;

    static {
        dev.polycloud.internal.Handles.gateways(Gateway::new);
    }

    /**
     * Used by {@link dev.polycloud.Cloud} through {@link dev.polycloud.internal.Handles}; applications call
     * {@code cloud.gateway(name)}.
     *
     * @param name the validated portable name
     * @param driver the provider's driver
     * @param retrier the retrier
     * @param functions the functions client, to check that routed functions exist
     */
    Gateway(String name, GatewayDriver driver, Retrier retrier, Supplier<Functions> functions) {
        this.name = name;
        this.resource = "gateway " + name;
        this.driver = driver;
        this.retrier = retrier;
        this.functions = functions;
    }

    /**
     * The portable name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Deploys (or redeploys) the routes.
     *
     * @param spec the routes
     * @return the base URI the routes are served under
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when a routed function does not exist
     */
    public URI deploy(GatewaySpec spec) {
        Functions fns = functions.get();
        for (String fn : spec.routes().stream().map(Route::function).distinct().toList()) {
            if (fns.get(fn).isEmpty()) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Route function '" + fn + "' is not deployed",
                        retrier.provider(), resource, null);
            }
        }
        return retrier.call(resource, "deploy", () -> driver.deploy(spec));
    }

    /**
     * The base URI.
     *
     * @return the URI, or empty when not deployed
     */
    public Optional<URI> uri() {
        return retrier.call(resource, "uri", driver::uri);
    }

    /**
     * The deployed routes.
     *
     * @return the routes
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when not deployed
     */
    public List<Route> routes() {
        return spec().routes();
    }

    /**
     * Whether the gateway is deployed.
     *
     * @return true if deployed
     */
    public boolean exists() {
        return retrier.call(resource, "describe", driver::describe).isPresent();
    }

    /**
     * Stops serving and deletes the gateway.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when not deployed
     */
    public void delete() {
        retrier.run(resource, "delete", driver::delete);
    }

    /**
     * The routes as an OpenAPI 3 document.
     *
     * @return the JSON text
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when not deployed
     */
    public String openApi() {
        return OpenApiDocument.render(name, spec(), uri());
    }

    private GatewaySpec spec() {
        return retrier.call(resource, "describe", driver::describe).orElseThrow(() -> new CloudException(
                ErrorCode.NOT_FOUND, "Gateway '" + name + "' is not deployed", retrier.provider(), resource, null));
    }

    @Override
    public String toString() {
        return "Gateway[" + name + ", provider=" + retrier.provider() + "]";
    }
}
