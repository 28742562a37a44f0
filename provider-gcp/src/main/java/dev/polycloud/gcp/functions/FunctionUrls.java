package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpSettings;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import io.grpc.Status;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where each function is invoked: from {@link GcpFunctionSettings#URL_TEMPLATE} when configured,
 * else the function's {@code serviceConfig.uri} from the Functions API, cached until the driver
 * deploys or deletes the function (with its timeout, so that callers wait exactly as long as it may
 * run).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class FunctionUrls {

    /**
     * A function's invocation target.
     *
     * @param uri its URL
     * @param timeout its timeout, when known
     */
    public record Target(URI uri, Optional<Duration> timeout) {
    }

    private final GcpSettings settings;
    private final GcpFunctionSettings functions;
    private final Supplier<FunctionServiceClient> client;
    private final Map<String, Target> cache = new ConcurrentHashMap<>();

    /**
     * A resolver.
     *
     * @param settings the provider settings
     * @param functions the function settings
     * @param client the Functions API client, created on first use
     */
    public FunctionUrls(GcpSettings settings, GcpFunctionSettings functions, Supplier<FunctionServiceClient> client) {
        this.settings = settings;
        this.functions = functions;
        this.client = client;
    }

    /**
     * The target of a function.
     *
     * @param function the portable name
     * @return its target
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the function does not exist,
     *                        {@link ErrorCode#UNAVAILABLE} when it has no URL yet
     */
    public Target resolve(String function) {
        Optional<String> templated = functions.url(settings.project(), settings.region().orElse(null), function);
        if (templated.isPresent()) {
            return new Target(URI.create(templated.get()), Optional.empty());
        }
        Target cached = cache.get(function);
        if (cached != null) {
            return cached;
        }
        String name = CloudFunctionsRequests.functionName(settings.project(), region(settings), function);
        Function f;
        try {
            f = client.get().getFunction(name);
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                throw GcpErrors.of(ErrorCode.NOT_FOUND, "Function '" + function + "' does not exist", "function "
                        + function);
            }
            throw GcpErrors.map(e, "look up the URL of", "function " + function);
        }
        String uri = f.getServiceConfig().getUri().isEmpty() ? f.getUrl() : f.getServiceConfig().getUri();
        if (uri.isEmpty()) {
            throw GcpErrors.of(ErrorCode.UNAVAILABLE, "Function '" + function + "' has no URL yet (state "
                    + f.getState() + ")", "function " + function);
        }
        int seconds = f.getServiceConfig().getTimeoutSeconds();
        Target t = new Target(URI.create(uri), seconds > 0 ? Optional.of(Duration.ofSeconds(seconds))
                : Optional.empty());
        cache.put(function, t);
        return t;
    }

    /**
     * Drops a cached target (after a deploy or delete).
     *
     * @param function the portable name
     */
    void forget(String function) {
        cache.remove(function);
    }

    /**
     * The region, required for functions and gateways.
     *
     * @param settings the provider settings
     * @return the region
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming the key when it is not set
     */
    public static String region(GcpSettings settings) {
        return settings.region().orElseThrow(() -> CloudException.invalidArgument("Configuration key '"
                + GcpSettings.REGION + "' is required for functions and gateways on gcp (for example europe-west1)"));
    }
}
