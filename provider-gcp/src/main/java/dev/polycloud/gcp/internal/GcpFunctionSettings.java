package dev.polycloud.gcp.internal;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration of functions on Cloud Functions (2nd gen) and gateways on API Gateway, read
 * and checked at {@code Polycloud.open()}. Functions and gateways also need {@code polycloud.gcp.region}
 * (checked when they are first used, so that an application using only queues and tables needs none).
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@value #URL_TEMPLATE}</td><td>where functions are invoked, such as
 *       {@code https://{region}-{project}.cloudfunctions.net/{function}} or, for a local Functions Framework,
 *       {@code http://127.0.0.1:8080/{function}}; placeholders {@code {function}}, {@code {project}},
 *       {@code {region}}. Unset: each function's URL is looked up with the Functions API
 *       ({@code serviceConfig.uri}) and cached</td></tr>
 *   <tr><td>{@value #RUNTIME}</td><td>the Cloud Functions runtime, default {@value #DEFAULT_RUNTIME}</td></tr>
 *   <tr><td>{@value #SERVICE_ACCOUNT}</td><td>the service account functions run as (default: the
 *       project's default compute service account)</td></tr>
 *   <tr><td>{@value #MAX_INSTANCES}</td><td>the most instances of each function (default: Cloud Functions'
 *       own limit)</td></tr>
 *   <tr><td>{@value #GATEWAY_SERVICE_ACCOUNT}</td><td>the service account API Gateway calls functions as (it
 *       needs {@code roles/run.invoker} on them); unset, functions must allow unauthenticated calls</td></tr>
 * </table>
 *
 * <p>Invocations over {@code https} carry a Google ID token for the function's URL from Application
 * Default Credentials; over plain {@code http} (a local Functions Framework) none is sent.
 *
 * @param urlTemplate the invocation URL template, or empty to look URLs up
 * @param runtime the Cloud Functions runtime id
 * @param serviceAccount the functions' service account, or empty
 * @param maxInstances the most instances per function, or empty
 * @param gatewayServiceAccount API Gateway's service account for backends, or empty
 */
public record GcpFunctionSettings(Optional<String> urlTemplate, String runtime, Optional<String> serviceAccount,
                                  Optional<Integer> maxInstances, Optional<String> gatewayServiceAccount) {

    /** The invocation URL template key. */
    public static final String URL_TEMPLATE = "polycloud.gcp.functions.url-template";
    /** The runtime key. */
    public static final String RUNTIME = "polycloud.gcp.functions.runtime";
    /** The functions' service account key. */
    public static final String SERVICE_ACCOUNT = "polycloud.gcp.functions.service-account";
    /** The max instances key. */
    public static final String MAX_INSTANCES = "polycloud.gcp.functions.max-instances";
    /** The gateway's service account key. */
    public static final String GATEWAY_SERVICE_ACCOUNT = "polycloud.gcp.gateway.service-account";
    /** Every key of this class. */
    public static final java.util.Set<String> KEYS = java.util.Set.of(URL_TEMPLATE, RUNTIME, SERVICE_ACCOUNT,
            MAX_INSTANCES, GATEWAY_SERVICE_ACCOUNT);
    /** The default runtime (Java 17 bytecode runs on it). */
    public static final String DEFAULT_RUNTIME = "java21";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern RUNTIME_PATTERN = Pattern.compile("java[0-9]{2}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]+");

    /**
     * Normalises empty components.
     *
     * @param urlTemplate see the record description
     * @param runtime see the record description
     * @param serviceAccount see the record description
     * @param maxInstances see the record description
     * @param gatewayServiceAccount see the record description
     */
    public GcpFunctionSettings {
        urlTemplate = urlTemplate == null ? Optional.empty() : urlTemplate;
        runtime = runtime == null ? DEFAULT_RUNTIME : runtime;
        serviceAccount = serviceAccount == null ? Optional.empty() : serviceAccount;
        maxInstances = maxInstances == null ? Optional.empty() : maxInstances;
        gatewayServiceAccount = gatewayServiceAccount == null ? Optional.empty() : gatewayServiceAccount;
    }

    /**
     * No configuration: URLs looked up, the default runtime.
     *
     * @return the defaults
     */
    public static GcpFunctionSettings defaults() {
        return new GcpFunctionSettings(Optional.empty(), DEFAULT_RUNTIME, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Reads and checks the keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a wrong key
     */
    public static GcpFunctionSettings from(PolycloudConfig config) {
        Optional<String> template = config.get(URL_TEMPLATE).map(String::trim).filter(s -> !s.isEmpty());
        template.ifPresent(GcpFunctionSettings::checkTemplate);
        String runtime = config.get(RUNTIME).map(String::trim).orElse(DEFAULT_RUNTIME);
        if (!RUNTIME_PATTERN.matcher(runtime).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + RUNTIME + "' must be a Java runtime of"
                    + " Cloud Functions such as java17 or java21 (found '" + runtime + "')");
        }
        Optional<String> account = email(config, SERVICE_ACCOUNT);
        Optional<Integer> max = config.get(MAX_INSTANCES).isPresent()
                ? Optional.of(config.getInt(MAX_INSTANCES, 100, 1, 1000)) : Optional.empty();
        return new GcpFunctionSettings(template, runtime, account, max, email(config, GATEWAY_SERVICE_ACCOUNT));
    }

    /**
     * The invocation URL of a function from the template.
     *
     * @param project the project id
     * @param region the region, or null when none is configured
     * @param function the portable function name
     * @return the URL, or empty without a template
     */
    public Optional<String> url(String project, String region, String function) {
        return urlTemplate.map(t -> {
            if (t.contains("{region}") && region == null) {
                throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE + "' names {region}, so"
                        + " 'polycloud.gcp.region' must be set");
            }
            return t.replace("{function}", function).replace("{project}", project)
                    .replace("{region}", region == null ? "" : region);
        });
    }

    private static void checkTemplate(String template) {
        if (!template.startsWith("http://") && !template.startsWith("https://")) {
            throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE + "' must be an http(s) URL"
                    + " template such as https://{region}-{project}.cloudfunctions.net/{function} (found '"
                    + template + "')");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group(1).equals("function") && !m.group(1).equals("project") && !m.group(1).equals("region")) {
                throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE + "' has an unknown"
                        + " placeholder {" + m.group(1) + "}: use {function}, {project} and {region}");
            }
        }
        try {
            java.net.URI.create(template.replace("{function}", "f").replace("{project}", "p")
                    .replace("{region}", "r"));
        } catch (IllegalArgumentException e) {
            throw CloudException.invalidArgument("Configuration key '" + URL_TEMPLATE + "' is not a valid URL"
                    + " template: " + e.getMessage());
        }
    }

    private static Optional<String> email(PolycloudConfig config, String key) {
        Optional<String> value = config.get(key).map(String::trim).filter(s -> !s.isEmpty());
        value.ifPresent(v -> {
            if (!EMAIL.matcher(v).matches()) {
                throw CloudException.invalidArgument("Configuration key '" + key + "' must be a service account"
                        + " e-mail such as fn@my-project.iam.gserviceaccount.com (found '" + v + "')");
            }
        });
        return value;
    }
}
