package dev.polycloud.azure.gateway;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.AzureSettings;
import dev.polycloud.azure.internal.ManagementClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.OpenApiDocument;
import dev.polycloud.gateway.Route;
import dev.polycloud.spi.GatewayDriver;
import dev.polycloud.spi.GatewayDrivers;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gateways on Azure API Management, through Azure Resource Manager (API version
 * {@value ManagementClient#APIM_API_VERSION}).
 *
 * <p>A gateway is an API whose id and path are the portable name:
 * <ol>
 *   <li>deploy stores the function key (when one is configured) as a secret named value, then
 *       imports the routes as an OpenAPI 3 document ({@link OpenApiDocument}, {@code format}
 *       {@code openapi+json}) with the function app as the service URL, no subscription key
 *       required, and writes the API's policy ({@link ApiManagementPolicy}) that sends each operation
 *       to its function; a redeploy imports over the API, replacing its operations;</li>
 *   <li>the routes are kept in the API's description, one {@code METHOD /path -> function} line each,
 *       after a first line starting {@value #MARKER} (an API without it was not made by Polycloud:
 *       it is not described, and deploying over it is {@code ALREADY_EXISTS});</li>
 *   <li>the base URI is the service's {@code gatewayUrl} (or {@value AzureFunctionSettings#APIM_GATEWAY_URL})
 *       plus {@code /NAME};</li>
 *   <li>delete removes the API with its revisions.</li>
 * </ol>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ApiManagementGateways implements GatewayDrivers {

    /** How the description of an API made by Polycloud starts. */
    static final String MARKER = "Polycloud gateway";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUTE_LINE = Pattern.compile("([A-Z]+) (/\\S*) -> ([a-z0-9-]+)");

    private final AzureFunctionSettings settings;
    private final Supplier<ManagementClient> management;
    private final int maxBodyBytes;
    private final Supplier<URI> gatewayUrl;

    /**
     * Creates the factory; connects to nothing.
     *
     * @param settings the settings (gateways configured)
     * @param management the Resource Manager client, built on first use
     * @param maxBodyBytes the declared largest request body
     */
    public ApiManagementGateways(AzureFunctionSettings settings, Supplier<ManagementClient> management, int maxBodyBytes) {
        this.settings = settings;
        this.management = management;
        this.maxBodyBytes = maxBodyBytes;
        this.gatewayUrl = AzureSettings.memoize(this::readGatewayUrl);
    }

    @Override
    public GatewayDriver gateway(String name) {
        return new Driver(name);
    }

    private URI readGatewayUrl() {
        Optional<URI> configured = settings.apimGatewayUrl();
        if (configured.isPresent()) {
            return configured.get();
        }
        String resource = "API Management service " + settings.apimServicePath();
        JsonNode service = management.get().get(settings.apimServicePath(), ManagementClient.APIM_API_VERSION, resource)
                .orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, "The API Management service "
                        + settings.apimServicePath() + " does not exist", AzureErrors.PROVIDER, resource, null));
        String url = service.path("properties").path("gatewayUrl").asText("");
        if (url.isEmpty()) {
            throw new CloudException(ErrorCode.UNAVAILABLE, "The API Management service has no gatewayUrl yet"
                    + " (still being created?)", AzureErrors.PROVIDER, resource, null);
        }
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * The API's description: the marker line and one line per route.
     *
     * @param name the gateway name
     * @param spec the routes
     * @return the description
     */
    static String description(String name, GatewaySpec spec) {
        StringBuilder b = new StringBuilder(MARKER).append(" '").append(name)
                .append("': routes read back by Polycloud, do not edit.");
        for (Route r : spec.routes()) {
            b.append('\n').append(r.method()).append(' ').append(r.path()).append(" -> ").append(r.function());
        }
        return b.toString();
    }

    /**
     * The routes kept in a description.
     *
     * @param description the API's description
     * @return the spec, or empty when the description is not Polycloud's
     */
    static Optional<GatewaySpec> fromDescription(String description) {
        if (description == null || !description.startsWith(MARKER)) {
            return Optional.empty();
        }
        List<Route> routes = new ArrayList<>();
        for (String line : description.lines().skip(1).toList()) {
            Matcher m = ROUTE_LINE.matcher(line.strip());
            if (m.matches()) {
                routes.add(new Route(m.group(1), m.group(2), m.group(3)));
            }
        }
        return routes.isEmpty() ? Optional.empty() : Optional.of(new GatewaySpec(routes));
    }

    /**
     * The OpenAPI document imported: the portable export with the function app as server, the
     * description, and short operation ids (API Management names operations after them).
     *
     * @param name the gateway name
     * @param spec the routes
     * @param backend the function app's base URL
     * @return the JSON text
     */
    static String document(String name, GatewaySpec spec, String backend) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(OpenApiDocument.render(name, spec, Optional.of(URI.create(backend))));
            ((ObjectNode) doc.path("info")).put("description", description(name, spec));
            int n = 0;
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                    ((ObjectNode) op.getValue()).put("operationId", op.getKey() + "-" + (++n));
                }
            }
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException("The OpenAPI export is not JSON", e);
        }
    }

    /** One gateway: one API of the service. */
    final class Driver implements GatewayDriver {
        private final String name;
        private final String resource;
        private final String apiPath;

        Driver(String name) {
            this.name = name;
            this.resource = "gateway " + name;
            this.apiPath = settings.apimServicePath() + "/apis/" + name;
        }

        @Override
        public URI deploy(GatewaySpec spec) {
            ManagementClient arm = management.get();
            Optional<JsonNode> existing = arm.get(apiPath, ManagementClient.APIM_API_VERSION, resource);
            if (existing.isPresent() && ours(existing.get()).isEmpty()) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "API Management already has an API '" + name
                        + "' that Polycloud did not create", AzureErrors.PROVIDER, resource, null);
            }
            Optional<String> keyValue = settings.key().map(key -> {
                String id = ApiManagementPolicy.keyNamedValue(settings.urlTemplate());
                String path = settings.apimServicePath() + "/namedValues/" + id;
                boolean exists = arm.get(path, ManagementClient.APIM_API_VERSION, resource).isPresent();
                ObjectNode body = JSON.createObjectNode();
                body.putObject("properties").put("displayName", id).put("value", key).put("secret", true);
                arm.put(path, ManagementClient.APIM_API_VERSION, body, exists ? "*" : null, resource);
                return id;
            });
            String backend = settings.backend(spec.routes().get(0).function())[0];
            ObjectNode api = JSON.createObjectNode();
            ObjectNode p = api.putObject("properties");
            p.put("format", "openapi+json");
            p.put("value", document(name, spec, backend));
            p.put("path", name);
            p.put("displayName", name);
            p.put("description", description(name, spec));
            p.put("serviceUrl", backend);
            p.put("subscriptionRequired", false);
            p.putArray("protocols").add("https");
            arm.put(apiPath, ManagementClient.APIM_API_VERSION, api, existing.isPresent() ? "*" : null, resource);
            ObjectNode policy = JSON.createObjectNode();
            policy.putObject("properties").put("format", "rawxml").put("value",
                    ApiManagementPolicy.render(spec, settings, keyValue, maxBodyBytes, settings.timeout()));
            arm.put(apiPath + "/policies/policy", ManagementClient.APIM_API_VERSION, policy, "*", resource);
            return base(name);
        }

        @Override
        public Optional<GatewaySpec> describe() {
            return management.get().get(apiPath, ManagementClient.APIM_API_VERSION, resource).flatMap(this::ours);
        }

        @Override
        public Optional<URI> uri() {
            Optional<JsonNode> api = management.get().get(apiPath, ManagementClient.APIM_API_VERSION, resource);
            if (api.isEmpty() || ours(api.get()).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(base(api.get().path("properties").path("path").asText(name)));
        }

        @Override
        public void delete() {
            ManagementClient arm = management.get();
            Optional<JsonNode> api = arm.get(apiPath, ManagementClient.APIM_API_VERSION, resource);
            if (api.isEmpty() || ours(api.get()).isEmpty()
                    || !arm.delete(apiPath, ManagementClient.APIM_API_VERSION, "&deleteRevisions=true", "*", resource)) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Gateway '" + name + "' is not deployed",
                        AzureErrors.PROVIDER, resource, null);
            }
        }

        private Optional<GatewaySpec> ours(JsonNode api) {
            return fromDescription(api.path("properties").path("description").asText(null));
        }

        private URI base(String path) {
            return URI.create(gatewayUrl.get() + "/" + path);
        }

        @Override
        public String toString() {
            return "ApiManagementGateway[" + name + "]";
        }
    }

    @Override
    public String toString() {
        return "ApiManagementGateways[" + settings.apimServicePath() + "]";
    }
}
