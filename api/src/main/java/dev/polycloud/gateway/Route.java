package dev.polycloud.gateway;

import dev.polycloud.CloudException;
import dev.polycloud.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One route of a gateway: {@code METHOD /path/{param}} to a function.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, {@code HEAD},
 *               {@code OPTIONS}, or {@code ANY} for all of them
 * @param path starts with {@code /}; segments are literals ({@code A-Z a-z 0-9 - . _ ~}) or
 *             {@code {name}} parameters; no empty segments, no trailing slash except the root {@code /}
 * @param function the function that serves it
 */
public record Route(String method, String path, String function) {

    /** The accepted methods. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "ANY");

    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");

    /**
     * Normalises the method and checks the components.
     *
     * @param method see the record description
     * @param path see the record description
     * @param function see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming what is wrong
     */
    public Route {
        if (method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            throw CloudException.invalidArgument("Route method must be one of " + METHODS + " (found '" + method + "')");
        }
        method = method.toUpperCase(Locale.ROOT);
        segments(path);
        Names.validate("function", function);
    }

    /**
     * Parses {@code "GET /orders/{id}"}.
     *
     * @param spec the method and path separated by one space
     * @param function the function
     * @return the route
     */
    public static Route parse(String spec, String function) {
        String[] parts = spec == null ? new String[0] : spec.trim().split(" ", -1);
        if (parts.length != 2) {
            throw CloudException.invalidArgument("A route is 'METHOD /path' (found '" + spec + "')");
        }
        return new Route(parts[0], parts[1], function);
    }

    /**
     * The path's segments: literals as they are, parameters as {@code {name}}.
     *
     * @return the segments (none for the root path)
     */
    public List<String> segments() {
        return segments(path);
    }

    /**
     * The names of the path parameters, in order.
     *
     * @return the names
     */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String s : segments()) {
            var m = PARAM.matcher(s);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * Whether a segment is a parameter.
     *
     * @param segment a segment of {@link #segments()}
     * @return the parameter name, or null for a literal
     */
    static String parameterName(String segment) {
        var m = PARAM.matcher(segment);
        return m.matches() ? m.group(1) : null;
    }

    private static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            throw CloudException.invalidArgument("Route path must start with '/' (found '" + path + "')");
        }
        if (path.equals("/")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) {
            var m = PARAM.matcher(s);
            if (m.matches()) {
                if (params.contains(m.group(1))) {
                    throw CloudException.invalidArgument("Route path '" + path + "' names parameter '" + m.group(1)
                            + "' twice");
                }
                params.add(m.group(1));
            } else if (!LITERAL.matcher(s).matches()) {
                throw CloudException.invalidArgument("Route path '" + path + "' has an invalid segment '" + s
                        + "': use literals of A-Z a-z 0-9 - . _ ~ or {name}");
            }
            out.add(s);
        }
        return out;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + function;
    }
}
