package dev.polycloud.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A small Azure Resource Manager client over the JDK's HTTP client: JSON requests with a bearer
 * token from {@code DefaultAzureCredential}, errors through {@link AzureErrors#management}, and
 * long-running operations followed to their end ({@code 202 Accepted} with an
 * {@code Azure-AsyncOperation} or {@code Location} header, polled as {@code Retry-After} says).
 *
 * <p>No management SDK artifact is used: {@code azure-resourcemanager-appservice} and
 * {@code -apimanagement} would pull a second HTTP stack and several megabytes for the handful of
 * calls the function and gateway drivers make. The token is cached until five minutes before it
 * expires. Nothing secret (token, key) is ever put in an exception message.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ManagementClient {

    /** App Service (function apps) API version. */
    public static final String WEB_API_VERSION = "2022-03-01";
    /** API Management API version. */
    public static final String APIM_API_VERSION = "2022-08-01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);

    private final URI endpoint;
    private final String scope;
    private final Supplier<TokenCredential> credential;
    private final Supplier<HttpClient> http;
    private volatile AccessToken token;

    /**
     * Creates the client; connects to nothing.
     *
     * @param endpoint the Resource Manager endpoint, without a trailing slash
     * @param credential the credential, built on first use
     * @param http the HTTP client, built on first use
     */
    public ManagementClient(URI endpoint, Supplier<TokenCredential> credential, Supplier<HttpClient> http) {
        this.endpoint = endpoint;
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        // Sovereign clouds' tokens are for their own endpoint; anything else (a local stand-in) asks
        // for the public cloud's audience.
        this.scope = host.startsWith("management.") ? endpoint + "/.default" : "https://management.azure.com/.default";
        this.credential = credential;
        this.http = http;
    }

    /** A Resource Manager answer: status, the headers that matter, and the body. */
    record Answer(int status, String body, Optional<String> location, Optional<String> asyncOperation,
                  Optional<Duration> retryAfter) {

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new CloudException(ErrorCode.INTERNAL, "Azure Resource Manager answered HTTP " + status
                        + " with a body that is not JSON", AzureErrors.PROVIDER, null, e);
            }
        }
    }

    /**
     * GETs a resource.
     *
     * @param path the resource path, {@code /subscriptions/...}
     * @param apiVersion the API version
     * @param resource the portable resource, for errors
     * @return its JSON, or empty when it does not exist (404)
     */
    public Optional<JsonNode> get(String path, String apiVersion, String resource) {
        Answer a = send("GET", url(path, apiVersion, ""), null, null, resource);
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (a.status() / 100 != 2) {
            throw AzureErrors.management(a.status(), a.body(), resource);
        }
        return Optional.of(a.json());
    }

    /**
     * GETs an absolute URL the service handed out (a {@code nextLink}); it must be on the endpoint.
     *
     * @param url the URL
     * @param resource the portable resource, for errors
     * @return its JSON
     */
    public JsonNode getLink(String url, String resource) {
        Answer a = send("GET", url, null, null, resource);
        if (a.status() / 100 != 2) {
            throw AzureErrors.management(a.status(), a.body(), resource);
        }
        return a.json();
    }

    /**
     * PUTs a resource and follows the operation to its end.
     *
     * @param path the resource path
     * @param apiVersion the API version
     * @param body the JSON body
     * @param ifMatch an {@code If-Match} value, or null for none
     * @param resource the portable resource, for errors
     * @return the resource's final JSON (empty object when the service returned none)
     */
    public JsonNode put(String path, String apiVersion, JsonNode body, String ifMatch, String resource) {
        String url = url(path, apiVersion, "");
        Answer a = send("PUT", url, body.toString(), ifMatch, resource);
        return finish(a, url, resource);
    }

    /**
     * DELETEs a resource and follows the operation to its end.
     *
     * @param path the resource path
     * @param apiVersion the API version
     * @param query more query parameters ({@code &name=value...}), or empty
     * @param ifMatch an {@code If-Match} value, or null for none
     * @param resource the portable resource, for errors
     * @return false when the resource did not exist (404)
     */
    public boolean delete(String path, String apiVersion, String query, String ifMatch, String resource) {
        String url = url(path, apiVersion, query);
        Answer a = send("DELETE", url, null, ifMatch, resource);
        if (a.status() == 404) {
            return false;
        }
        finish(a, null, resource);
        return true;
    }

    private JsonNode finish(Answer first, String resourceUrl, String resource) {
        Answer a = first;
        if (a.status() / 100 != 2) {
            throw AzureErrors.management(a.status(), a.body(), resource);
        }
        if (a.status() != 202 && a.asyncOperation().isEmpty()) {
            return a.json();
        }
        long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
        if (a.asyncOperation().isPresent()) {
            String statusUrl = a.asyncOperation().get();
            Answer s = a;
            while (true) {
                pause(s.retryAfter(), deadline, resource);
                s = send("GET", statusUrl, null, null, resource);
                if (s.status() / 100 != 2) {
                    throw AzureErrors.management(s.status(), s.body(), resource);
                }
                String state = s.json().path("status").asText("");
                if (state.equalsIgnoreCase("Succeeded")) {
                    break;
                }
                if (state.equalsIgnoreCase("Failed") || state.equalsIgnoreCase("Canceled")) {
                    throw AzureErrors.management(0, s.body(), resource);
                }
            }
            if (resourceUrl == null) {
                return JSON.createObjectNode();
            }
            Answer done = send("GET", resourceUrl, null, null, resource);
            if (done.status() / 100 != 2) {
                throw AzureErrors.management(done.status(), done.body(), resource);
            }
            return done.json();
        }
        if (a.location().isEmpty()) {
            // Accepted without a way to follow it: what the service said is all there is.
            return a.json();
        }
        String pollUrl = a.location().get();
        Answer p = a;
        while (true) {
            pause(p.retryAfter(), deadline, resource);
            p = send("GET", pollUrl, null, null, resource);
            if (p.status() == 202) {
                continue;
            }
            if (p.status() / 100 != 2) {
                throw AzureErrors.management(p.status(), p.body(), resource);
            }
            return p.json();
        }
    }

    private static void pause(Optional<Duration> retryAfter, long deadline, String resource) {
        if (System.nanoTime() > deadline) {
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Azure Resource Manager did not finish the operation"
                    + " on " + resource + " within " + OPERATION_TIMEOUT.toMinutes() + " minutes", AzureErrors.PROVIDER,
                    resource, null);
        }
        Duration wait = retryAfter.orElse(Duration.ofSeconds(1));
        if (wait.compareTo(MAX_POLL_INTERVAL) > 0) {
            wait = MAX_POLL_INTERVAL;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AzureErrors.map(e, resource);
        }
    }

    private String url(String path, String apiVersion, String query) {
        return endpoint + path + "?api-version=" + apiVersion + query;
    }

    private Answer send(String method, String url, String body, String ifMatch, String resource) {
        URI uri = URI.create(url);
        if (!sameOrigin(uri)) {
            // Polling URLs come from the service; never send the token elsewhere.
            throw new CloudException(ErrorCode.INTERNAL, "Azure Resource Manager pointed to another host ("
                    + uri.getHost() + ") for " + resource, AzureErrors.PROVIDER, resource, null);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token(resource))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        HttpResponse<String> r;
        try {
            r = http.get().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw AzureErrors.map(e, resource);
        }
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Location"),
                r.headers().firstValue("Azure-AsyncOperation"),
                r.headers().firstValue("Retry-After").flatMap(ManagementClient::seconds));
    }

    private boolean sameOrigin(URI uri) {
        return endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
                && endpoint.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && port(endpoint) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String token(String resource) {
        AccessToken t = token;
        if (t == null || t.getExpiresAt() == null
                || t.getExpiresAt().isBefore(OffsetDateTime.now().plusMinutes(5))) {
            try {
                t = credential.get().getTokenSync(new TokenRequestContext().addScopes(scope));
            } catch (RuntimeException e) {
                throw AzureErrors.map(e, resource);
            }
            if (t == null || t.getToken() == null) {
                throw new CloudException(ErrorCode.UNAUTHENTICATED, "DefaultAzureCredential gave no token for Azure"
                        + " Resource Manager", AzureErrors.PROVIDER, resource, null);
            }
            token = t;
        }
        return t.getToken();
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ManagementClient[" + endpoint + "]";
    }
}
