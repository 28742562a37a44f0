package dev.polycloud.conformance;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud provider with every HTTP endpoint at its own {@link GarbageServer} (answers every request with a
 * body that cannot be parsed), {@code polycloud.timeout} at {@link #TIMEOUT} and the default portable
 * retries, so that a parse failure mapped to a retryable code would show as more than one request.
 *
 * <p>{@code aws}: {@code polycloud.aws.endpoint}; {@code azure}: the Queue, Table and Blob endpoints of a
 * development-account connection string. Runners of other providers (or to reach more clients) add keys or
 * builder hooks with {@link #with(Extra)}. Each target starts its server when built and stops it in
 * {@link #close()}.
 */
public final class GarbageTarget implements ConformanceTarget {

    /** The call timeout the target configures: far above what a parse failure may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a runner adds to the target: keys, vendor clients, customisers. */
    @FunctionalInterface
    public interface Extra {

        /**
         * Adds to a cloud about to open.
         *
         * @param server the target's server
         * @param keys the configuration keys, modifiable
         * @param builder the builder, for {@link Polycloud.Builder#use} and {@link Polycloud.Builder#customize}
         */
        void apply(GarbageServer server, Map<String, String> keys, Polycloud.Builder builder);
    }

    private final String provider;
    private final GarbageServer server;
    private final Extra extra;

    private GarbageTarget(String provider, GarbageServer server, Extra extra) {
        this.provider = provider;
        this.server = server;
        this.extra = extra;
    }

    /**
     * A target for a provider, with a freshly started server.
     *
     * @param provider {@code aws}, {@code azure} or {@code gcp} (gcp gets only its project: point its clients
     *                 at the server with {@link #with(Extra)})
     * @return the target
     * @throws NullPointerException if {@code provider} is null
     */
    public static GarbageTarget of(String provider) {
        Objects.requireNonNull(provider, "provider");
        return new GarbageTarget(provider, GarbageServer.start(), (s, k, b) -> { });
    }

    /**
     * This target with more configuration: {@code extra} gets the server, the provider's keys (to add to) and
     * the builder (to hand over vendor clients with {@link Polycloud.Builder#use}).
     *
     * @param extra what to add
     * @return a target sharing this one's server
     * @throws NullPointerException if {@code extra} is null
     */
    public GarbageTarget with(Extra extra) {
        Objects.requireNonNull(extra, "extra");
        Extra first = this.extra;
        return new GarbageTarget(provider, server, (s, k, b) -> {
            first.apply(s, k, b);
            extra.apply(s, k, b);
        });
    }

    /**
     * The server every endpoint points at.
     *
     * @return the server
     */
    public GarbageServer server() {
        return server;
    }

    /**
     * The configuration keys of {@link #open()} for this target's provider.
     *
     * @return the keys and values
     */
    public Map<String, String> settings() {
        String endpoint = server.endpoint();
        Map<String, String> settings = new HashMap<>();
        switch (provider) {
            case "aws" -> settings.putAll(EndpointKeys.aws(endpoint));
            case "azure" -> settings.put("polycloud.azure.connection-string",
                    EndpointKeys.azureConnectionString(endpoint, "Blob", "Queue", "Table"));
            case "gcp" -> settings.put("polycloud.gcp.project", "polycloud-garbage");
            default -> throw new IllegalArgumentException("no garbage target for provider '" + provider + "'");
        }
        settings.put(PolycloudConfig.TIMEOUT, Long.toString(TIMEOUT.toMillis()));
        return settings;
    }

    @Override
    public Cloud open() {
        Map<String, String> keys = settings();
        Polycloud.Builder builder = Polycloud.builder();
        extra.apply(server, keys, builder);
        return builder.config(PolycloudConfig.builder().provider(provider).setAll(keys).build()).open();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return provider + " against a server whose answers cannot be parsed";
    }
}
