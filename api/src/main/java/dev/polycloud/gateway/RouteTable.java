package dev.polycloud.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches requests to routes, the same way for every provider that routes by itself: literal
 * segments beat parameters, {@code ANY} matches every method, a path that matches a route of
 * another method is 405 rather than 404.
 */
public final class RouteTable {

    private final List<Route> routes;

    /**
     * A table over a gateway's routes.
     *
     * @param spec the routes
     */
    public RouteTable(GatewaySpec spec) {
        this.routes = spec.routes();
    }

    /** The outcome of matching one request. */
    public sealed interface Match permits Found, NotFound, MethodNotAllowed {
    }

    /**
     * A route matched.
     *
     * @param route the route
     * @param pathParameters decoded parameter values by name
     */
    public record Found(Route route, Map<String, String> pathParameters) implements Match {
    }

    /** No route has this path. */
    public record NotFound() implements Match {
    }

    /**
     * Routes have this path, but not for this method.
     *
     * @param allowed the methods that would match
     */
    public record MethodNotAllowed(Set<String> allowed) implements Match {
    }

    /**
     * Matches a request.
     *
     * @param method the request method
     * @param rawPath the raw request path (percent-encoded)
     * @return the match
     * @throws IllegalArgumentException for a path with malformed percent-encoding
     */
    public Match match(String method, String rawPath) {
        String[] parts = rawPath.equals("/") || rawPath.isEmpty() ? new String[0]
                : rawPath.substring(1).split("/", -1);
        Found best = null;
        int bestLiterals = -1;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Optional<Map<String, String>> params = bind(r.segments(), parts);
            if (params.isEmpty()) {
                continue;
            }
            if (!r.method().equals("ANY") && !r.method().equals(method)
                    && !(method.equals("HEAD") && r.method().equals("GET"))) {
                allowed.add(r.method());
                continue;
            }
            int literals = (int) r.segments().stream().filter(s -> Route.parameterName(s) == null).count();
            if (literals > bestLiterals) {
                best = new Found(r, params.get());
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static Optional<Map<String, String>> bind(List<String> segments, String[] parts) {
        if (segments.size() != parts.length) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String name = Route.parameterName(segments.get(i));
            String decoded = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (name != null) {
                if (decoded.isEmpty()) {
                    return Optional.empty();
                }
                params.put(name, decoded);
            } else if (!segments.get(i).equals(decoded)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
