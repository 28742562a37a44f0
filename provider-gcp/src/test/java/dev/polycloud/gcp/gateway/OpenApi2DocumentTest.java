package dev.polycloud.gcp.gateway;

import dev.polycloud.gcp.functions.FunctionProtocol;
import dev.polycloud.gcp.functions.FunctionUrls;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.apigateway.v1.ApiConfig;
import com.google.cloud.apigateway.v1.Gateway;
import com.google.cloud.apigateway.v1.GetApiConfigRequest;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The gateway driver's OpenAPI 2.0 document and API Gateway requests, checked without a service:
 * no API Gateway emulator exists, so what API Gateway does with them is not verified here.
 */
@DisplayName("API Gateway: the OpenAPI 2.0 document and the requests")
class OpenApi2DocumentTest {

    private static final GatewaySpec SPEC = GatewaySpec.builder()
            .route("GET /items/{id}", "items")
            .route("POST /items", "items")
            .route("GET /items/special", "special")
            .route("ANY /any", "items")
            .route("GET /", "special")
            .build();

    private static JsonNode render() {
        String json = OpenApi2Document.render("shop", SPEC, fn -> new OpenApi2Document.Backend(
                "https://" + fn + "-abc.a.run.app/", fn.equals("items") ? Duration.ofSeconds(30) : Duration.ofSeconds(3)));
        return PayloadCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
    }

    @Nested
    @DisplayName("the document")
    class Document {

        @Test
        @DisplayName("is Swagger 2.0 over https with one path item per route path")
        void shape() {
            JsonNode doc = render();
            assertThat(doc.get("swagger").asText()).isEqualTo("2.0");
            assertThat(doc.get("info").get("title").asText()).isEqualTo("shop");
            assertThat(doc.get("schemes").toString()).isEqualTo("[\"https\"]");
            List<String> paths = new ArrayList<>();
            doc.get("paths").fieldNames().forEachRemaining(paths::add);
            assertThat(paths).containsExactly("/items/{id}", "/items", "/items/special", "/any", "/");
        }

        @Test
        @DisplayName("a route's operation appends the request path to the function URL carrying the route template")
        void routedOperation() {
            JsonNode op = render().get("paths").get("/items/{id}").get("get");
            JsonNode backend = op.get("x-google-backend");
            assertThat(backend.get("address").asText())
                    .isEqualTo("https://items-abc.a.run.app" + FunctionProtocol.routePath("/items/{id}"));
            assertThat(backend.get("path_translation").asText()).isEqualTo("APPEND_PATH_TO_ADDRESS");
            assertThat(backend.get("jwt_audience").asText()).isEqualTo("https://items-abc.a.run.app");
            assertThat(backend.get("deadline").asDouble()).isEqualTo(35.0);
            JsonNode param = op.get("parameters").get(0);
            assertThat(param.get("name").asText()).isEqualTo("id");
            assertThat(param.get("in").asText()).isEqualTo("path");
            assertThat(param.get("required").asBoolean()).isTrue();
            assertThat(param.get("type").asText()).isEqualTo("string");
            assertThat(op.get("x-polycloud-route").asText()).isEqualTo("GET /items/{id}");
            assertThat(op.get("x-polycloud-function").asText()).isEqualTo("items");
        }

        @Test
        @DisplayName("methods a routed path lacks go to the 405 address of its function; HEAD follows GET")
        void methodNotAllowed() {
            JsonNode item = render().get("paths").get("/items/{id}");
            JsonNode delete = item.get("delete").get("x-google-backend");
            assertThat(delete.get("address").asText()).isEqualTo("https://items-abc.a.run.app"
                    + FunctionProtocol.methodNotAllowedPath(List.of("GET", "HEAD")));
            assertThat(delete.get("path_translation").asText()).isEqualTo("CONSTANT_ADDRESS");
            assertThat(item.get("delete").has("x-polycloud-route")).isFalse();
            assertThat(item.get("head").get("x-polycloud-route").asText()).isEqualTo("GET /items/{id}");
        }

        @Test
        @DisplayName("ANY becomes every method, and operation ids are unique")
        void anyAndIds() {
            JsonNode doc = render();
            JsonNode any = doc.get("paths").get("/any");
            for (String m : List.of("get", "post", "put", "patch", "delete", "head", "options")) {
                assertThat(any.get(m).get("x-polycloud-route").asText()).as(m).isEqualTo("ANY /any");
            }
            List<String> ids = new ArrayList<>();
            doc.get("paths").forEach(item -> item.forEach(op -> ids.add(op.get("operationId").asText())));
            assertThat(ids).doesNotHaveDuplicates().contains("get-items-id", "get-root", "get-items-special");
        }

        @Test
        @DisplayName("reads back to the same routes")
        void roundTrip() {
            String json = OpenApi2Document.render("shop", SPEC, fn -> new OpenApi2Document.Backend("https://x",
                    Duration.ofSeconds(1)));
            assertThat(OpenApi2Document.routes(json).routes()).containsExactlyInAnyOrderElementsOf(SPEC.routes());
        }

