package dev.polycloud.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.queue.QueueServiceClient;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Azure provider configuration")
class AzureSettingsTest {

    static final String SECRET_KEY = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
    static final String CONNECTION = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + SECRET_KEY
            + ";EndpointSuffix=core.windows.net";

    private static PolycloudConfig config(Map<String, String> keys) {
        return PolycloudConfig.builder().provider("azure").setAll(keys).build();
    }

    private static CloudException openFails(Map<String, String> keys) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Polycloud.open(config(keys)).close());
        assertThat(t).isInstanceOf(CloudException.class);
        CloudException e = (CloudException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).doesNotContain(SECRET_KEY);
        return e;
    }

    @Nested
    @DisplayName("checked at open()")
    class Validation {

        @Test
        @DisplayName("no storage configuration fails naming the keys that would do")
        void missing() {
            assertThat(openFails(Map.of()).getMessage()).contains("polycloud.azure.connection-string")
                    .contains("polycloud.azure.account-name").contains("polycloud.azure.queue-endpoint");
        }

        @Test
        @DisplayName("a connection string without a key or signature fails without showing it")
        void badConnectionString() {
            assertThat(openFails(Map.of("polycloud.azure.connection-string", "AccountName=acct;Foo=" + SECRET_KEY))
                    .getMessage()).contains("polycloud.azure.connection-string").contains("value not shown");
            assertThat(openFails(Map.of("polycloud.azure.connection-string", "not a connection string " + SECRET_KEY))
                    .getMessage()).contains("polycloud.azure.connection-string");
        }

        @Test
        @DisplayName("connection string and account name together are ambiguous")
        void ambiguous() {
            assertThat(openFails(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.account-name", "acct")).getMessage())
                    .contains("polycloud.azure.connection-string").contains("polycloud.azure.account-name");
        }

        @Test
        @DisplayName("a malformed account name or endpoint fails naming the key")
        void malformed() {
            assertThat(openFails(Map.of("polycloud.azure.account-name", "Not_An_Account")).getMessage())
                    .contains("polycloud.azure.account-name");
            assertThat(openFails(Map.of("polycloud.azure.queue-endpoint", "ftp://x",
                    "polycloud.azure.table-endpoint", "https://acct.table.core.windows.net")).getMessage())
                    .contains("polycloud.azure.queue-endpoint");
            assertThat(openFails(Map.of("polycloud.azure.queue-endpoint", "https://acct.queue.core.windows.net"))
                    .getMessage()).contains("only one of the two endpoints");
        }

        @Test
        @DisplayName("a malformed Service Bus configuration fails at open, naming the key")
        void serviceBus() {
            assertThat(openFails(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.servicebus.connection-string", "Endpoint=https://x;SharedAccessKey=" + SECRET_KEY))
                    .getMessage()).contains("polycloud.azure.servicebus.connection-string");
            assertThat(openFails(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.servicebus.namespace", "no")).getMessage())
                    .contains("polycloud.azure.servicebus.namespace");
            assertThat(openFails(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.servicebus.namespace", "my-namespace",
                    "polycloud.azure.servicebus.connection-string", "Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b"))
                    .getMessage()).contains("not both");
        }

        @Test
        @DisplayName("valid configurations open: connection string, development storage, account name, endpoints")
        void valid() {
            for (Map<String, String> keys : java.util.List.of(
                    Map.of("polycloud.azure.connection-string", CONNECTION),
                    Map.of("polycloud.azure.connection-string", "UseDevelopmentStorage=true"),
                    Map.of("polycloud.azure.account-name", "acct"),
                    Map.of("polycloud.azure.queue-endpoint", "http://127.0.0.1:1/acct",
                            "polycloud.azure.table-endpoint", "http://127.0.0.1:2/acct"),
                    Map.of("polycloud.azure.connection-string", CONNECTION,
                            "polycloud.azure.servicebus.namespace", "my-namespace"))) {
                assertThatCode(() -> Polycloud.open(config(keys)).close()).as("%s", keys.keySet())
                        .doesNotThrowAnyException();
            }
        }
    }

    @Nested
    @DisplayName("secrets")
    class Secrets {

        @Test
        @DisplayName("the connection string appears neither in the settings nor in the configuration's toString")
        void masked() {
            PolycloudConfig c = config(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.servicebus.connection-string",
                    "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=" + SECRET_KEY));
            assertThat(AzureSettings.from(c).toString()).doesNotContain(SECRET_KEY).contains("****");
            assertThat(c.toString()).doesNotContain(SECRET_KEY);
        }
    }

    @Nested
    @DisplayName("the Guice wiring")
    class Wiring {

        @Test
        @DisplayName("opening a cloud and handing out handles builds no client and calls nothing")
        void lazy() {
            // An endpoint where nothing listens: any network call would fail.
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string",
                    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + SECRET_KEY
                            + ";QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1")))) {
                assertThat(cloud.provider()).isEqualTo("azure");
                assertThat(cloud.capabilities()).isEqualTo(AzureCapabilities.of(false));
                assertThatCode(() -> {
                    cloud.queue("orders");
                    cloud.table("orders");
                    cloud.topic("orders").subscription("audit");
                }).doesNotThrowAnyException();
                CloudException e = org.assertj.core.api.Assertions.catchThrowableOfType(CloudException.class,
                        () -> cloud.queue("orders").exists());
                assertThat(e.code()).as("the first real call fails: nothing listens").isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
            }
        }

        @Test
        @DisplayName("the native clients can be unwrapped; Service Bus ones only when configured")
        void unwrap() {
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string", CONNECTION)))) {
                assertThat(cloud.unwrap(QueueServiceClient.class)).isNotNull()
                        .isSameAs(cloud.unwrap(QueueServiceClient.class));
                assertThat(cloud.unwrap(TableServiceClient.class).getAccountName()).isEqualTo("acct");
                CloudException e = org.assertj.core.api.Assertions.catchThrowableOfType(CloudException.class,
                        () -> cloud.unwrap(ServiceBusAdministrationClient.class));
                assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED);
            }
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.servicebus.connection-string",
                    "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=" + SECRET_KEY)))) {
                assertThat(cloud.unwrap(ServiceBusAdministrationClient.class)).isNotNull();
            }
        }

        @Test
        @DisplayName("the Blob service client is unwrapped at the connection string's account, or at the blob endpoint derived from the account name or set explicitly")
        void blobServiceClient() {
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string", CONNECTION)))) {
                BlobServiceClient blobs = cloud.unwrap(BlobServiceClient.class);
                assertThat(blobs).isSameAs(cloud.unwrap(BlobServiceClient.class));
                assertThat(blobs.getAccountName()).isEqualTo("acct");
                assertThat(blobs.getAccountUrl()).isEqualTo("https://acct.blob.core.windows.net");
            }
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.account-name", "acct2",
                    "polycloud.azure.endpoint-suffix", "core.chinacloudapi.cn")))) {
                assertThat(cloud.unwrap(BlobServiceClient.class).getAccountUrl())
                        .isEqualTo("https://acct2.blob.core.chinacloudapi.cn");
            }
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.blob-endpoint", "http://127.0.0.1:10000/acct")))) {
                assertThat(cloud.unwrap(BlobServiceClient.class).getAccountUrl())
                        .isEqualTo("http://127.0.0.1:10000/acct");
            }
            assertThat(openFails(Map.of("polycloud.azure.connection-string", CONNECTION,
                    "polycloud.azure.blob-endpoint", "ftp://x")).getMessage()).contains("polycloud.azure.blob-endpoint");
        }

        @Test
        @DisplayName("without Service Bus, topics are not declared and their operations fail with UNIMPLEMENTED naming the keys")
        void topicsWithoutServiceBus() {
            try (Cloud cloud = Polycloud.open(config(Map.of("polycloud.azure.connection-string", CONNECTION)))) {
                assertThat(cloud.capabilities().topics().supported()).isFalse();
                for (Runnable op : java.util.List.<Runnable>of(() -> cloud.topic("orders").create(),
                        () -> cloud.topic("orders").publish("x"),
                        () -> cloud.topic("orders").subscription("audit").receive(1, java.time.Duration.ZERO))) {
                    assertThatThrownBy(op::run).isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED);
                        assertThat(e.getMessage()).contains("polycloud.azure.servicebus.connection-string")
                                .contains("polycloud.azure.servicebus.namespace");
                        assertThat(e.provider()).contains("azure");
                    });
                }
            }
        }
    }

    @Nested
    @DisplayName("functions and gateways")
    class FunctionsAndGateways {

        private static final String FN_KEY = "fn-key-THAT-MUST-NOT-LEAK";
        private static final String SUB = "00000000-1111-2222-3333-444444444444";

        private Map<String, String> with(String... pairs) {
            Map<String, String> m = new java.util.HashMap<>(Map.of("polycloud.azure.connection-string", CONNECTION));
            for (int i = 0; i < pairs.length; i += 2) {
                m.put(pairs[i], pairs[i + 1]);
            }
            return m;
        }

        @Test
        @DisplayName("a malformed app URL, URL template, timeout, subscription id or service name fails at open naming the key")
        void malformed() {
            assertThat(openFails(with("polycloud.azure.functions.app-url", "ftp://x")).getMessage())
                    .contains("polycloud.azure.functions.app-url");
            assertThat(openFails(with("polycloud.azure.functions.url-template", "https://x.example.com/api/fn"))
                    .getMessage()).contains("polycloud.azure.functions.url-template").contains("{function}");
            assertThat(openFails(with("polycloud.azure.functions.url-template", "{app-url}/api/{function}"))
                    .getMessage()).contains("polycloud.azure.functions.app-url");
            assertThat(openFails(with("polycloud.azure.functions.app-url", "https://a.azurewebsites.net",
                    "polycloud.azure.functions.timeout", "PT10M")).getMessage())
                    .contains("polycloud.azure.functions.timeout").contains("230");
            assertThat(openFails(with("polycloud.azure.functions.app-url", "https://a.azurewebsites.net",
                    "polycloud.azure.functions.timeout", "soon")).getMessage())
                    .contains("polycloud.azure.functions.timeout");
            assertThat(openFails(with("polycloud.azure.subscription-id", "my-subscription")).getMessage())
                    .contains("polycloud.azure.subscription-id");
            assertThat(openFails(with("polycloud.azure.apim.service-name", "-bad-", "polycloud.azure.functions.app-url",
                    "https://a.azurewebsites.net")).getMessage()).contains("polycloud.azure.apim.service-name");
        }

        @Test
        @DisplayName("API Management without a function app or Resource Manager keys fails at open naming what is missing")
        void gatewaysNeedMore() {
            assertThat(openFails(with("polycloud.azure.apim.service-name", "shop-apim")).getMessage())
                    .contains("polycloud.azure.functions.app-url").contains("polycloud.azure.subscription-id")
                    .contains("polycloud.azure.resource-group");
            assertThat(openFails(with("polycloud.azure.apim.gateway-url", "https://api.example.com")).getMessage())
                    .contains("polycloud.azure.apim.service-name");
            assertThat(openFails(with("polycloud.azure.functions.key", FN_KEY)).getMessage())
                    .contains("polycloud.azure.functions.app-url").doesNotContain(FN_KEY);
        }

        @Test
        @DisplayName("functions and gateways are declared and bound only when configured")
        void declared() {
            try (Cloud cloud = Polycloud.open(config(with("polycloud.azure.functions.app-url",
                    "https://orders.azurewebsites.net", "polycloud.azure.functions.key", FN_KEY,
                    "polycloud.azure.subscription-id", SUB, "polycloud.azure.resource-group", "rg",
                    "polycloud.azure.apim.service-name", "shop-apim")))) {
                // with the function app's Resource Manager keys and blobs, bucket events (Event Grid) are declared too
                assertThat(cloud.capabilities()).isEqualTo(AzureCapabilities.of(false, true, true, true));
                assertThat(cloud.capabilities().functions().supported()).isTrue();
                assertThat(cloud.capabilities().gateways().maxBodyBytes()).isEqualTo(100 * 1024 * 1024);
                assertThatCode(() -> cloud.gateway("shop")).as("a gateway handle makes no call")
                        .doesNotThrowAnyException();
            }
            try (Cloud cloud = Polycloud.open(config(with("polycloud.azure.functions.app-url",
                    "https://orders.azurewebsites.net")))) {
                assertThat(cloud.capabilities().functions().supported()).isTrue();
                assertThat(cloud.capabilities().functions().bucketEvents()).isFalse();
                assertThat(cloud.capabilities().gateways().supported()).isFalse();
                assertThatThrownBy(() -> cloud.gateway("shop")).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            }
        }

        @Test
        @DisplayName("the app name comes from an azurewebsites.net URL, the default template is {app-url}/api/{function}")
        void derived() {
            AzureFunctionSettings f = AzureSettings.from(config(with("polycloud.azure.functions.app-url",
                    "https://Orders.azurewebsites.net/", "polycloud.azure.subscription-id", SUB,
                    "polycloud.azure.resource-group", "rg"))).functions();
            assertThat(f.functionUrl("pricing")).hasToString("https://Orders.azurewebsites.net/api/pricing");
            assertThat(f.functionAppPath()).contains("/subscriptions/" + SUB
                    + "/resourceGroups/rg/providers/Microsoft.Web/sites/orders");
            assertThat(f.timeout()).isEqualTo(java.time.Duration.ofSeconds(230));
            assertThat(f.backend("pricing")).containsExactly("https://Orders.azurewebsites.net/api", "/pricing");
        }

        @Test
        @DisplayName("the function key appears neither in the settings nor in the configuration's toString")
        void keyMasked() {
            PolycloudConfig c = config(with("polycloud.azure.functions.app-url", "https://orders.azurewebsites.net",
                    "polycloud.azure.functions.key", FN_KEY));
            assertThat(AzureSettings.from(c).toString()).doesNotContain(FN_KEY).contains("functionKey=****");
            assertThat(c.toString()).doesNotContain(FN_KEY);
        }
    }
}
