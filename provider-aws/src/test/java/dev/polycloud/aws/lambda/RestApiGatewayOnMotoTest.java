package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.aws.gateway.HttpApiGatewayDriver;
import dev.polycloud.aws.gateway.RestApiGatewayDriver;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The REST API gateway mode ({@code polycloud.aws.gateway.type=rest}) on moto: what deploy, redeploy and delete
 * leave in API Gateway, read back with the native v1 client. Moto manages REST APIs but routes no request to
 * Lambda, so serving is the LocalStack runner's business.
 */
@DisplayName("The REST API gateway driver on moto (management only)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiGatewayOnMotoTest {

    private URI moto;
    private Cloud cloud;
    private ApiGatewayClient api;
    private LambdaClient lambda;

    @BeforeAll
    void open() {
        MotoServer server = MotoServer.shared();
        moto = server.endpoint();
        server.createLambdaRole(MotoLambda.ROLE_NAME);
        server.lambdaUsesDocker(false);
        cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.toString()).set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test").set("polycloud.aws.secret-access-key", "test")
                .set("polycloud.aws.lambda.role", MotoLambda.ROLE).set("polycloud.aws.gateway.type", "rest").build());
        api = cloud.unwrap(ApiGatewayClient.class);
        lambda = cloud.unwrap(LambdaClient.class);
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String name(String prefix) {
        return (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .toLowerCase(Locale.ROOT);
    }

    private String deployed() {
        String fn = name("fn");
        cloud.functions().deploy(FunctionSpec.builder(fn, "com.example.Handler")
                .artifact(MotoLambda.artifact("code of " + fn)).build());
        return fn;
    }

    private List<RestApi> apisNamed(String name) {
        return api.getRestApis(b -> b.limit(500)).items().stream().filter(a -> a.name().equals(name)).toList();
    }

    /** Path → method → integration URI, as API Gateway holds them. */
    private Map<String, Map<String, String>> methods(String apiId) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (Resource r : api.getResources(b -> b.restApiId(apiId).limit(500)).items()) {
            Map<String, String> m = new TreeMap<>();
            if (r.resourceMethods() != null) {
                for (String method : r.resourceMethods().keySet()) {
                    var i = api.getIntegration(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod(method));
                    assertThat(i.typeAsString()).isEqualTo("AWS_PROXY");
                    assertThat(i.httpMethod()).isEqualTo("POST");
                    m.put(method, i.uri());
                }
            }
            all.put(r.path(), m);
        }
        return all;
    }

    private String arn(String function) {
        return lambda.getFunctionConfiguration(b -> b.functionName(function)).functionArn();
    }

    private static String invocation(String arn) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn + "/invocations";
    }

    private String policyOrEmpty(String function) {
        try {
            return lambda.getPolicy(b -> b.functionName(function)).policy();
        } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
            return "";
        }
    }

    @Test
    @DisplayName("deploy creates a tagged REST API: resources per path, a Lambda proxy method per route, the stage, the permission, the LocalStack-style URI")
    void deploys() {
        String orders = deployed();
        String items = deployed();
        Gateway g = cloud.gateway(name("gw"));
        URI base = g.deploy(GatewaySpec.builder().route("GET /orders/{id}", orders).route("ANY /orders", orders)
                .route("GET /", items).build());
        RestApi a = apisNamed(g.name()).get(0);
        assertThat(a.tags()).containsEntry(HttpApiGatewayDriver.TAG, g.name());
        assertThat(base).isEqualTo(URI.create(moto.toString().replaceAll("/$", "") + "/restapis/" + a.id()
                + "/" + RestApiGatewayDriver.STAGE + "/_user_request_"));
        assertThat(g.uri()).contains(base);

        assertThat(methods(a.id())).isEqualTo(Map.of(
                "/", Map.of("GET", invocation(arn(items))),
                "/orders", Map.of("ANY", invocation(arn(orders))),
                "/orders/{id}", Map.of("GET", invocation(arn(orders)))));
        assertThat(api.getStage(b -> b.restApiId(a.id()).stageName(RestApiGatewayDriver.STAGE)).deploymentId())
                .isNotBlank();
        for (String fn : List.of(orders, items)) {
            assertThat(policyOrEmpty(fn)).contains(HttpApiGatewayDriver.statementId(a.id()))
                    .contains(":execute-api:us-east-1:123456789012:" + a.id() + "/*");
        }
        assertThat(g.routes()).containsExactlyInAnyOrder(Route.parse("GET /orders/{id}", orders),
                Route.parse("ANY /orders", orders), Route.parse("GET /", items));
    }

    @Test
    @DisplayName("redeploying serves exactly the new spec: methods and resources no route uses are deleted, and their functions' permissions")
    void redeploys() {
        String first = deployed();
        String second = deployed();
        Gateway g = cloud.gateway(name("gw"));
        g.deploy(GatewaySpec.builder().route("GET /old/deep/{x}", first).route("GET /kept", second)
                .route("POST /kept", first).build());
        String apiId = apisNamed(g.name()).get(0).id();
        String deployment = api.getStage(b -> b.restApiId(apiId).stageName(RestApiGatewayDriver.STAGE))
                .deploymentId();
        g.deploy(GatewaySpec.builder().route("GET /new", second).route("GET /kept", second).build());

        assertThat(methods(apiId)).isEqualTo(Map.of("/", Map.of(),
                "/new", Map.of("GET", invocation(arn(second))),
                "/kept", Map.of("GET", invocation(arn(second)))));
        assertThat(policyOrEmpty(first)).doesNotContain(HttpApiGatewayDriver.statementId(apiId));
        assertThat(api.getStage(b -> b.restApiId(apiId).stageName(RestApiGatewayDriver.STAGE)).deploymentId())
                .as("a new deployment on the stage").isNotEqualTo(deployment);
        assertThat(apisNamed(g.name())).hasSize(1);
        assertThat(g.routes()).containsExactlyInAnyOrder(Route.parse("GET /new", second),
                Route.parse("GET /kept", second));
    }

    @Test
    @DisplayName("delete removes the REST API and the permissions; deleting again is NOT_FOUND; an untagged API of the same name is left alone")
    void deletes() {
        String fn = deployed();
        Gateway g = cloud.gateway(name("gw"));
        api.createRestApi(b -> b.name(g.name()));
        g.deploy(GatewaySpec.builder().route("GET /ping", fn).build());
        assertThat(apisNamed(g.name())).hasSize(2);
        String apiId = apisNamed(g.name()).stream().filter(a -> a.tags() != null && !a.tags().isEmpty())
                .findFirst().orElseThrow().id();
        g.delete();
        assertThat(g.exists()).isFalse();
        assertThat(g.uri()).isEmpty();
        assertThat(apisNamed(g.name())).as("the foreign API stays").hasSize(1)
                .allSatisfy(a -> assertThat(a.id()).isNotEqualTo(apiId));
        assertThat(policyOrEmpty(fn)).doesNotContain(HttpApiGatewayDriver.statementId(apiId));
        assertThatThrownBy(g::delete).isInstanceOf(CloudException.class)
                .extracting(e -> ((CloudException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    @DisplayName("a route to a function that is not deployed is NOT_FOUND naming it")
    void missingFunction() {
        Gateway g = cloud.gateway(name("gw"));
        assertThatThrownBy(() -> g.deploy(GatewaySpec.builder().route("GET /x", "no-such-fn").build()))
                .isInstanceOf(CloudException.class).hasMessageContaining("no-such-fn")
                .extracting(e -> ((CloudException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
