package dev.polycloud.aws.gateway;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApisResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;

/**
 * A portable gateway on an API Gateway REST API (v1), chosen with {@code polycloud.aws.gateway.type=rest}: the
 * API type LocalStack's community image serves (HTTP APIs, the default {@link HttpApiGatewayDriver}, are
 * LocalStack Pro). The REST API is named after the gateway and tagged {@value HttpApiGatewayDriver#TAG}
 * {@code =<name>}, as HTTP APIs are.
 *
 * <ul>
 *   <li>Each route path is a chain of resources ({@code /items/{id}} is {@code items} under the root and
 *       {@code {id}} under it); each route a method on its resource ({@code ANY} included) without
 *       authorization, integrated as a Lambda proxy ({@code AWS_PROXY}, payload format 1.0, which the Lambda
 *       adapter reads). Redeploying puts the spec's methods and integrations, deletes methods and resources no
 *       route uses, and deploys to the stage {@value #STAGE}, so the stage serves exactly the spec.</li>
 *   <li>The base URI is the stage's: {@code https://<id>.execute-api.<region>.amazonaws.com/polycloud} on AWS;
 *       on a configured endpoint (LocalStack) LocalStack's path form on that endpoint,
 *       {@code <endpoint>/restapis/<id>/polycloud/_user_request_}, which needs no DNS.</li>
 *   <li>Permissions as for HTTP APIs: statement {@code polycloud-<api id>} on each routed function.</li>
 * </ul>
 *
 * <p>Status codes where API Gateway answers itself differ from HTTP APIs: a missing route or a method without a
 * route is 403 ({@code MissingAuthenticationToken}) on AWS, not 404/405; a handler's 502 and 504 come from the
 * adapter; an integration over 29 seconds is 504.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class RestApiGatewayDriver implements dev.polycloud.spi.GatewayDriver {

    /** The stage the API is deployed to. */
    public static final String STAGE = "polycloud";

    private final AwsClients clients;
    private final String name;
    private final String resource;

    public RestApiGatewayDriver(AwsClients clients, String name) {
        this.clients = clients;
        this.name = name;
        this.resource = "gateway " + name;
    }

    private ApiGatewayClient api() {
        return clients.apiGatewayRest();
    }

    /**
     * The REST API of this gateway.
     *
     * @return the API, or empty when none is deployed
     */
    Optional<RestApi> find() {
        String position = null;
        do {
            String next = position;
            GetRestApisResponse page = AwsErrors.call(resource, "GetRestApis", () -> api().getRestApis(b -> b
                    .limit(500).position(next)));
            for (RestApi a : page.items()) {
                if (name.equals(a.name()) && a.tags() != null && name.equals(a.tags().get(HttpApiGatewayDriver.TAG))) {
                    return Optional.of(a);
                }
            }
            position = page.position();
        } while (position != null && !position.isEmpty());
        return Optional.empty();
    }

    @Override
    public URI deploy(GatewaySpec spec) {
        String apiId = find().map(RestApi::id).orElseGet(() -> AwsErrors.call(resource, "CreateRestApi",
                () -> api().createRestApi(b -> b.name(name).description("Polycloud gateway " + name)
                        .tags(Map.of(HttpApiGatewayDriver.TAG, name))
                        .endpointConfiguration(e -> e.types(EndpointType.REGIONAL))).id()));

        Map<String, String> functionArns = new LinkedHashMap<>();
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        for (Route r : spec.routes()) {
            String arn = functionArns.computeIfAbsent(r.function(),
                    fn -> GatewayFunctions.functionArn(clients, resource, fn));
            wanted.computeIfAbsent(r.path(), p -> new LinkedHashMap<>()).put(r.method(), arn);
        }

        Map<String, Resource> byPath = new LinkedHashMap<>();
        for (Resource res : resources(apiId)) {
            byPath.put(res.path(), res);
        }
        Set<String> previousFunctions = new LinkedHashSet<>();
        for (Resource res : byPath.values()) {
            for (String method : methods(res)) {
                integratedFunction(apiId, res.id(), method).ifPresent(previousFunctions::add);
            }
        }

        for (Map.Entry<String, Map<String, String>> path : wanted.entrySet()) {
            String resourceId = ensureResource(apiId, path.getKey(), byPath);
            Set<String> existing = byPath.containsKey(path.getKey()) ? methods(byPath.get(path.getKey())) : Set.of();
            for (Map.Entry<String, String> m : path.getValue().entrySet()) {
                if (!existing.contains(m.getKey())) {
                    AwsErrors.call(resource, "PutMethod", () -> api().putMethod(b -> b.restApiId(apiId)
                            .resourceId(resourceId).httpMethod(m.getKey()).authorizationType("NONE")));
                }
                AwsErrors.call(resource, "PutIntegration", () -> api().putIntegration(b -> b.restApiId(apiId)
                        .resourceId(resourceId).httpMethod(m.getKey()).type(IntegrationType.AWS_PROXY)
                        .integrationHttpMethod("POST").uri(integrationUri(m.getValue()))));
            }
        }

        // Resources no route lives at or under, deepest first (AWS would take the children with a parent; moto
        // leaves them dangling and then fails every deployment), then the methods no route uses.
        List<Resource> existing = new ArrayList<>(byPath.values());
        existing.sort(Comparator.comparingInt((Resource res) -> res.path().length()).reversed());
        Set<String> deleted = new LinkedHashSet<>();
        for (Resource res : existing) {
            if (res.id() == null || "/".equals(res.path())) {
                continue;
            }
            boolean used = wanted.keySet().stream().anyMatch(p -> p.equals(res.path())
                    || p.startsWith(res.path() + "/"));
            if (!used) {
                ignoreNotFound(() -> AwsErrors.call(resource, "DeleteResource", () -> api().deleteResource(b -> b
                        .restApiId(apiId).resourceId(res.id()))));
                deleted.add(res.path());
            }
        }
        for (Resource res : existing) {
            if (res.id() == null || deleted.contains(res.path())) {
                continue;
            }
            Map<String, String> keep = wanted.getOrDefault(res.path(), Map.of());
            for (String method : methods(res)) {
                if (!keep.containsKey(method)) {
                    ignoreNotFound(() -> AwsErrors.call(resource, "DeleteMethod", () -> api().deleteMethod(b -> b
                            .restApiId(apiId).resourceId(res.id()).httpMethod(method))));
                }
            }
        }

        for (Map.Entry<String, String> fn : functionArns.entrySet()) {
            GatewayFunctions.allowInvoke(clients, resource, apiId, fn.getKey(), fn.getValue());
        }
        for (String fn : previousFunctions) {
            if (!functionArns.containsKey(fn)) {
                GatewayFunctions.revokeInvoke(clients, resource, apiId, fn);
            }
        }
        AwsErrors.call(resource, "CreateDeployment", () -> api().createDeployment(b -> b.restApiId(apiId)
                .stageName(STAGE).description("Polycloud gateway " + name)));
        return servedUri(apiId, clients.settings().region(), clients.settings().endpoint());
    }

    /** The resource id of a path, creating the missing resources of its chain. */
    private String ensureResource(String apiId, String path, Map<String, Resource> byPath) {
        Resource root = byPath.get("/");
        if (root == null) {
            throw new CloudException(ErrorCode.INTERNAL, "REST API " + apiId + " has no root resource",
                    AwsErrors.PROVIDER, resource, null);
        }
        String parentId = root.id();
        String current = "";
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            current = current + "/" + part;
            Resource known = byPath.get(current);
            if (known == null) {
                String parent = parentId;
                String created = AwsErrors.call(resource, "CreateResource", () -> api().createResource(b -> b
                        .restApiId(apiId).parentId(parent).pathPart(part)).id());
                known = Resource.builder().id(created).parentId(parent).path(current).pathPart(part).build();
                byPath.put(current, known);
            }
            parentId = known.id();
        }
        return parentId;
    }

    private static Set<String> methods(Resource res) {
        return res.resourceMethods() == null ? Set.of() : new LinkedHashSet<>(res.resourceMethods().keySet());
    }

    /** The Lambda function a method is integrated with, if it is a Lambda integration. */
    private Optional<String> integratedFunction(String apiId, String resourceId, String method) {
        try {
            String uri = AwsErrors.call(resource, "GetIntegration", () -> api().getIntegration(b -> b
                    .restApiId(apiId).resourceId(resourceId).httpMethod(method)).uri());
            return LambdaFunctionDriver.functionName(uri);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The Lambda proxy integration URI of a function: API Gateway calls Lambda's Invoke path. */
    private String integrationUri(String functionArn) {
        String[] parts = functionArn.split(":");
        return "arn:" + parts[1] + ":apigateway:" + parts[3] + ":lambda:path/2015-03-31/functions/" + functionArn
                + "/invocations";
    }

    private List<Resource> resources(String apiId) {
        List<Resource> all = new ArrayList<>();
        String position = null;
        do {
            String next = position;
            GetResourcesResponse page = AwsErrors.call(resource, "GetResources", () -> api().getResources(b -> b
                    .restApiId(apiId).limit(500).position(next)));
            all.addAll(page.items());
            position = page.position();
        } while (position != null && !position.isEmpty());
        return all;
    }

    private static void ignoreNotFound(Runnable call) {
        try {
            call.run();
        } catch (CloudException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * The base URI that serves a REST API's stage. On AWS (no endpoint configured)
     * {@code https://<id>.execute-api.<region>.amazonaws.com/polycloud}; with {@code polycloud.aws.endpoint}
     * configured, LocalStack's path form on that endpoint, {@code <endpoint>/restapis/<id>/polycloud/_user_request_}
     * (it works on any host the endpoint names, without the DNS of {@code localhost.localstack.cloud}).
     *
     * @param apiId the REST API id
     * @param region the region
     * @param configured the configured endpoint, if any
     * @return the base URI, without a trailing slash
     */
    static URI servedUri(String apiId, String region, Optional<URI> configured) {
        if (configured.isEmpty()) {
            return URI.create("https://" + apiId + ".execute-api." + region + ".amazonaws.com/" + STAGE);
        }
        String base = configured.get().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/restapis/" + apiId + "/" + STAGE + "/_user_request_");
    }

    @Override
    public Optional<GatewaySpec> describe() {
        Optional<RestApi> found = find();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String apiId = found.get().id();
        try {
            List<Route> routes = new ArrayList<>();
            for (Resource res : resources(apiId)) {
                for (String method : methods(res)) {
                    Optional<String> fn = integratedFunction(apiId, res.id(), method);
                    if (fn.isEmpty()) {
                        continue;
                    }
                    try {
                        routes.add(Route.parse(method + " " + res.path(), fn.get()));
                    } catch (CloudException e) {
                        // a method Polycloud does not write ({proxy+}, OPTIONS): not portable
                    }
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
        return find().map(a -> servedUri(a.id(), clients.settings().region(), clients.settings().endpoint()));
    }

    @Override
    public void delete() {
        RestApi found = find().orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, "Gateway '" + name
                + "' is not deployed", AwsErrors.PROVIDER, resource, null));
        String apiId = found.id();
        Set<String> functions = new LinkedHashSet<>();
        for (Resource res : resources(apiId)) {
            for (String method : methods(res)) {
                integratedFunction(apiId, res.id(), method).ifPresent(functions::add);
            }
        }
        for (String fn : functions) {
            GatewayFunctions.revokeInvoke(clients, resource, apiId, fn);
        }
        try {
            AwsErrors.call(resource, "DeleteRestApi", () -> api().deleteRestApi(b -> b.restApiId(apiId)));
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
        return "RestApiGatewayDriver[" + name + "]";
    }
}
