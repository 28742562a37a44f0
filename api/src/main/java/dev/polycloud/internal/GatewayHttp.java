package dev.polycloud.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The portable HTTP contract of gateways and HTTP functions, written once for every adapter (the
 * Lambda proxy events, the Cloud Functions HTTP entry point, the Azure HTTP trigger and the local
 * gateway server): query-string parsing, header folding, base64 bodies, the gateway's own error
 * answers and their status codes, and the error body of a failed handler. Adapters translate their
 * cloud's event shape and call these rules; they do not restate them.
 *
 * <p>Status mapping of the gateway's own answers: malformed request 400, no route 404, wrong method
 * 405 with {@code allow}, body over the limit 413, throttled 429, adapter fault 500, handler failure
 * 502, handler timeout 504; each with the JSON body {@code {"message": "<reason>"}}.
 *
 * <p>Stateless and thread-safe. Not an API for applications; it may change.
 */
public final class GatewayHttp {

    private GatewayHttp() {
    }

    // ---------------------------------------------------------------- query strings

    /**
     * Parses a raw query string strictly: {@code +} is a space, percent-escapes are decoded as UTF-8,
     * a pair without {@code =} has the value "", empty pairs are skipped, and every value of a
     * repeated name is kept in order.
     *
     * @param raw the query string without {@code ?}, or null
     * @return names to values, in the order of first appearance (empty for null or "")
     * @throws IllegalArgumentException when a percent-escape is malformed (answer 400)
     */
    public static Map<String, List<String>> parseQuery(String raw) {
        return parse(raw, true);
    }

    /**
     * Parses a raw query string as {@link #parseQuery} does, but keeps a name or value whose
     * percent-encoding is malformed as it was sent instead of failing (for events whose gateway
     * already accepted the request).
     *
     * @param raw the query string without {@code ?}, or null
     * @return names to values, in the order of first appearance (empty for null or "")
     */
    public static Map<String, List<String>> parseQueryLenient(String raw) {
        return parse(raw, false);
    }

