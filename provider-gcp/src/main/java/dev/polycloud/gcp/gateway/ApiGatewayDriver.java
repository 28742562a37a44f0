package dev.polycloud.gcp.gateway;

import dev.polycloud.gcp.functions.FunctionUrls;
import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpSettings;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.apigateway.v1.ApiConfig;
import com.google.cloud.apigateway.v1.ApiGatewayServiceClient;
import com.google.cloud.apigateway.v1.Gateway;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.spi.GatewayDriver;
import io.grpc.Status;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway on API Gateway: the routes rendered as an {@link OpenApi2Document} whose backends are
 * the functions' URLs, then the API, an API config and the gateway ({@link ApiGatewayRequests}).
 * Deploy waits for each operation; a redeploy switches the gateway to the new config and deletes the
 * previous one. {@code describe} reads the routes back from the served config's document.
 */
final class ApiGatewayDriver implements GatewayDriver {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayDriver.class);

    private final String name;
    private final String resource;
    private final GcpSettings settings;
    private final GcpFunctionSettings functions;
    private final Supplier<ApiGatewayServiceClient> client;
    private final FunctionUrls urls;
    private final Duration defaultTimeout;

    ApiGatewayDriver(String name, GcpSettings settings, GcpFunctionSettings functions,
                     Supplier<ApiGatewayServiceClient> client, FunctionUrls urls, Duration defaultTimeout) {
        this.name = name;
        this.resource = "gateway " + name;
        this.settings = settings;
        this.functions = functions;
        this.client = client;
        this.urls = urls;
        this.defaultTimeout = defaultTimeout;
    }

    /**
     * The OpenAPI document of a spec, with the functions' current URLs.
     *
     * @param spec the routes
     * @return the document
     */
    String document(GatewaySpec spec) {
        return OpenApi2Document.render(name, spec, fn -> {
            FunctionUrls.Target t = urls.resolve(fn);
            return new OpenApi2Document.Backend(t.uri().toString(), t.timeout().orElse(defaultTimeout));
        });
    }

    @Override
    public URI deploy(GatewaySpec spec) {
        String region = FunctionUrls.region(settings);
        String project = settings.project();
        String document = document(spec);
        ApiGatewayServiceClient c = client.get();
        try {
            GcpErrors.await(c.createApiAsync(ApiGatewayRequests.createApi(project, name)), "create the API of",
                    resource);
        } catch (CloudException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        String configName = ApiGatewayRequests.configName(project, name, document);
        try {
            GcpErrors.await(c.createApiConfigAsync(ApiGatewayRequests.createConfig(project, name, document,
                    functions.gatewayServiceAccount())), "create an API config of", resource);
        } catch (CloudException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        String gatewayName = ApiGatewayRequests.gatewayName(project, region, name);
        Optional<Gateway> existing = gateway();
        Gateway served;
        if (existing.isEmpty()) {
            served = GcpErrors.await(c.createGatewayAsync(ApiGatewayRequests.createGateway(project, region, name,
                    configName)), "create", resource);
        } else if (!existing.get().getApiConfig().equals(configName)) {
            served = GcpErrors.await(c.updateGatewayAsync(ApiGatewayRequests.switchConfig(gatewayName, configName)),
                    "update", resource);
            deleteConfig(c, existing.get().getApiConfig());
        } else {
            served = existing.get();
        }
        if (served.getDefaultHostname().isEmpty()) {
            served = gateway().orElse(served);
        }
        return ApiGatewayRequests.baseUri(served);
    }

    @Override
    public Optional<GatewaySpec> describe() {
        Optional<Gateway> g = gateway();
        if (g.isEmpty()) {
            return Optional.empty();
        }
        ApiConfig config;
        try {
            config = client.get().getApiConfig(ApiGatewayRequests.getConfig(g.get().getApiConfig()));
        } catch (ApiException e) {
            throw GcpErrors.map(e, "describe", resource);
        }
        return ApiGatewayRequests.document(config).map(OpenApi2Document::routes);
    }

    @Override
    public Optional<URI> uri() {
        return gateway().map(ApiGatewayRequests::baseUri);
    }

    @Override
    public void delete() {
        Gateway g = gateway().orElseThrow(() -> GcpErrors.of(ErrorCode.NOT_FOUND, "Gateway '" + name
                + "' is not deployed", resource));
        ApiGatewayServiceClient c = client.get();
        GcpErrors.await(c.deleteGatewayAsync(g.getName()), "delete", resource);
        try {
            for (ApiConfig config : c.listApiConfigs(ApiGatewayRequests.apiName(settings.project(), name))
                    .iterateAll()) {
                deleteConfig(c, config.getName());
            }
            GcpErrors.await(c.deleteApiAsync(ApiGatewayRequests.apiName(settings.project(), name)),
                    "delete the API of", resource);
        } catch (ApiException | CloudException e) {
            LOG.warn("Gateway {} is deleted, but its API or configs could not be: {}", name, e.getMessage());
        }
    }

    private Optional<Gateway> gateway() {
        String gatewayName = ApiGatewayRequests.gatewayName(settings.project(), FunctionUrls.region(settings), name);
        try {
            return Optional.of(client.get().getGateway(gatewayName));
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return Optional.empty();
            }
            throw GcpErrors.map(e, "describe", resource);
        }
    }

    private void deleteConfig(ApiGatewayServiceClient c, String configName) {
        try {
            GcpErrors.await(c.deleteApiConfigAsync(configName), "delete an API config of", resource);
        } catch (CloudException e) {
            LOG.warn("Could not delete API config {} of gateway {}: {}", configName, name, e.getMessage());
        }
    }
}
