package dev.polycloud.azure.gateway;

import dev.polycloud.azure.functions.AzureFunctionDriverTest;
import dev.polycloud.azure.functions.AzureFunctionDriver;
import dev.polycloud.azure.internal.AzureCapabilities;
import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.ManagementClient;
import dev.polycloud.azure.internal.StandInArm;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.Functions;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gateway.Gateway;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.GatewayDriver;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import reactor.core.publisher.Mono;

/**
 * Gateways on API Management. No API Management service exists here, so every test runs against
 * {@link StandInArm}, a local HTTP server standing in for Azure Resource Manager, and checks the
 * requests the driver builds (method, path, query, headers, body — the imported OpenAPI document and
 * the policy XML included) and how it maps the answers. Whether API Management accepts these
 * documents and policies and routes as they say is not shown here.
 */
@DisplayName("API Management gateway driver (requests checked on a stand-in Resource Manager)")
class ApiManagementGatewayTest {

    private static final String SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
    private static final String KEY = "fn-key-SECRET-0a1b2c";
    private static final String SERVICE = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-orders/providers/Microsoft.ApiManagement/service/shop-apim";
    private static final String APP = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/orders";
    private static final String API = SERVICE + "/apis/shop";

    private StandInArm arm;
    private AzureFunctionSettings settings;
    private ApiManagementGateways gateways;

    private static AzureFunctionSettings settings(Map<String, String> extra) {
        return AzureFunctionSettings.from(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.functions.app-url", "https://orders.azurewebsites.net")
                .set("polycloud.azure.functions.key", KEY)
                .set("polycloud.azure.subscription-id", SUBSCRIPTION)
                .set("polycloud.azure.resource-group", "rg-orders")
                .set("polycloud.azure.apim.service-name", "shop-apim")
                .setAll(extra).build());
    }

