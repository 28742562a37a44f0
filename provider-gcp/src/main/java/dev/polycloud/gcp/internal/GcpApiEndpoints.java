package dev.polycloud.gcp.internal;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import io.grpc.ManagedChannelBuilder;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the Cloud Functions, API Gateway and Cloud Scheduler management APIs are reached, and the rule that
 * keeps an emulator configuration off the internet. Read and checked at {@code Polycloud.open()}; nothing here
 * connects.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@value #FUNCTIONS_ENDPOINT}</td><td>the Cloud Functions API: {@code host:port} or
 *       {@code https://host[:port]} (TLS with Application Default Credentials, for example
 *       {@code cloudfunctions.googleapis.com:443} or a private endpoint), or {@code http://host:port}
 *       (plaintext without credentials: a stand-in server)</td></tr>
 *   <tr><td>{@value #GATEWAY_ENDPOINT}</td><td>the API Gateway API, in the same forms
 *       ({@code apigateway.googleapis.com:443})</td></tr>
 *   <tr><td>{@value #SCHEDULER_ENDPOINT}</td><td>the Cloud Scheduler API (schedules of functions), in the same
 *       forms ({@code cloudscheduler.googleapis.com:443}); Polycloud's client makes one attempt per call, bounded
 *       by {@code polycloud.timeout} (the portable layer retries)</td></tr>
 * </table>
 *
 * <p><b>Emulator rule.</b> Cloud Functions, API Gateway and Cloud Scheduler have no emulator. When Pub/Sub or
 * Firestore is configured with an emulator host and nothing says where those APIs are (no endpoint key, no
 * {@code FunctionServiceSettings} / {@code ApiGatewayServiceSettings} / {@code CloudSchedulerSettings} object
 * and no {@code CredentialsProvider} given to {@code Polycloud.builder().use(...)}), the first call that needs
 * the API ({@code functions().get/deploy/list/delete}, {@code gateway(...).deploy/uri/exists/delete},
 * {@code functions().schedule/unbind/triggers} of schedules) fails with
 * {@link ErrorCode#PRECONDITION_FAILED} naming the key to set, instead of reaching Google's service with
 * whatever Application Default Credentials the machine has. Without emulator hosts the APIs default to
 * Google's endpoints, as before.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 *
 * @param functions the Cloud Functions API endpoint, or empty for the default
 * @param gateway the API Gateway API endpoint, or empty for the default
 * @param scheduler the Cloud Scheduler API endpoint, or empty for the default
 */
public record GcpApiEndpoints(Optional<String> functions, Optional<String> gateway, Optional<String> scheduler) {

    /** The Cloud Functions API endpoint key. */
    public static final String FUNCTIONS_ENDPOINT = "polycloud.gcp.functions.endpoint";
    /** The API Gateway API endpoint key. */
    public static final String GATEWAY_ENDPOINT = "polycloud.gcp.gateway.endpoint";
    /** The Cloud Scheduler API endpoint key. */
    public static final String SCHEDULER_ENDPOINT = "polycloud.gcp.scheduler.endpoint";
    /** Every key of this class. */
    public static final Set<String> KEYS = Set.of(FUNCTIONS_ENDPOINT, GATEWAY_ENDPOINT, SCHEDULER_ENDPOINT);

    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.\\-]+):[0-9]{1,5}");

    /**
     * Normalises empty components.
     *
     * @param functions see the record description
     * @param gateway see the record description
     * @param scheduler see the record description
     */
    public GcpApiEndpoints {
        functions = functions == null ? Optional.empty() : functions;
        gateway = gateway == null ? Optional.empty() : gateway;
        scheduler = scheduler == null ? Optional.empty() : scheduler;
    }

    /**
     * Endpoints without a Cloud Scheduler endpoint.
     *
     * @param functions see the record description
     * @param gateway see the record description
     */
    public GcpApiEndpoints(Optional<String> functions, Optional<String> gateway) {
        this(functions, gateway, Optional.empty());
    }

    /**
     * Reads and checks the keys.
     *
     * @param config the configuration
     * @return the endpoints
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a key whose value is not an endpoint
     */
    public static GcpApiEndpoints from(PolycloudConfig config) {
        return new GcpApiEndpoints(endpoint(config, FUNCTIONS_ENDPOINT), endpoint(config, GATEWAY_ENDPOINT),
                endpoint(config, SCHEDULER_ENDPOINT));
    }

    private static Optional<String> endpoint(PolycloudConfig config, String key) {
        Optional<String> value = config.get(key).map(String::trim).filter(s -> !s.isEmpty());
        value.ifPresent(v -> {
            String hostPort = hostPort(v);
            boolean plain = v.startsWith("http://");
            if (!HOST_PORT.matcher(hostPort).matches()
                    || Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) > 65535
                    || (plain && !v.substring("http://".length()).equals(hostPort))) {
                throw CloudException.invalidArgument("Configuration key '" + key + "' must be host:port,"
                        + " https://host[:port] or http://host:port (plaintext, a stand-in server), such as"
                        + " cloudfunctions.googleapis.com:443 (found '" + v + "')");
            }
        });
        return value;
    }

    /** {@code host:port} of an endpoint value; {@code https://host} gets port 443. */
    private static String hostPort(String value) {
        String v = value;
        boolean tls = v.startsWith("https://");
        if (tls) {
            v = v.substring("https://".length());
        } else if (v.startsWith("http://")) {
            v = v.substring("http://".length());
        }
        if (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (tls && !HOST_PORT.matcher(v).matches()) {
            v = v + ":443";
        }
        return v;
    }

    /**
     * Points a client settings builder at a configured endpoint, or refuses when only emulators are configured.
     * A builder given as a ready-made settings object by the user is not passed here.
     *
     * @param builder the settings builder
     * @param endpoint the configured endpoint, or empty
     * @param key the endpoint's configuration key, for the refusal
     * @param service the service, for the refusal (for example {@code "Cloud Functions"})
     * @param settings the provider settings (are emulator hosts configured?)
     * @param hooks the user's objects and customisers (was a {@code CredentialsProvider} given?)
     * @param <B> the builder type
     * @return the builder, ready for {@link GcpHooks#client}; {@code true} in {@link Configured#plaintext()}
     *         when the endpoint is plaintext (then the hooks must not set credentials or transport)
     * @throws CloudException {@link ErrorCode#PRECONDITION_FAILED} under the emulator rule
     */
    public static <B extends ClientSettings.Builder<?, ?>> Configured<B> configure(B builder, Optional<String> endpoint,
            String key, String service, GcpSettings settings, GcpHooks hooks) {
        if (endpoint.isEmpty()) {
            if ((settings.pubsubEmulator() || settings.firestoreEmulator())
                    && hooks.use(com.google.api.gax.core.CredentialsProvider.class).isEmpty()) {
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, service + " has no emulator, and only emulator"
                        + " hosts are configured: Polycloud does not call Google's " + service + " API with the"
                        + " machine's Application Default Credentials. Set '" + key + "' (http://host:port for a"
                        + " stand-in server, or the real API such as " + defaultHost(service) + ":443), or give"
                        + " Polycloud.builder() a CredentialsProvider", "gcp", null, null);
            }
            return new Configured<>(builder, false);
        }
        String value = endpoint.get();
        String hostPort = hostPort(value);
        if (value.startsWith("http://")) {
            builder.setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(hostPort)
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build());
            builder.setCredentialsProvider(NoCredentialsProvider.create());
            return new Configured<>(builder, true);
        }
        builder.setEndpoint(hostPort);
        return new Configured<>(builder, false);
    }

    private static String defaultHost(String service) {
        return switch (service) {
            case "Cloud Functions" -> "cloudfunctions.googleapis.com";
            case "Cloud Scheduler" -> "cloudscheduler.googleapis.com";
            default -> "apigateway.googleapis.com";
        };
    }

    /**
     * A configured builder.
     *
     * @param builder the builder
     * @param plaintext whether it talks plaintext without credentials (the user's credentials and transport must
     *                  not be applied)
     * @param <B> the builder type
     */
    public record Configured<B>(B builder, boolean plaintext) {
    }
}
