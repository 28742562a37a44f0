package dev.polycloud.function;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as a function receives it from a gateway: the same on every provider.
 *
 * @param method the upper-case method, e.g. {@code GET}
 * @param rawPath the path as sent, without the query string (percent-encoding kept)
 * @param pathParameters the values of the route's {@code {param}} segments, decoded
 * @param queryParameters the query parameters, decoded, each with all its values in order
 * @param headers the request headers (case-insensitive)
 * @param body the body bytes (empty when none); the accessor returns a copy
 */
public record HttpRequest(String method, String rawPath, Map<String, String> pathParameters,
                          Map<String, List<String>> queryParameters, Headers headers, byte[] body) {

    /**
     * Copies and checks the components.
     *
     * @param method see the record description
     * @param rawPath see the record description
     * @param pathParameters see the record description
     * @param queryParameters see the record description
     * @param headers see the record description
     * @param body see the record description
     */
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(
                pathParameters == null ? Map.of() : pathParameters));
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (queryParameters != null) {
            queryParameters.forEach((k, v) -> q.put(k, List.copyOf(v)));
        }
        queryParameters = Collections.unmodifiableMap(q);
        headers = headers == null ? Headers.EMPTY : headers;
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * The body.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * One path parameter.
     *
     * @param name the parameter name of the route
     * @return its value, or empty
     */
    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the parameter name
     * @return its first value, or empty
     */
    public Optional<String> queryParameter(String name) {
        List<String> v = queryParameters.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequest r && method.equals(r.method) && rawPath.equals(r.rawPath)
                && pathParameters.equals(r.pathParameters) && queryParameters.equals(r.queryParameters)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, rawPath, pathParameters, queryParameters, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + rawPath + ", bodyBytes=" + body.length + "]";
    }
}