        @Test
        @DisplayName("the driver fills in each function's URL from the url template")
        void driverDocument() {
            GcpSettings settings = GcpSettings.from(PolycloudConfig.builder().set("polycloud.gcp.project", "p")
                    .set("polycloud.gcp.region", "europe-west1").build(), x -> null);
            GcpFunctionSettings fs = GcpFunctionSettings.from(PolycloudConfig.builder()
                    .set(GcpFunctionSettings.URL_TEMPLATE, "https://{region}-{project}.cloudfunctions.net/{function}")
                    .build());
            FunctionUrls urls = new FunctionUrls(settings, fs, () -> {
                throw new AssertionError("no lookup with a url template");
            });
            ApiGatewayDriver driver = new ApiGatewayDriver("shop", settings, fs, () -> {
                throw new AssertionError("no API Gateway call for the document");
            }, urls, Duration.ofSeconds(60));
            JsonNode doc = PayloadCodec.decode(driver.document(GatewaySpec.builder().route("GET /a", "fn-a").build())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
            assertThat(doc.get("paths").get("/a").get("get").get("x-google-backend").get("address").asText())
                    .isEqualTo("https://europe-west1-p.cloudfunctions.net/fn-a" + FunctionProtocol.routePath("/a"));
        }
    }

    @Nested
    @DisplayName("the requests")
    class Requests {

        @Test
        @DisplayName("the API is global, the gateway regional, both named after the portable gateway")
        void names() {
            assertThat(ApiGatewayRequests.apiName("p", "shop")).isEqualTo("projects/p/locations/global/apis/shop");
            assertThat(ApiGatewayRequests.gatewayName("p", "europe-west1", "shop"))
                    .isEqualTo("projects/p/locations/europe-west1/gateways/shop");
            var api = ApiGatewayRequests.createApi("p", "shop");
            assertThat(api.getParent()).isEqualTo("projects/p/locations/global");
            assertThat(api.getApiId()).isEqualTo("shop");
            assertThat(api.getApi().getLabelsMap()).containsEntry("managed-by", "polycloud");
        }

        @Test
        @DisplayName("an API config is named after its document's hash and holds the document")
        void config() {
            String doc = "{\"swagger\":\"2.0\"}";
            var request = ApiGatewayRequests.createConfig("p", "shop", doc, Optional.of("gw@p.iam.gserviceaccount.com"));
            assertThat(request.getParent()).isEqualTo("projects/p/locations/global/apis/shop");
            assertThat(request.getApiConfigId()).startsWith("pc-").hasSize(19)
                    .isEqualTo(ApiGatewayRequests.configId(doc))
                    .isNotEqualTo(ApiGatewayRequests.configId(doc + " "));
            ApiConfig config = request.getApiConfig();
            assertThat(config.getGatewayServiceAccount()).isEqualTo("gw@p.iam.gserviceaccount.com");
            assertThat(config.getOpenapiDocuments(0).getDocument().getPath()).isEqualTo("openapi.json");
            assertThat(ApiGatewayRequests.document(config)).contains(doc);
            assertThat(ApiGatewayRequests.configName("p", "shop", doc))
                    .isEqualTo("projects/p/locations/global/apis/shop/configs/" + request.getApiConfigId());
            assertThat(ApiGatewayRequests.getConfig("c").getView()).isEqualTo(GetApiConfigRequest.ConfigView.FULL);
        }

        @Test
        @DisplayName("the gateway serves the config, a redeploy switches only api_config, the base URI is its hostname")
        void gateway() {
            var create = ApiGatewayRequests.createGateway("p", "europe-west1", "shop", "cfg");
            assertThat(create.getParent()).isEqualTo("projects/p/locations/europe-west1");
            assertThat(create.getGatewayId()).isEqualTo("shop");
            assertThat(create.getGateway().getApiConfig()).isEqualTo("cfg");
            var update = ApiGatewayRequests.switchConfig("projects/p/locations/r/gateways/shop", "cfg2");
            assertThat(update.getUpdateMask().getPathsList()).containsExactly("api_config");
            assertThat(update.getGateway().getApiConfig()).isEqualTo("cfg2");
            assertThat(ApiGatewayRequests.baseUri(Gateway.newBuilder().setDefaultHostname("shop-1a2b.ew.gateway.dev")
                    .build())).isEqualTo(URI.create("https://shop-1a2b.ew.gateway.dev"));
        }
    }

    @Test
    @DisplayName("a route with no Polycloud extensions cannot be read back")
    void foreignDocument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApi2Document.routes("{\"paths\":{}}"))
                .isInstanceOf(dev.polycloud.CloudException.class);
        assertThat(Route.parse("GET /a", "fn-a").method()).isEqualTo("GET");
    }
}
