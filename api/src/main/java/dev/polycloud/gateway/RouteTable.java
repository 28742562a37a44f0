package dev.polycloud.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches requests to routes, the same way for every provider that routes by itself: literal
 * segments beat parameters, {@code ANY} matches every method, a path that matches a route of
 * another method is 405 rather than 404.
 */
public final class RouteTable {

    private final List<Compiled> routes;

    /**
     * A route split once into segments, with each segment's parameter name (null for a literal) and the
     * number of literals: matching a request then runs no regular expression and builds no list.
     */
    private record Compiled(Route route, String[] segments, String[] names, int literals) {
    }

    /**
     * A table over a gateway's routes.
     *
     * @param spec the routes
     */
    public RouteTable(GatewaySpec spec) {
        List<Route> specRoutes = spec.routes();
        List<Compiled> compiled = new ArrayList<>(specRoutes.size());
        for (Route r : specRoutes) {
            String[] segments = r.segments().toArray(new String[0]);
            String[] names = new String[segments.length];
            int literals = 0;
            for (int i = 0; i < segments.length; i++) {
                names[i] = Route.parameterName(segments[i]);
                if (names[i] == null) {
                    literals++;
                }
            }
            compiled.add(new Compiled(r, segments, names, literals));
        }
        this.routes = List.copyOf(compiled);
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
        Set<String> allowed = null;
        for (Compiled c : routes) {
            Map<String, String> params = bind(c, parts);
            if (params == null) {
                continue;
            }
            Route r = c.route();
            if (!r.method().equals("ANY") && !r.method().equals(method)
                    && !(method.equals("HEAD") && r.method().equals("GET"))) {
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.add(r.method());
                continue;
            }
            if (c.literals() > bestLiterals) {
                best = new Found(r, params);
                bestLiterals = c.literals();
            }
        }
        if (best != null) {
            return best;
        }
        return allowed == null ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /** The route's path parameters bound to the request's path segments, or null when the path does not fit. */
    private static Map<String, String> bind(Compiled route, String[] parts) {
        String[] segments = route.segments();
        if (segments.length != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String name = route.names()[i];
            String decoded = decode(parts[i]);
            if (name != null) {
                if (decoded.isEmpty()) {
                    return null;
                }
                params.put(name, decoded);
            } else if (!segments[i].equals(decoded)) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decodes a path segment; a {@code +} stays a plus (it means a space only in queries). */
    private static String decode(String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
