package dev.polycloud.gcp.functions;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the adapter reads from the function's environment: the portable handler, the function's
 * portable name, its timeout, and which variables are the spec's environment. The GCP driver's
 * deploy sets all of them; a function deployed by hand needs at least {@value #HANDLER}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@value #HANDLER}</td><td>the {@code FunctionHandler} class (required)</td></tr>
 *   <tr><td>{@value #FUNCTION}</td><td>the portable function name; else {@code K_SERVICE}</td></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>the invocation timeout as an ISO-8601 duration ({@code PT30S}); else
 *       {@code CLOUD_RUN_TIMEOUT_SECONDS}; else 60 seconds</td></tr>
 *   <tr><td>{@value #ENVIRONMENT}</td><td>comma-separated names of the spec's variables: the handler's
 *       {@code FunctionContext.environment()} holds exactly these (every variable without
 *       {@code POLYCLOUD_} prefix when it is unset)</td></tr>
 *   <tr><td>{@value #MAX_BODY_BYTES}</td><td>the largest HTTP request body, default 32,000,000 (Cloud
 *       Functions' 32 MB request limit); larger requests are answered 413</td></tr>
 * </table>
 *
 * @param handler the handler class name
 * @param function the portable function name
 * @param timeout the invocation timeout
 * @param environment the spec's environment
 * @param maxBodyBytes the largest HTTP request body
 */
public record AdapterConfig(String handler, String function, Duration timeout, Map<String, String> environment,
                            long maxBodyBytes) {

    /** The handler class variable. */
    public static final String HANDLER = "POLYCLOUD_HANDLER";
    /** The portable function name variable. */
    public static final String FUNCTION = "POLYCLOUD_FUNCTION";
    /** The timeout variable (ISO-8601 duration). */
    public static final String TIMEOUT = "POLYCLOUD_TIMEOUT";
    /** The variable listing the spec's environment variable names. */
    public static final String ENVIRONMENT = "POLYCLOUD_ENVIRONMENT";
    /** The request body limit variable. */
    public static final String MAX_BODY_BYTES = "POLYCLOUD_MAX_BODY_BYTES";
    /** The prefix of the adapter's own variables, never part of the handler's environment. */
    public static final String PREFIX = "POLYCLOUD_";
    /** Cloud Functions' HTTP request limit (32 MB). */
    public static final long DEFAULT_MAX_BODY_BYTES = 32_000_000L;
    /** The timeout when none is configured (Cloud Functions' default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Copies the environment.
     *
     * @param handler see the record description
     * @param function see the record description
     * @param timeout see the record description
     * @param environment see the record description
     * @param maxBodyBytes see the record description
     */
    public AdapterConfig {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(timeout, "timeout");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /**
     * Reads the configuration from environment variables.
     *
     * @param env the variables (normally {@code System.getenv()})
     * @return the configuration
     * @throws IllegalStateException when {@value #HANDLER} is missing or a value is malformed, naming the variable
     */
    public static AdapterConfig from(Map<String, String> env) {
        String handler = env.get(HANDLER);
        if (handler == null || handler.isBlank()) {
            throw new IllegalStateException("Environment variable " + HANDLER + " must name the portable"
                    + " FunctionHandler class this function runs");
        }
        String function = firstNonBlank(env.get(FUNCTION), env.get("K_SERVICE"), "function");
        Duration timeout = DEFAULT_TIMEOUT;
        String t = env.get(TIMEOUT);
        if (t != null && !t.isBlank()) {
            try {
                timeout = Duration.parse(t.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("Environment variable " + TIMEOUT
                        + " must be an ISO-8601 duration such as PT30S (found '" + t + "')", e);
            }
        } else if (env.get("CLOUD_RUN_TIMEOUT_SECONDS") != null) {
            timeout = Duration.ofSeconds(parseLong(env, "CLOUD_RUN_TIMEOUT_SECONDS"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("Environment variable " + TIMEOUT + " must be positive (found " + timeout
                    + ")");
        }
        long maxBody = env.get(MAX_BODY_BYTES) == null ? DEFAULT_MAX_BODY_BYTES : parseLong(env, MAX_BODY_BYTES);
        Map<String, String> environment = new LinkedHashMap<>();
        String names = env.get(ENVIRONMENT);
        if (names != null) {
            for (String name : names.split(",")) {
                String n = name.trim();
                if (!n.isEmpty()) {
                    environment.put(n, env.getOrDefault(n, ""));
                }
            }
        } else {
            env.forEach((k, v) -> {
                if (!k.startsWith(PREFIX)) {
                    environment.put(k, v);
                }
            });
        }
        return new AdapterConfig(handler.trim(), function, timeout, environment, maxBody);
    }

    private static long parseLong(Map<String, String> env, String name) {
        try {
            return Long.parseLong(env.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number (found '"
                    + env.get(name) + "')", e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