    private static Map<String, List<String>> parse(String raw, boolean strict) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), strict);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), strict);
            query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return query;
    }

    private static String decode(String s, boolean strict) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw e;
            }
            return s;
        }
    }

    // ---------------------------------------------------------------- headers

    /**
     * A new header map for a portable request: names lower-cased and sorted, every value kept.
     *
     * @return an empty, mutable map to fill with {@link #addHeader}
     */
    public static Map<String, List<String>> newHeaders() {
        return new TreeMap<>();
    }

    /**
     * Folds one header field into a map: the name is lower-cased ({@link Locale#ROOT}) and the value
     * appended after any earlier value of the same name.
     *
     * @param headers the map to add to
     * @param name the field name, any case
     * @param value the field value
     * @throws NullPointerException when an argument is null
     */
    public static void addHeader(Map<String, List<String>> headers, String name, String value) {
        Objects.requireNonNull(value, "value");
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    }

    // ---------------------------------------------------------------- bodies

    /**
     * The bytes of an event body that is either text (UTF-8) or base64.
     *
     * @param body the body as the event carries it, or null for none
     * @param base64 whether the event marks the body as base64-encoded
     * @return the bytes (empty for null)
     * @throws IllegalArgumentException when {@code base64} is true and the text is not base64
     */
    public static byte[] decodeBody(String body, boolean base64) {
        if (body == null) {
            return new byte[0];
        }
        return base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A body as an event carries it: as text when the content type is textual and the bytes are
     * valid UTF-8 (and always for an empty body), otherwise base64, so binary bodies pass intact.
     *
     * @param body the bytes
     * @param contentType the response's content type, or null
     * @return the text and whether it is base64
     */
    public static EventBody encodeBody(byte[] body, String contentType) {
        if (body.length == 0) {
            return new EventBody("", false);
        }
        String text = textual(contentType) ? strictUtf8(body).orElse(null) : null;
        if (text != null) {
            return new EventBody(text, false);
        }
        return new EventBody(Base64.getEncoder().encodeToString(body), true);
    }

    /**
     * A body as text or base64.
     *
     * @param text the text, or the base64 of the bytes
     * @param base64 whether {@code text} is base64
     */
    public record EventBody(String text, boolean base64) {
    }

    /**
     * Whether a content type is textual: {@code text/*}, JSON, XML, JavaScript, form data, or any type
     * that names a charset.
     *
     * @param contentType the content type, or null (not textual)
     * @return true when textual
     */
    public static boolean textual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded") || t.contains("charset=");
    }

    /**
     * The bytes as a string when they are valid UTF-8.
     *
     * @param bytes the bytes
     * @return the text, or empty when the bytes are not valid UTF-8
     */
    public static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- responses

    /**
     * The response of a handler's encoded output: a JSON object that decodes to an
     * {@link HttpResponse} is that response; any other bytes are the body of a 200.
     *
     * @param out the handler's encoded output
     * @return the response
     */
    public static HttpResponse responseOf(byte[] out) {
        if (out.length > 0 && out[0] == '{') {
            try {
                HttpResponse r = PayloadCodec.decode(out, HttpResponse.class);
                if (r != null) {
                    return r;
                }
            } catch (IllegalArgumentException e) {
                // not an HttpResponse: the bytes are the body
            }
        }
        return new HttpResponse(200, Headers.EMPTY, out);
    }

    /**
     * An answer of the gateway itself: {@code {"message": "<reason>"}} as {@code application/json}.
     *
     * @param status the status
     * @param message the reason
     * @return the response
     */
    public static HttpResponse message(int status, String message) {
        ObjectNode o = PayloadCodec.mapper().createObjectNode();
        o.put("message", message);
        return HttpResponse.bytes(status, "application/json", PayloadCodec.encode(o));
    }

    /**
     * 400: the request is malformed (such as a bad percent-escape).
     *
     * @param detail what is wrong
     * @return the response
     */
    public static HttpResponse badRequest(String detail) {
        return message(400, "Bad Request: " + detail);
    }

    /**
     * 404: no route matches the path.
     *
     * @return the response
     */
    public static HttpResponse notFound() {
        return message(404, "Not Found");
    }

    /**
     * 405: a route matches the path but not the method.
     *
     * @param allowed the methods the path allows, as the {@code allow} header lists them
     * @return the response, with {@code allow}
     */
    public static HttpResponse methodNotAllowed(String allowed) {
        HttpResponse r = message(405, "Method Not Allowed");
        return new HttpResponse(405, r.headers().with("allow", allowed), r.body());
    }

    /**
     * 413: the body is over the limit.
     *
     * @return the response
     */
    public static HttpResponse payloadTooLarge() {
        return message(413, "Payload Too Large");
    }

    /**
     * 429: the function is throttled.
     *
     * @return the response
     */
    public static HttpResponse tooManyRequests() {
        return message(429, "Too Many Requests");
    }

    /**
     * 500: the adapter itself failed.
     *
     * @return the response
     */
    public static HttpResponse internalError() {
        return message(500, "Internal Server Error");
    }

    /**
     * 502: the handler failed.
     *
     * @return the response
     */
    public static HttpResponse badGateway() {
        return message(502, "Bad Gateway");
    }

    /**
     * 504: the handler ran past its timeout.
     *
     * @return the response
     */
    public static HttpResponse gatewayTimeout() {
        return message(504, "Gateway Timeout");
    }

    /**
     * The body of a failed invocation: {@code {"errorType": ..., "errorMessage": ...}}.
     *
     * @param errorType the failure's type (the exception class name)
     * @param errorMessage the failure's message, or null for ""
     * @return UTF-8 JSON bytes
     */
    public static byte[] handlerErrorBody(String errorType, String errorMessage) {
        ObjectNode o = PayloadCodec.mapper().createObjectNode();
        o.put("errorType", errorType);
        o.put("errorMessage", errorMessage == null ? "" : errorMessage);
        return PayloadCodec.encode(o);
    }

    // ---------------------------------------------------------------- URIs

    /**
     * The raw path and query of an absolute or origin-form request URI, percent-encoding kept and
     * the fragment dropped.
     *
     * @param uri the request URI, or null
     * @return the target ({@code "/"} for null or "")
     */
    public static String rawTarget(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "/";
        }
        String target = uri;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                int end = scheme + 3;
                while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                    end++;
                }
                target = uri.substring(end);
                if (!target.startsWith("/")) {
                    target = "/" + target;
                }
            }
        }
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }
}
