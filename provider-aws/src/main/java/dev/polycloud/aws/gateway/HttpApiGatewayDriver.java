package dev.polycloud.aws.gateway;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import dev.polycloud.spi.GatewayDriver;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetIntegrationsResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetRoutesResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * A portable gateway on an API Gateway v2 HTTP API named after it and tagged
 * {@value #TAG}{@code =<name>} (how {@code find} tells it from other APIs of that name).
 *
 * <ul>
 *   <li>Each route is an HTTP API route with the same key ({@code GET /items/{id}}, {@code ANY /any},
 *       {@code GET /}); each function one Lambda proxy integration ({@code AWS_PROXY}, payload format
 *       2.0), shared by its routes. Redeploying updates, adds and removes routes and integrations so
 *       that the API serves exactly the spec.</li>
 *   <li>The API's {@code $default} stage, with automatic deployment, serves the routes at the API's
 *       endpoint, which is the base URI {@code deploy} returns.</li>
 *   <li>Each routed function gets the permission statement {@code polycloud-<api id>} that lets API
 *       Gateway invoke it from this API; it is removed when the function leaves the gateway or the
 *       gateway is deleted.</li>
 *   <li>{@code describe} reads the routes back from API Gateway (routes to anything but a Lambda
 *       integration are not portable and left out).</li>
 * </ul>
 *
 * <p>Status codes are API Gateway's where it answers itself: no route is 404 and so is a method a
 * path has no route for (HTTP APIs have no 405); a body over API Gateway's 10 MB is 413; a request
 * over Lambda's 6 MB invocation limit fails in API Gateway. A handler that throws is 502 and one that
 * runs out of time 504 because the Lambda adapter answers so; an integration that takes more than
 * API Gateway's 30 seconds is API Gateway's 503.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class HttpApiGatewayDriver implements GatewayDriver {

    /** The tag naming the portable gateway of an API. */
    public static final String TAG = "polycloud:gateway";
    /** The stage that serves the API at its endpoint. */
    static final String STAGE = "$default";

    private final AwsClients clients;
    private final String name;
    private final String resource;

    public HttpApiGatewayDriver(AwsClients clients, String name) {
        this.clients = clients;
        this.name = name;
        this.resource = "gateway " + name;
    }

    private ApiGatewayV2Client api() {
        return clients.apiGateway();
    }

    /**
     * The API of this gateway.
     *
     * @return the API, or empty when none is deployed
     */
    Optional<Api> find() {
        String token = null;
        do {
            String next = token;
            GetApisResponse page = AwsErrors.call(resource, "GetApis", () -> api().getApis(b -> b.nextToken(next)));
            for (Api a : page.items()) {
                if (name.equals(a.name()) && a.tags() != null && name.equals(a.tags().get(TAG))) {
                    return Optional.of(a);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return Optional.empty();
    }

    @Override
    public URI deploy(GatewaySpec spec) {
        Api found = find().orElseGet(() -> {
            var created = AwsErrors.call(resource, "CreateApi", () -> api().createApi(b -> b.name(name)
                    .protocolType(ProtocolType.HTTP).tags(Map.of(TAG, name))
                    .description("Polycloud gateway " + name)));
            return Api.builder().apiId(created.apiId()).apiEndpoint(created.apiEndpoint()).name(created.name())
                    .build();
        });
        String apiId = found.apiId();

        Map<String, String> functionArns = new LinkedHashMap<>();
        for (Route r : spec.routes()) {
            functionArns.computeIfAbsent(r.function(), this::functionArn);
        }

        List<Integration> integrations = integrations(apiId);
        Set<String> previousFunctions = new LinkedHashSet<>();
        Map<String, String> integrationOf = new LinkedHashMap<>();
        for (Integration i : integrations) {
            LambdaFunctionDriver.functionName(i.integrationUri()).ifPresent(fn -> {
                previousFunctions.add(fn);
                if (i.integrationType() == IntegrationType.AWS_PROXY && "2.0".equals(i.payloadFormatVersion())
                        && functionArns.containsKey(fn) && i.integrationUri().equals(functionArns.get(fn))) {
                    integrationOf.putIfAbsent(fn, i.integrationId());
                }
            });
        }
        for (Map.Entry<String, String> fn : functionArns.entrySet()) {
            if (!integrationOf.containsKey(fn.getKey())) {
                String id = AwsErrors.call(resource, "CreateIntegration", () -> api().createIntegration(b -> b
                        .apiId(apiId).integrationType(IntegrationType.AWS_PROXY).integrationUri(fn.getValue())
                        .payloadFormatVersion("2.0")
                        .description("Polycloud function " + fn.getKey())).integrationId());
                integrationOf.put(fn.getKey(), id);
            }
        }

        Map<String, String> wanted = new LinkedHashMap<>();
        for (Route r : spec.routes()) {
            wanted.put(routeKey(r), "integrations/" + integrationOf.get(r.function()));
        }
        for (software.amazon.awssdk.services.apigatewayv2.model.Route existing : routes(apiId)) {
            String target = wanted.remove(existing.routeKey());
            if (target == null) {
                AwsErrors.call(resource, "DeleteRoute", () -> api().deleteRoute(b -> b.apiId(apiId)
                        .routeId(existing.routeId())));
            } else if (!target.equals(existing.target())) {
                AwsErrors.call(resource, "UpdateRoute", () -> api().updateRoute(b -> b.apiId(apiId)
                        .routeId(existing.routeId()).target(target)));
            }
        }
        wanted.forEach((key, target) -> AwsErrors.call(resource, "CreateRoute", () -> api().createRoute(b -> b
                .apiId(apiId).routeKey(key).target(target))));

        Set<String> used = new LinkedHashSet<>(integrationOf.values());
        for (Integration i : integrations) {
            if (!used.contains(i.integrationId()) && LambdaFunctionDriver.functionName(i.integrationUri()).isPresent()) {
                LambdaFunctionDriver.ignoreMissing(() -> AwsErrors.call(resource, "DeleteIntegration",
                        () -> api().deleteIntegration(b -> b.apiId(apiId).integrationId(i.integrationId()))));
            }
        }

        for (Map.Entry<String, String> fn : functionArns.entrySet()) {
            allowInvoke(apiId, fn.getKey(), fn.getValue());
        }
        for (String fn : previousFunctions) {
            if (!functionArns.containsKey(fn)) {
                revokeInvoke(apiId, fn);
            }
        }

        ensureStage(apiId);
        return endpoint(found);
    }

    private static String routeKey(Route r) {
        return r.method() + " " + r.path();
    }

    private String functionArn(String function) {
        return GatewayFunctions.functionArn(clients, resource, function);
    }

    private void allowInvoke(String apiId, String function, String functionArn) {
        GatewayFunctions.allowInvoke(clients, resource, apiId, function, functionArn);
    }

    private void revokeInvoke(String apiId, String function) {
        GatewayFunctions.revokeInvoke(clients, resource, apiId, function);
    }

    /**
     * The id of the permission statement that lets API Gateway invoke a function from one API.
     *
     * @param apiId the API id
     * @return {@code polycloud-<api id>}
     */
    public static String statementId(String apiId) {
        return "polycloud-" + apiId;
    }

    private void ensureStage(String apiId) {
        Optional<GetStageResponse> stage;
        try {
            stage = Optional.of(AwsErrors.call(resource, "GetStage", () -> api().getStage(b -> b.apiId(apiId)
                    .stageName(STAGE))));
        } catch (CloudException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            stage = Optional.empty();
        }
        if (stage.isEmpty()) {
            AwsErrors.call(resource, "CreateStage", () -> api().createStage(b -> b.apiId(apiId).stageName(STAGE)
                    .autoDeploy(true)));
        } else if (!Boolean.TRUE.equals(stage.get().autoDeploy())) {
            AwsErrors.call(resource, "UpdateStage", () -> api().updateStage(b -> b.apiId(apiId).stageName(STAGE)
                    .autoDeploy(true)));
        }
    }

    private List<Integration> integrations(String apiId) {
        List<Integration> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetIntegrationsResponse page = AwsErrors.call(resource, "GetIntegrations", () -> api().getIntegrations(b -> b
                    .apiId(apiId).nextToken(next)));
            all.addAll(page.items());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return all;
    }

    private List<software.amazon.awssdk.services.apigatewayv2.model.Route> routes(String apiId) {
        List<software.amazon.awssdk.services.apigatewayv2.model.Route> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetRoutesResponse page = AwsErrors.call(resource, "GetRoutes", () -> api().getRoutes(b -> b.apiId(apiId)
                    .nextToken(next)));
            all.addAll(page.items());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return all;
    }

    private URI endpoint(Api a) {
        return servedUri(a.apiEndpoint(), a.apiId(), clients.settings().endpoint());
    }

    /**
     * The base URI that serves an API. Against real AWS, the API's own endpoint. With
     * {@code polycloud.aws.endpoint} configured, the URI that endpoint serves the API at: an emulator
     * that already reports a local URI (LocalStack reports
     * {@code http://<id>.execute-api.localhost.localstack.cloud:<port>}) is taken as is; one that
     * echoes a real-AWS {@code *.amazonaws.com} URI (moto) is rewritten to LocalStack's host form on the
     * configured endpoint's scheme and port ({@code localhost.localstack.cloud} and its subdomains
     * resolve to 127.0.0.1 in public DNS), never a real-AWS address the emulated API does not live at.
     *
     * @param reported the API's endpoint as the service reports it
     * @param apiId the API id
     * @param configured the configured endpoint, if any
     * @return the base URI, without a trailing slash
     */
    static URI servedUri(String reported, String apiId, Optional<URI> configured) {
        String e = reported == null ? "" : reported;
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        if (configured.isEmpty()) {
            return URI.create(e);
        }
        URI reportedUri = e.isEmpty() ? null : URI.create(e);
        if (reportedUri != null && reportedUri.getHost() != null && !reportedUri.getHost().endsWith(".amazonaws.com")) {
            return reportedUri;
        }
        URI base = configured.get();
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        return URI.create(base.getScheme() + "://" + apiId + ".execute-api.localhost.localstack.cloud:" + port);
    }

    @Override
    public Optional<GatewaySpec> describe() {
        Optional<Api> found = find();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String apiId = found.get().apiId();
        try {
            Map<String, String> functionOf = new LinkedHashMap<>();
            for (Integration i : integrations(apiId)) {
                LambdaFunctionDriver.functionName(i.integrationUri()).ifPresent(fn -> functionOf.put(
                        "integrations/" + i.integrationId(), fn));
            }
            List<Route> routes = new ArrayList<>();
            for (var r : routes(apiId)) {
                String fn = functionOf.get(r.target());
                if (fn == null) {
                    continue;
                }
                try {
                    routes.add(Route.parse(r.routeKey(), fn));
                } catch (CloudException e) {
                    // a route key Polycloud does not write ($default, {proxy+}): not portable
                }
            }
            return routes.isEmpty() ? Optional.empty() : Optional.of(new GatewaySpec(routes));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<URI> uri() {
        return find().map(this::endpoint);
    }

    @Override
    public void delete() {
        Api found = find().orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, "Gateway '" + name
                + "' is not deployed", AwsErrors.PROVIDER, resource, null));
        String apiId = found.apiId();
        Set<String> functions = new LinkedHashSet<>();
        for (Integration i : integrations(apiId)) {
            LambdaFunctionDriver.functionName(i.integrationUri()).ifPresent(functions::add);
        }
        for (String fn : functions) {
            revokeInvoke(apiId, fn);
        }
        try {
            AwsErrors.call(resource, "DeleteApi", () -> api().deleteApi(b -> b.apiId(apiId)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Gateway '" + name + "' is not deployed",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HttpApiGatewayDriver[" + name + "]";
    }
}
