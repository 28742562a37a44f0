package dev.polycloud.conformance;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A cloud provider with every endpoint at {@link TimeoutConformance.SilentServer} (accepts, never
 * answers), {@code polycloud.timeout} at {@link TimeoutConformance#TIMEOUT} and no portable retries.
 */
public final class SilentTarget implements ConformanceTarget {

    private final String provider;

    private SilentTarget(String provider) {
        this.provider = provider;
    }

    /**
     * The target for a provider.
     *
     * @param provider {@code aws}, {@code gcp} or {@code azure}
     * @return the target
     */
    public static SilentTarget of(String provider) {
        return new SilentTarget(provider);
    }

    @Override
    public Cloud open() {
        TimeoutConformance.SilentServer server = TimeoutConformance.SilentServer.shared();
        String endpoint = server.endpoint();
        Map<String, String> settings = new HashMap<>();
        switch (provider) {
            case "aws" -> settings.putAll(EndpointKeys.aws(endpoint));
            case "gcp" -> {
                settings.put("polycloud.gcp.project", "polycloud-silent");
                settings.put("polycloud.gcp.pubsub.emulator-host", "127.0.0.1:" + server.port());
                settings.put("polycloud.gcp.firestore.emulator-host", "127.0.0.1:" + server.port());
            }
            case "azure" -> settings.put("polycloud.azure.connection-string",
                    EndpointKeys.azureConnectionString(endpoint, "Queue", "Table"));
            default -> throw new IllegalArgumentException(provider);
        }
        settings.put(PolycloudConfig.TIMEOUT, Long.toString(TimeoutConformance.TIMEOUT.toMillis()));
        return Polycloud.open(PolycloudConfig.builder().provider(provider).setAll(settings).build());
    }

    @Override
    public String toString() {
        return provider + " against a server that never answers";
    }
}
