package dev.polycloud.gateway;

import dev.polycloud.CloudException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The routes of a gateway.
 *
 * @param routes at least one route; no two with the same method and path shape
 */
public record GatewaySpec(List<Route> routes) {

    /**
     * Checks the routes.
     *
     * @param routes see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for no routes or a duplicate
     */
    public GatewaySpec {
        if (routes == null || routes.isEmpty()) {
            throw CloudException.invalidArgument("A gateway needs at least one route");
        }
        routes = List.copyOf(routes);
        Set<String> seen = new HashSet<>();
        for (Route r : routes) {
            String shape = r.method() + " " + r.segments().stream()
                    .map(s -> Route.parameterName(s) != null ? "{}" : s).toList();
            if (!seen.add(shape)) {
                throw CloudException.invalidArgument("Route " + r.method() + " " + r.path()
                        + " duplicates another route");
            }
        }
    }

    /**
     * Starts a spec.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GatewaySpec}. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a route.
         *
         * @param methodAndPath e.g. {@code "GET /orders/{id}"}
         * @param function the function serving it
         * @return this builder
         */
        public Builder route(String methodAndPath, String function) {
            routes.add(Route.parse(methodAndPath, function));
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         */
        public GatewaySpec build() {
            return new GatewaySpec(routes);
        }
    }
}
