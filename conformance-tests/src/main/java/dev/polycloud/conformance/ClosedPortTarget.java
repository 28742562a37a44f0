package dev.polycloud.conformance;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.Map;

/**
 * A cloud provider configured with every endpoint at a closed port ({@value #CLOSED}): nothing
 * listens there, so any call that reaches the network fails (after retries) with UNAVAILABLE.
 * The bad-input runners use it to prove that bad input never reaches the network.
 */
public final class ClosedPortTarget implements ConformanceTarget {

    /** The closed endpoint. */
    public static final String CLOSED = "http://127.0.0.1:1";

    /** AWS with its endpoint at the closed port. */
    public static final ClosedPortTarget AWS = new ClosedPortTarget("aws", EndpointKeys.aws(CLOSED));

    /** GCP with both emulator hosts at the closed port. */
    public static final ClosedPortTarget GCP = new ClosedPortTarget("gcp", Map.of(
            "polycloud.gcp.project", "polycloud-closed",
            "polycloud.gcp.pubsub.emulator-host", "127.0.0.1:1",
            "polycloud.gcp.firestore.emulator-host", "127.0.0.1:1"));

    /** Azure with a development-account connection string whose endpoints are at the closed port. */
    public static final ClosedPortTarget AZURE = new ClosedPortTarget("azure", Map.of(
            "polycloud.azure.connection-string", EndpointKeys.azureConnectionString(CLOSED, "Blob", "Queue", "Table")));

    private final String provider;
    private final Map<String, String> settings;

    private ClosedPortTarget(String provider, Map<String, String> settings) {
        this.provider = provider;
        this.settings = settings;
    }

    @Override
    public Cloud open() {
        return Polycloud.open(PolycloudConfig.builder().provider(provider).setAll(settings).build());
    }

    @Override
    public String toString() {
        return provider + " at a closed port";
    }
}
