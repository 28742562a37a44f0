package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpErrors;

import dev.polycloud.gcp.functions.FunctionProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Invokes a function over HTTP(S), the way {@code Functions.invoke} does on GCP: a {@code POST} of
 * the payload with the header {@value FunctionProtocol#INVOKE_HEADER}, a Google ID token for the
 * function's URL when it is {@code https} (never over plain {@code http}: a local Functions Framework
 * needs none, and a token must not travel in clear text), and the answer mapped by
 * {@link GcpErrors#invocation}.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class FunctionHttpInvoker {

    /** How ID tokens are obtained (Application Default Credentials in production). */
    @FunctionalInterface
    interface TokenSource {

        /**
         * An ID token for an audience.
         *
         * @param audience the function's URL
         * @return the token
         */
        String idToken(String audience);
    }

    /** What is added to the function's timeout before the caller gives up waiting. */
    static final Duration GRACE = Duration.ofSeconds(15);

    private final HttpClient http;
    private final TokenSource tokens;
    private final Duration grace;

    /**
     * An invoker.
     *
     * @param http the HTTP client
     * @param tokens the ID token source
     */
    public FunctionHttpInvoker(HttpClient http, TokenSource tokens) {
        this(http, tokens, GRACE);
    }

    /**
     * An invoker with another grace period (for tests).
     *
     * @param http the HTTP client
     * @param tokens the ID token source
     * @param grace what is added to a function's timeout before giving up
     */
    public FunctionHttpInvoker(HttpClient http, TokenSource tokens, Duration grace) {
        this.http = http;
        this.tokens = tokens;
        this.grace = grace;
    }

    /**
     * Invokes synchronously.
     *
     * @param function the portable function name
     * @param url the function's URL
     * @param payload the payload
     * @param timeout the function's timeout (the call waits that long plus the grace period, {@link #GRACE} by default)
     * @return the result payload
     */
    byte[] invoke(String function, URI url, byte[] payload, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout.plus(grace))
                .header("Content-Type", "application/octet-stream")
                .header(FunctionProtocol.INVOKE_HEADER, FunctionProtocol.INVOKE_PAYLOAD)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if ("https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
            request.header("Authorization", "Bearer " + tokens.idToken(audience(url)));
        } else {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw GcpErrors.transport(e, "invoke", "function " + function);
        } catch (InterruptedException e) {
            throw GcpErrors.map(e, "invoke", "function " + function);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw GcpErrors.invocation(function, status,
                response.headers().firstValue(FunctionProtocol.ERROR_HEADER).orElse(null), response.body());
    }

    /**
     * The ID token audience of a function URL: the URL without query or fragment (Cloud Run accepts its
     * service URL, and the {@code cloudfunctions.net} URL of a function as it is).
     *
     * @param url the URL
     * @return the audience
     */
    static String audience(URI url) {
        String s = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
