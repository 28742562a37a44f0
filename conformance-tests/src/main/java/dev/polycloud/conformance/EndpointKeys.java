package dev.polycloud.conformance;

import dev.polycloud.emulators.Azurite;
import java.util.Map;

/**
 * The configuration keys that point a provider at a stand-in server on one endpoint (a server that
 * never answers, one whose answers cannot be parsed, a closed port), shared by the targets that need them.
 * Stateless.
 */
final class EndpointKeys {

    private EndpointKeys() {
    }

    /**
     * The AWS keys: every service at {@code endpoint}, region {@code us-east-1}, static test credentials.
     *
     * @param endpoint the stand-in's base URL, e.g. {@code http://127.0.0.1:40123}
     * @return the keys and values
     */
    static Map<String, String> aws(String endpoint) {
        return Map.of(
                "polycloud.aws.endpoint", endpoint,
                "polycloud.aws.region", "us-east-1",
                "polycloud.aws.access-key-id", "test",
                "polycloud.aws.secret-access-key", "test");
    }

    /**
     * An Azure connection string with the development account and the given services at {@code endpoint}.
     *
     * @param endpoint the stand-in's base URL
     * @param services the services to point there, e.g. {@code "Queue", "Table"}
     * @return the connection string
     */
    static String azureConnectionString(String endpoint, String... services) {
        StringBuilder s = new StringBuilder("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=")
                .append(Azurite.KEY);
        for (String service : services) {
            s.append(';').append(service).append("Endpoint=").append(endpoint).append("/devstoreaccount1");
        }
        return s.append(';').toString();
    }
}
