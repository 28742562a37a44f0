package dev.polycloud.azure.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration of functions (Azure Functions), gateways (API Management) and the Azure
 * Resource Manager calls they need, checked when the provider's module is created.
 *
 * <h2>Functions (optional)</h2>
 * <ul>
 *   <li>{@value #APP_URL}: the function app's base URL, e.g. {@code https://orders.azurewebsites.net};</li>
 *   <li>{@value #URL_TEMPLATE}: the URL of one function, with {@code {function}} for its name and
 *       optionally {@code {app-url}}; default {@code {app-url}/api/{function}} (the Functions host's
 *       default route prefix);</li>
 *   <li>{@value #KEY}: a function or host key, sent as {@code x-functions-key} (secret: never shown;
 *       omit it for functions with {@code authLevel = ANONYMOUS});</li>
 *   <li>{@value #TIMEOUT}: how long an invocation may take before the caller gets
 *       {@code DEADLINE_EXCEEDED}: {@code PT30S} or a number of seconds, 1 s to 230 s (an HTTP-triggered
 *       function must answer within 230 seconds on Azure); default 230 s.</li>
 * </ul>
 * Functions are declared when {@value #APP_URL} or {@value #URL_TEMPLATE} is set.
 *
 * <h2>Resource Manager (for listing functions and for gateways)</h2>
 * <ul>
 *   <li>{@value #SUBSCRIPTION} and {@value #RESOURCE_GROUP}: where the function app and the API
 *       Management service live; credentials come from {@code DefaultAzureCredential};</li>
 *   <li>{@value #APP_NAME}: the function app's resource name; by default the first label of the
 *       {@value #APP_URL} host when it ends with {@code .azurewebsites.net};</li>
 *   <li>{@value #MANAGEMENT_ENDPOINT}: the Resource Manager URL (default
 *       {@code https://management.azure.com}; sovereign clouds have their own).</li>
 * </ul>
 *
 * <h2>Gateways (optional)</h2>
 * <ul>
 *   <li>{@value #APIM_SERVICE}: the API Management service name (needs functions and the Resource
 *       Manager keys above);</li>
 *   <li>{@value #APIM_RESOURCE_GROUP}: its resource group when it differs from {@value #RESOURCE_GROUP};</li>
 *   <li>{@value #APIM_GATEWAY_URL}: the gateway's public base URL (a custom domain); by default the
 *       service's {@code gatewayUrl} as Resource Manager reports it.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureFunctionSettings {

    /** The function app's base URL. */
    static final String APP_URL = "polycloud.azure.functions.app-url";
    /** The URL of one function, with {@code {function}}. */
    static final String URL_TEMPLATE = "polycloud.azure.functions.url-template";
    /** The function key (secret). */
    static final String KEY = "polycloud.azure.functions.key";
    /** The invocation timeout. */
    static final String TIMEOUT = "polycloud.azure.functions.timeout";
    /** The function app's resource name. */
    static final String APP_NAME = "polycloud.azure.functions.app-name";
    /** The Azure subscription id. */
    static final String SUBSCRIPTION = "polycloud.azure.subscription-id";
    /** The resource group of the function app (and of API Management by default). */
    static final String RESOURCE_GROUP = "polycloud.azure.resource-group";
    /** The Resource Manager endpoint. */
    static final String MANAGEMENT_ENDPOINT = "polycloud.azure.management-endpoint";
    /** The API Management service name. */
    static final String APIM_SERVICE = "polycloud.azure.apim.service-name";
    /** The API Management service's resource group, when not {@link #RESOURCE_GROUP}. */
    static final String APIM_RESOURCE_GROUP = "polycloud.azure.apim.resource-group";
    /** The API Management gateway's public base URL. */
    static final String APIM_GATEWAY_URL = "polycloud.azure.apim.gateway-url";
    /** The storage account's resource group, when not {@link #RESOURCE_GROUP} (bucket events on Event Grid). */
    static final String STORAGE_RESOURCE_GROUP = "polycloud.azure.storage.resource-group";
    /** Every key of functions, gateways and Resource Manager. */
    static final java.util.Set<String> KEYS = java.util.Set.of(APP_URL, URL_TEMPLATE, KEY, TIMEOUT, APP_NAME,
            SUBSCRIPTION, RESOURCE_GROUP, MANAGEMENT_ENDPOINT, APIM_SERVICE, APIM_RESOURCE_GROUP, APIM_GATEWAY_URL,
            STORAGE_RESOURCE_GROUP);

    /** The default function URL template. */
    static final String DEFAULT_URL_TEMPLATE = "{app-url}/api/{function}";
    /** The longest invocation: Azure's load balancer ends HTTP requests after 230 seconds. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(230);
    /** The default Resource Manager endpoint. */
    static final URI DEFAULT_MANAGEMENT = URI.create("https://management.azure.com");

    private static final Pattern SUBSCRIPTION_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern RESOURCE_GROUP_NAME = Pattern.compile("[-\\w._()]{1,90}");
    private static final Pattern SITE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]?");
    private static final Pattern APIM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,48}[A-Za-z0-9]");

    private final String urlTemplate;
    private final String key;
    private final Duration timeout;
    private final String appName;
    private final String subscription;
    private final String resourceGroup;
    private final URI managementEndpoint;
    private final String apimService;
    private final String apimResourceGroup;
    private final URI apimGatewayUrl;
    private String storageResourceGroup;

    private AzureFunctionSettings(String urlTemplate, String key, Duration timeout, String appName,
                                  String subscription, String resourceGroup, URI managementEndpoint,
                                  String apimService, String apimResourceGroup, URI apimGatewayUrl) {
        this.urlTemplate = urlTemplate;
        this.key = key;
        this.timeout = timeout;
        this.appName = appName;
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        this.managementEndpoint = managementEndpoint;
        this.apimService = apimService;
        this.apimResourceGroup = apimResourceGroup;
        this.apimGatewayUrl = apimGatewayUrl;
    }

    /**
     * Reads and checks the keys; connects to nothing.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming a malformed or missing key
     */
    public static AzureFunctionSettings from(PolycloudConfig config) {
        Optional<String> appUrl = config.get(APP_URL).map(String::trim).map(v -> {
            String u = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            httpUrl(APP_URL, u);
            return u;
        });
        Optional<String> rawTemplate = config.get(URL_TEMPLATE).map(String::trim);
        String template = null;
        if (appUrl.isPresent() || rawTemplate.isPresent()) {
            String t = rawTemplate.orElse(DEFAULT_URL_TEMPLATE);
            if (!t.contains("{function}")) {
                throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE
                        + "' must contain {function} where the function name goes (found '" + t + "')");
            }
            if (t.contains("{app-url}")) {
                if (appUrl.isEmpty()) {
                    throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE
                            + "' uses {app-url}, so set '" + APP_URL + "' too");
                }
                t = t.replace("{app-url}", appUrl.get());
            }
            httpUrl(URL_TEMPLATE, t.replace("{function}", "fn"));
            template = t;
        }
        Duration timeout = config.get(TIMEOUT).map(AzureFunctionSettings::timeout).orElse(MAX_TIMEOUT);
        String key = config.get(KEY).filter(k -> !k.isBlank()).orElse(null);
        if (key != null && template == null) {
            throw CloudException.invalidArgument("Configuration key '" + KEY + "' is set but no function app is: set '"
                    + APP_URL + "' (value of the key not shown)");
        }

        Optional<String> subscription = config.get(SUBSCRIPTION).map(String::trim);
        subscription.ifPresent(s -> check(SUBSCRIPTION, s, SUBSCRIPTION_ID, "a subscription id (a GUID)"));
        Optional<String> group = config.get(RESOURCE_GROUP).map(String::trim);
        group.ifPresent(g -> check(RESOURCE_GROUP, g, RESOURCE_GROUP_NAME, "a resource group name"));
        Optional<String> appName = config.get(APP_NAME).map(String::trim)
                .or(() -> appUrl.flatMap(AzureFunctionSettings::siteFromUrl));
        appName.ifPresent(a -> check(APP_NAME, a, SITE_NAME, "a function app name"));
        URI management = config.get(MANAGEMENT_ENDPOINT).map(String::trim).map(v -> {
            String u = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            return httpUrl(MANAGEMENT_ENDPOINT, u);
        }).orElse(DEFAULT_MANAGEMENT);

        Optional<String> apim = config.get(APIM_SERVICE).map(String::trim);
        apim.ifPresent(a -> check(APIM_SERVICE, a, APIM_NAME, "an API Management service name"));
        Optional<String> apimGroup = config.get(APIM_RESOURCE_GROUP).map(String::trim);
        apimGroup.ifPresent(g -> check(APIM_RESOURCE_GROUP, g, RESOURCE_GROUP_NAME, "a resource group name"));
        URI gatewayUrl = config.get(APIM_GATEWAY_URL).map(String::trim).map(v -> {
            String u = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            return httpUrl(APIM_GATEWAY_URL, u);
        }).orElse(null);
        if (apim.isPresent()) {
            List<String> missing = new ArrayList<>();
            if (template == null) {
                missing.add(APP_URL);
            }
            if (subscription.isEmpty()) {
                missing.add(SUBSCRIPTION);
            }
            if (group.isEmpty() && apimGroup.isEmpty()) {
                missing.add(RESOURCE_GROUP);
            }
            if (!missing.isEmpty()) {
                throw CloudException.invalidArgument("Gateways on API Management ('" + APIM_SERVICE
                        + "' is set) route to functions through Resource Manager, so they also need '"
                        + String.join("', '", missing) + "'");
            }
        } else if (apimGroup.isPresent() || gatewayUrl != null) {
            throw CloudException.invalidArgument("'" + APIM_RESOURCE_GROUP + "' and '" + APIM_GATEWAY_URL
                    + "' configure API Management: set '" + APIM_SERVICE + "' as well");
        }
        Optional<String> storageGroup = config.get(STORAGE_RESOURCE_GROUP).map(String::trim);
        storageGroup.ifPresent(g -> check(STORAGE_RESOURCE_GROUP, g, RESOURCE_GROUP_NAME, "a resource group name"));
        AzureFunctionSettings settings = new AzureFunctionSettings(template, key, timeout, appName.orElse(null),
                subscription.orElse(null), group.orElse(null), management, apim.orElse(null),
                apimGroup.or(() -> group).orElse(null), gatewayUrl);
        settings.storageResourceGroup = storageGroup.or(() -> group).orElse(null);
        return settings;
    }

    /**
     * Whether bucket events can be bound: functions and the function app's Resource Manager path are configured
     * (the storage account's path also needs its resource group, checked when binding).
     *
     * @return true when Event Grid subscriptions can be created
     */
    public boolean bucketEventsConfigured() {
        return functionsConfigured() && functionAppPath().isPresent();
    }

    /**
     * The storage account's Resource Manager path.
     *
     * @param account the storage account name
     * @return {@code /subscriptions/S/resourceGroups/G/providers/Microsoft.Storage/storageAccounts/A}
     * @throws CloudException {@code UNIMPLEMENTED} naming the missing keys
     */
    public String storageAccountPath(String account) {
        if (subscription == null || storageResourceGroup == null) {
            throw new CloudException(ErrorCode.UNIMPLEMENTED, "Bucket events on Azure need Azure Resource Manager: set '"
                    + SUBSCRIPTION + "' and '" + RESOURCE_GROUP + "' (or '" + STORAGE_RESOURCE_GROUP + "')",
                    "azure", "functions", null);
        }
        return "/subscriptions/" + subscription + "/resourceGroups/" + storageResourceGroup
                + "/providers/Microsoft.Storage/storageAccounts/" + account;
    }

    /**
     * Whether functions are configured.
     *
     * @return true when a function app URL or URL template is set
     */
    public boolean functionsConfigured() {
        return urlTemplate != null;
    }

    /**
     * Whether gateways are configured.
     *
     * @return true when an API Management service is set (its requirements were checked)
     */
    public boolean gatewaysConfigured() {
        return apimService != null;
    }

    /**
     * The URL of one function.
     *
     * @param function a valid portable function name
     * @return its HTTP trigger URL
     */
    public URI functionUrl(String function) {
        return URI.create(urlTemplate.replace("{function}", function));
    }

    /**
     * The function URL template, {@code {app-url}} resolved.
     *
     * @return the template with {@code {function}}
     */
    public String urlTemplate() {
        return urlTemplate;
    }

    /**
     * The function key, if one is configured.
     *
     * @return the key (secret)
     */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /**
     * The invocation timeout.
     *
     * @return 1 s to {@link #MAX_TIMEOUT}
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The Resource Manager endpoint.
     *
     * @return the endpoint, without a trailing slash
     */
    public URI managementEndpoint() {
        return managementEndpoint;
    }

    /**
     * The function app's Resource Manager path, when the keys for it are set.
     *
     * @return {@code /subscriptions/S/resourceGroups/G/providers/Microsoft.Web/sites/APP}, or empty
     */
    public Optional<String> functionAppPath() {
        if (subscription == null || resourceGroup == null || appName == null) {
            return Optional.empty();
        }
        return Optional.of("/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Web/sites/" + appName);
    }

    /**
     * What is missing for the function app's Resource Manager path, for messages.
     *
     * @return the keys to set
     */
    public String functionAppPathKeys() {
        List<String> missing = new ArrayList<>();
        if (subscription == null) {
            missing.add(SUBSCRIPTION);
        }
        if (resourceGroup == null) {
            missing.add(RESOURCE_GROUP);
        }
        if (appName == null) {
            missing.add(APP_NAME);
        }
        return "'" + String.join("', '", missing) + "'";
    }

    /**
     * The API Management service's Resource Manager path.
     *
     * @return {@code /subscriptions/S/resourceGroups/G/providers/Microsoft.ApiManagement/service/NAME}
     * @throws IllegalStateException when gateways are not configured
     */
    public String apimServicePath() {
        if (apimService == null) {
            throw new IllegalStateException("API Management is not configured");
        }
        return "/subscriptions/" + subscription + "/resourceGroups/" + apimResourceGroup
                + "/providers/Microsoft.ApiManagement/service/" + apimService;
    }

    /**
     * The configured gateway base URL.
     *
     * @return the URL, or empty to ask the service
     */
    public Optional<URI> apimGatewayUrl() {
        return Optional.ofNullable(apimGatewayUrl);
    }

    /**
     * The backend API Management forwards to and the path it rewrites each function to: the function
     * URL split before its last segment, so {@code https://app.azurewebsites.net/api/{function}} gives
     * the base {@code https://app.azurewebsites.net/api} and the path {@code /NAME}.
     *
     * @param function a function name
     * @return the base URL (index 0) and the rewritten path (index 1)
     */
    public String[] backend(String function) {
        URI url = functionUrl(function);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        int slash = path.lastIndexOf('/');
        String base = url.getScheme() + "://" + url.getRawAuthority() + path.substring(0, slash);
        String rewritten = path.substring(slash) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return new String[] {base, rewritten};
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("functions", urlTemplate == null ? "(not configured)" : urlTemplate);
        shown.put("functionKey", key == null ? "(none)" : "****");
        shown.put("timeout", timeout.toString());
        shown.put("functionApp", functionAppPath().orElse("(no Resource Manager path)"));
        shown.put("apiManagement", apimService == null ? "(not configured)" : apimServicePath());
        shown.put("management", managementEndpoint.toString());
        return shown.toString();
    }

    private static Duration timeout(String value) {
        String v = value.trim();
        Duration d;
        try {
            d = v.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(v))
                    : Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw CloudException.invalidArgument("Configuration key '" + TIMEOUT
                    + "' must be a duration such as PT30S or a number of seconds (found '" + value + "')");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw CloudException.invalidArgument("Configuration key '" + TIMEOUT + "' must be from 1 to "
                    + MAX_TIMEOUT.toSeconds() + " seconds (found '" + value + "')");
        }
        return d;
    }

    private static Optional<String> siteFromUrl(String url) {
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".azurewebsites.net") ? Optional.of(host.substring(0, host.indexOf('.')))
                : Optional.empty();
    }

    private static void check(String key, String value, Pattern pattern, String what) {
        if (!pattern.matcher(value).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + key + "' must be " + what + " (found '"
                    + value + "')");
        }
    }

    private static URI httpUrl(String key, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw CloudException.invalidArgument("Configuration key '" + key
                + "' must be an http or https URL such as https://NAME.azurewebsites.net (found '" + value + "')");
    }
}
