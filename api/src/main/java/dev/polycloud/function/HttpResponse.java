package dev.polycloud.function;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response as a function returns it to a gateway.
 *
 * @param status the status code, 100 to 599
 * @param headers the response headers
 * @param body the body bytes (binary bodies pass intact); the accessor returns a copy
 */
public record HttpResponse(int status, Headers headers, byte[] body) {

    /**
     * Checks and copies the components.
     *
     * @param status see the record description
     * @param headers see the record description
     * @param body see the record description
     * @throws IllegalArgumentException for a status outside 100 to 599
     */
    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be from 100 to 599 (found " + status + ")");
        }
        headers = headers == null ? Headers.EMPTY : headers;
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * A response with a text body.
     *
     * @param status the status
     * @param contentType the content type, e.g. {@code application/json}
     * @param text the body
     * @return the response
     */
    public static HttpResponse of(int status, String contentType, String text) {
        return new HttpResponse(status, Headers.of(Map.of("content-type", contentType)),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A 200 response with a plain-text body.
     *
     * @param text the body
     * @return the response
     */
    public static HttpResponse ok(String text) {
        return of(200, "text/plain; charset=utf-8", text);
    }

    /**
     * A JSON response.
     *
     * @param status the status
     * @param json the JSON text
     * @return the response
     */
    public static HttpResponse json(int status, String json) {
        return of(status, "application/json", json);
    }

    /**
     * A response with a binary body.
     *
     * @param status the status
     * @param contentType the content type
     * @param bytes the body
     * @return the response
     */
    public static HttpResponse bytes(int status, String contentType, byte[] bytes) {
        return new HttpResponse(status, Headers.of(Map.of("content-type", contentType)), bytes);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponse r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", bodyBytes=" + body.length + "]";
    }
}