    @BeforeEach
    void start() {
        arm = StandInArm.start();
        arm.seed(SERVICE, "{\"name\":\"shop-apim\",\"properties\":{\"gatewayUrl\":\"https://shop-apim.azure-api.net\"}}");
        settings = settings(Map.of());
        ManagementClient client = arm.client();
        gateways = new ApiManagementGateways(settings, () -> client, AzureCapabilities.GATEWAY_MAX_BODY_BYTES);
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    private static GatewaySpec spec() {
        return GatewaySpec.builder().route("GET /items/{id}", "items-fn").route("POST /items", "items-fn")
                .route("DELETE /items/{id}", "admin-fn").build();
    }

    private List<String> calls() {
        return arm.calls().stream().map(StandInArm.Call::toString).toList();
    }

    private StandInArm.Call call(String method, String path) {
        return arm.calls().stream().filter(c -> c.method().equals(method) && c.path().equals(path)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + method + " " + path + " in " + calls()));
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static CloudException fails(ErrorCode code, Runnable call) {
        return AzureFunctionDriverTest.fails(code, call);
    }

    @Nested
    @DisplayName("deploying")
    class Deploying {

        @Test
        @DisplayName("a first deploy stores the key as a secret named value, imports the API, writes its policy and returns gatewayUrl/NAME")
        void sequence() {
            URI base = gateways.gateway("shop").deploy(spec());
            assertThat(base).isEqualTo(URI.create("https://shop-apim.azure-api.net/shop"));
            String namedValue = SERVICE + "/namedValues/" + ApiManagementPolicy.keyNamedValue(settings.urlTemplate());
            assertThat(calls()).containsExactly(
                    "GET " + API + "?api-version=2022-08-01",
                    "GET " + namedValue + "?api-version=2022-08-01",
                    "PUT " + namedValue + "?api-version=2022-08-01",
                    "PUT " + API + "?api-version=2022-08-01",
                    "PUT " + API + "/policies/policy?api-version=2022-08-01",
                    "GET " + SERVICE + "?api-version=2022-08-01");
            assertThat(arm.calls()).allSatisfy(c -> assertThat(c.header("Authorization"))
                    .isEqualTo("Bearer " + StandInArm.TOKEN));

            StandInArm.Call nv = call("PUT", namedValue);
            assertThat(nv.header("If-Match")).as("If-Match on create").isNull();
            assertThat(nv.json().path("properties").path("secret").asBoolean()).isTrue();
            assertThat(nv.json().path("properties").path("value").asText()).isEqualTo(KEY);
            assertThat(arm.calls().stream().filter(c -> !c.path().equals(namedValue)))
                    .as("no other request carries the key").allSatisfy(c -> assertThat(c.body()).doesNotContain(KEY));
        }

        @Test
        @DisplayName("the API is imported as an OpenAPI 3 JSON document with the function app as back end and no subscription key")
        void importBody() throws Exception {
            gateways.gateway("shop").deploy(spec());
            StandInArm.Call put = call("PUT", API);
            assertThat(put.header("If-Match")).isNull();
            assertThat(put.header("Content-Type")).startsWith("application/json");
            JsonNode p = put.json().path("properties");
            assertThat(p.path("format").asText()).isEqualTo("openapi+json");
            assertThat(p.path("path").asText()).isEqualTo("shop");
            assertThat(p.path("serviceUrl").asText()).isEqualTo("https://orders.azurewebsites.net/api");
            assertThat(p.path("subscriptionRequired").asBoolean(true)).isFalse();
            assertThat(p.path("protocols").toString()).isEqualTo("[\"https\"]");
            assertThat(p.path("description").asText()).startsWith(ApiManagementGateways.MARKER)
                    .contains("\nGET /items/{id} -> items-fn\nPOST /items -> items-fn\nDELETE /items/{id} -> admin-fn");

            JsonNode doc = PayloadCodec.mapper().readTree(p.path("value").asText());
            assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
            assertThat(doc.path("info").path("title").asText()).isEqualTo("shop");
            assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo("https://orders.azurewebsites.net/api");
            JsonNode get = doc.path("paths").path("/items/{id}").path("get");
            assertThat(get.path("x-polycloud-function").asText()).isEqualTo("items-fn");
            assertThat(get.path("parameters").path(0).path("name").asText()).isEqualTo("id");
            assertThat(get.path("parameters").path(0).path("in").asText()).isEqualTo("path");
            assertThat(doc.path("paths").path("/items/{id}").path("delete").path("x-polycloud-function").asText())
                    .isEqualTo("admin-fn");
            List<String> ids = new ArrayList<>();
            doc.path("paths").forEach(item -> item.forEach(op -> ids.add(op.path("operationId").asText())));
            assertThat(ids).containsExactlyInAnyOrder("get-1", "delete-2", "post-3").doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("the policy sends each operation to its function, passes route and path, adds the key by reference, and maps limits and timeouts")
        void policy() throws Exception {
            gateways.gateway("shop").deploy(spec());
            StandInArm.Call put = call("PUT", API + "/policies/policy");
            assertThat(put.header("If-Match")).isEqualTo("*");
            JsonNode p = put.json().path("properties");
            assertThat(p.path("format").asText()).isEqualTo("rawxml");
            String policy = p.path("value").asText();
            assertThat(policy).doesNotContain(KEY);
            Document doc = xml(policy);

            List<Element> whens = elements(doc, "when");
            List<String> conditions = whens.stream().map(w -> w.getAttribute("condition")).toList();
            assertThat(conditions).contains(
                    "@(context.Operation.Method == \"GET\" && context.Operation.UrlTemplate == \"/items/{id}\")",
                    "@(context.Operation.Method == \"POST\" && context.Operation.UrlTemplate == \"/items\")",
                    "@(context.Operation.Method == \"DELETE\" && context.Operation.UrlTemplate == \"/items/{id}\")");
            Element getItem = whens.stream().filter(w -> w.getAttribute("condition").contains("\"GET\"")).findFirst()
                    .orElseThrow();
            assertThat(((Element) getItem.getElementsByTagName("set-backend-service").item(0)).getAttribute("base-url"))
                    .isEqualTo("https://orders.azurewebsites.net/api");
            Element rewrite = (Element) getItem.getElementsByTagName("rewrite-uri").item(0);
            assertThat(rewrite.getAttribute("template")).isEqualTo("/items-fn");
            assertThat(rewrite.getAttribute("copy-unmatched-params")).isEqualTo("true");
            Element route = (Element) getItem.getElementsByTagName("set-header").item(0);
            assertThat(route.getAttribute("name")).isEqualTo("X-Polycloud-Route");
            assertThat(route.getTextContent().strip()).isEqualTo("/items/{id}");
            Element delete = whens.stream().filter(w -> w.getAttribute("condition").contains("\"DELETE\"")).findFirst()
                    .orElseThrow();
            assertThat(((Element) delete.getElementsByTagName("rewrite-uri").item(0)).getAttribute("template"))
                    .isEqualTo("/admin-fn");

            List<Element> headers = elements(doc, "set-header");
            assertThat(headers).anySatisfy(h -> {
                assertThat(h.getAttribute("name")).isEqualTo("x-functions-key");
                assertThat(h.getTextContent().strip())
                        .isEqualTo("{{" + ApiManagementPolicy.keyNamedValue(settings.urlTemplate()) + "}}");
            });
            assertThat(headers).anySatisfy(h -> {
                assertThat(h.getAttribute("name")).isEqualTo("X-Polycloud-Path");
                assertThat(h.getTextContent().strip()).isEqualTo("@(context.Request.OriginalUrl.Path)");
            });
            assertThat(headers).anySatisfy(h -> {
                assertThat(h.getAttribute("name")).isEqualTo("X-Polycloud-Invoke");
                assertThat(h.getAttribute("exists-action")).isEqualTo("delete");
            });
            assertThat(conditions).anySatisfy(c -> assertThat(c).contains("Content-Length")
                    .contains("> " + AzureCapabilities.GATEWAY_MAX_BODY_BYTES + "L"));
            assertThat(elements(doc, "set-status")).extracting(e -> e.getAttribute("code"))
                    .containsExactly("413", "504", "502");
            assertThat(elements(doc, "forward-request").get(0).getAttribute("timeout")).isEqualTo("230");
        }

        @Test
        @DisplayName("an ANY route becomes one operation per method, in the document and the policy")
        void anyRoute() throws Exception {
            gateways.gateway("shop").deploy(GatewaySpec.builder().route("ANY /proxy/{rest}", "items-fn").build());
            JsonNode doc = PayloadCodec.mapper().readTree(call("PUT", API).json().path("properties").path("value").asText());
            List<String> methods = new ArrayList<>();
            doc.path("paths").path("/proxy/{rest}").fieldNames().forEachRemaining(methods::add);
            assertThat(methods).containsExactlyInAnyOrder("get", "post", "put", "patch", "delete", "head", "options");
            Document policy = xml(call("PUT", API + "/policies/policy").json().path("properties").path("value").asText());
            assertThat(elements(policy, "rewrite-uri")).hasSize(7);
            assertThat(ApiManagementGateways.fromDescription(call("PUT", API).json().path("properties")
                    .path("description").asText())).contains(GatewaySpec.builder().route("ANY /proxy/{rest}", "items-fn")
                    .build());
        }

        @Test
        @DisplayName("a redeploy imports over the API and named value with If-Match: *")
        void redeploy() {
            GatewayDriver g = gateways.gateway("shop");
            g.deploy(spec());
            arm.clearCalls();
            g.deploy(GatewaySpec.builder().route("GET /new", "items-fn").build());
            assertThat(call("PUT", API).header("If-Match")).isEqualTo("*");
            assertThat(call("PUT", SERVICE + "/namedValues/" + ApiManagementPolicy.keyNamedValue(settings.urlTemplate()))
                    .header("If-Match")).isEqualTo("*");
            assertThat(g.describe()).contains(GatewaySpec.builder().route("GET /new", "items-fn").build());
            assertThat(calls()).as("the gateway URL is read once per driver factory")
                    .noneMatch(c -> c.equals("GET " + SERVICE + "?api-version=2022-08-01"));
        }

        @Test
        @DisplayName("an API of that name not made by Polycloud is ALREADY_EXISTS, and nothing is written")
        void foreign() {
            arm.seed(API, "{\"properties\":{\"path\":\"shop\",\"description\":\"the team's hand-made API\"}}");
            fails(ErrorCode.ALREADY_EXISTS, () -> gateways.gateway("shop").deploy(spec()));
            assertThat(arm.calls()).noneMatch(c -> c.method().equals("PUT"));
            assertThat(gateways.gateway("shop").describe()).as("a foreign API is not described").isEmpty();
        }

        @Test
        @DisplayName("without a function key there is no named value and no key header; a configured gateway URL is used as is")
        void anonymousFunctions() throws Exception {
            AzureFunctionSettings anonymous = AzureFunctionSettings.from(PolycloudConfig.builder().provider("azure")
                    .set("polycloud.azure.functions.url-template", "https://fn.example.com/x/{function}")
                    .set("polycloud.azure.subscription-id", SUBSCRIPTION)
                    .set("polycloud.azure.resource-group", "rg-orders")
                    .set("polycloud.azure.apim.service-name", "shop-apim")
                    .set("polycloud.azure.apim.gateway-url", "https://api.example.com/").build());
            ManagementClient client = arm.client();
            URI base = new ApiManagementGateways(anonymous, () -> client, 1000).gateway("shop").deploy(spec());
            assertThat(base).isEqualTo(URI.create("https://api.example.com/shop"));
            assertThat(calls()).noneMatch(c -> c.contains("namedValues")).noneMatch(c -> c.startsWith("GET " + SERVICE + "?"));
            Document policy = xml(call("PUT", API + "/policies/policy").json().path("properties").path("value").asText());
            assertThat(elements(policy, "set-header")).noneMatch(h -> h.getAttribute("name").equals("x-functions-key"));
            assertThat(elements(policy, "set-backend-service").get(0).getAttribute("base-url"))
                    .isEqualTo("https://fn.example.com/x");
            assertThat(call("PUT", API).json().path("properties").path("serviceUrl").asText())
                    .isEqualTo("https://fn.example.com/x");
        }
    }

    @Nested
    @DisplayName("long-running operations")
    class Operations {

        @Test
        @DisplayName("a 202 with Location is polled as Retry-After says until the operation answers 200")
        void location() {
            AtomicInteger polls = new AtomicInteger();
            arm.override((c, a) -> {
                if (c.method().equals("PUT") && c.path().equals(API)) {
                    return Optional.of(new StandInArm.Reply(202, Map.of("Location",
                            a.endpoint() + "/operations/import-1?api-version=2022-08-01", "Retry-After", "0"), ""));
                }
                if (c.path().equals("/operations/import-1")) {
                    return Optional.of(polls.incrementAndGet() < 3
                            ? new StandInArm.Reply(202, Map.of("Retry-After", "0"), "")
                            : StandInArm.Reply.json(200, "{\"name\":\"shop\"}"));
                }
                return Optional.empty();
            });
            gateways.gateway("shop").deploy(spec());
            assertThat(polls).hasValue(3);
            assertThat(calls()).last().asString().startsWith("GET " + SERVICE);
        }

        @Test
        @DisplayName("a failed Azure-AsyncOperation maps its error code: ValidationError is INVALID_ARGUMENT")
        void asyncFailure() {
            arm.override((c, a) -> {
                if (c.method().equals("PUT") && c.path().equals(API)) {
                    return Optional.of(new StandInArm.Reply(201, Map.of("Azure-AsyncOperation",
                            a.endpoint() + "/operations/import-2?api-version=2022-08-01", "Retry-After", "0"), "{}"));
                }
                if (c.path().equals("/operations/import-2")) {
                    return Optional.of(StandInArm.Reply.json(200, "{\"status\":\"Failed\",\"error\":{\"code\":"
                            + "\"ValidationError\",\"message\":\"Parsing error(s): the OpenAPI document is invalid\"}}"));
                }
                return Optional.empty();
            });
            CloudException e = fails(ErrorCode.INVALID_ARGUMENT, () -> gateways.gateway("shop").deploy(spec()));
            assertThat(e.getMessage()).contains("ValidationError").contains("OpenAPI document is invalid")
                    .contains("gateway shop");
        }

        @Test
        @DisplayName("a polling URL on another host is refused, so the token never leaves the Resource Manager endpoint")
        void otherHost() {
            arm.override((c, a) -> c.method().equals("PUT") && c.path().equals(API)
                    ? Optional.of(new StandInArm.Reply(202, Map.of("Location", "https://elsewhere.example.com/op"), ""))
                    : Optional.empty());
            assertThat(fails(ErrorCode.INTERNAL, () -> gateways.gateway("shop").deploy(spec())).getMessage())
                    .contains("elsewhere.example.com");
        }
    }

    @Nested
    @DisplayName("describing and deleting")
    class Describing {

        @Test
        @DisplayName("describe reads the routes back; uri is gatewayUrl/NAME; a gateway never deployed has neither")
        void describe() {
            GatewayDriver g = gateways.gateway("shop");
            assertThat(g.describe()).isEmpty();
            assertThat(g.uri()).isEmpty();
            g.deploy(spec());
            assertThat(g.describe()).contains(spec());
            assertThat(g.uri()).contains(URI.create("https://shop-apim.azure-api.net/shop"));
        }

        @Test
        @DisplayName("delete removes the API and its revisions with If-Match: *; deleting again is NOT_FOUND")
        void delete() {
            GatewayDriver g = gateways.gateway("shop");
            g.deploy(spec());
            arm.clearCalls();
            g.delete();
            StandInArm.Call del = call("DELETE", API);
            assertThat(del.query()).isEqualTo("api-version=2022-08-01&deleteRevisions=true");
            assertThat(del.header("If-Match")).isEqualTo("*");
            assertThat(g.describe()).isEmpty();
            fails(ErrorCode.NOT_FOUND, g::delete);
        }

        @Test
        @DisplayName("through the portable Gateway: a route to a function the app lacks is NOT_FOUND before API Management is touched, and openApi() exports the deployed routes")
        void portable() throws Exception {
            arm.seed(APP + "/functions/items-fn", "{\"name\":\"orders/items-fn\",\"properties\":{\"config\":{}}}");
            arm.seed(APP + "/functions/admin-fn", "{\"name\":\"orders/admin-fn\",\"properties\":{\"config\":{}}}");
            ManagementClient client = arm.client();
            HttpClient http = HttpClient.newHttpClient();
            Retrier retrier = new Retrier("azure", 1, Duration.ofMillis(1));
            Functions functions = dev.polycloud.internal.Handles.functions().create(new AzureFunctionDriver(settings, () -> http, () -> client),
                    new FunctionCapabilities(true, 1000, Duration.ofSeconds(230), false, false, false, false, false),
                    retrier, dev.polycloud.function.PayloadCodec.mapper());
            Gateway gateway = dev.polycloud.internal.Handles.gateway().create("shop", gateways.gateway("shop"), retrier, () -> functions);

            CloudException missing = fails(ErrorCode.NOT_FOUND, () -> gateway.deploy(GatewaySpec.builder()
                    .route("GET /a", "items-fn").route("GET /b", "gone-fn").build()));
            assertThat(missing.getMessage()).contains("gone-fn");
            assertThat(arm.calls()).noneMatch(c -> c.path().startsWith(SERVICE + "/apis"));

            URI base = gateway.deploy(spec());
            JsonNode doc = PayloadCodec.mapper().readTree(gateway.openApi());
            assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo(base.toString());
            assertThat(doc.path("paths").path("/items").path("post").path("x-polycloud-function").asText())
                    .isEqualTo("items-fn");
            assertThat(gateway.routes()).containsExactlyElementsOf(spec().routes());
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {

        @Test
        @DisplayName("403 AuthorizationFailed is PERMISSION_DENIED, 429 THROTTLED, 404 ResourceGroupNotFound on a write NOT_FOUND")
        void statuses() {
            arm.override((c, a) -> Optional.of(StandInArm.Reply.error(403, "AuthorizationFailed",
                    "The client 'x' does not have authorization to perform action")));
            CloudException denied = fails(ErrorCode.PERMISSION_DENIED, () -> gateways.gateway("shop").describe());
            assertThat(denied.getMessage()).contains("HTTP 403").contains("AuthorizationFailed").contains("gateway shop")
                    .doesNotContain(StandInArm.TOKEN);
            arm.override((c, a) -> Optional.of(StandInArm.Reply.error(429, "TooManyRequests", "slow down")));
            assertThat(fails(ErrorCode.THROTTLED, () -> gateways.gateway("shop").uri()).retryable()).isTrue();
            arm.override((c, a) -> c.method().equals("PUT")
                    ? Optional.of(StandInArm.Reply.error(404, "ResourceGroupNotFound", "Resource group 'rg' could not be found."))
                    : Optional.empty());
            fails(ErrorCode.NOT_FOUND, () -> gateways.gateway("shop").deploy(spec()));
        }

        @Test
        @DisplayName("a credential that cannot get a token is UNAUTHENTICATED, before any request")
        void noCredential() {
            HttpClient http = HttpClient.newHttpClient();
            ManagementClient client = new ManagementClient(arm.endpoint(), () -> request -> Mono.error(
                    new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token", null)),
                    () -> http);
            ApiManagementGateways g = new ApiManagementGateways(settings, () -> client, 1000);
            fails(ErrorCode.UNAUTHENTICATED, () -> g.gateway("shop").describe());
            assertThat(arm.calls()).isEmpty();
        }

        @Test
        @DisplayName("Resource Manager refusing the token is UNAUTHENTICATED")
        void badToken() {
            HttpClient http = HttpClient.newHttpClient();
            ManagementClient client = new ManagementClient(arm.endpoint(), () -> request -> Mono.just(
                    new com.azure.core.credential.AccessToken("wrong", java.time.OffsetDateTime.now().plusHours(1))),
                    () -> http);
            CloudException e = fails(ErrorCode.UNAUTHENTICATED,
                    () -> new ApiManagementGateways(settings, () -> client, 1000).gateway("shop").describe());
            assertThat(e.getMessage()).contains("InvalidAuthenticationToken").doesNotContain("wrong");
        }
    }
}
