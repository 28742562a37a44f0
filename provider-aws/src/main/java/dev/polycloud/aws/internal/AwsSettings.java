package dev.polycloud.aws.internal;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * The AWS provider's configuration, read and checked once at {@code Polycloud.open()} so that a
 * wrong key fails there, naming the key and what it accepts. Nothing here connects to anything.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@value #REGION}</td><td>the region, such as {@code eu-west-1}; by default the SDK's region
 *       chain without the EC2 metadata lookup ({@code aws.region} system property, {@code AWS_REGION}
 *       environment variable, then the profile's {@code region})</td></tr>
 *   <tr><td>{@value #ENDPOINT}</td><td>one endpoint for every service (SQS, SNS, DynamoDB, STS), for
 *       LocalStack or moto: an absolute {@code http} or {@code https} URI (Lambda and API Gateway included)</td></tr>
 *   <tr><td>{@value #PROFILE}</td><td>a named profile of {@code ~/.aws/config} / {@code ~/.aws/credentials}
 *       for credentials and region</td></tr>
 *   <tr><td>{@value #ACCESS_KEY_ID}, {@value #SECRET_ACCESS_KEY}, {@value #SESSION_TOKEN}</td><td>static
 *       credentials (the first two together, the token optional); they take precedence over the
 *       profile. Without them the SDK's default credentials chain is used. Never logged.</td></tr>
 *   <tr><td>{@value #HTTP_CLIENT}</td><td>{@code url-connection} (default: small, quick to start) or
 *       {@code apache} (needs {@code software.amazon.awssdk:apache-client} on the classpath)</td></tr>
 *   <tr><td>{@value #LAMBDA_ROLE}</td><td>the ARN of the IAM role deployed Lambda functions run as
 *       (checked at {@code open()} when set; deploying a function without it fails naming this key)</td></tr>
 *   <tr><td>{@value #SCHEDULER_ROLE}</td><td>the ARN of the IAM role EventBridge Scheduler assumes to invoke
 *       Lambda on a schedule (it needs {@code lambda:InvokeFunction}; checked at {@code open()} when set;
 *       binding a schedule without it fails naming this key)</td></tr>
 *   <tr><td>{@value #GATEWAY_TYPE}</td><td>{@code http} (default): gateways are API Gateway v2 HTTP APIs;
 *       {@code rest}: API Gateway REST APIs (v1), e.g. for LocalStack's community image, which serves REST APIs
 *       only</td></tr>
 * </table>
 */
public final class AwsSettings {

    /** The region key. */
    public static final String REGION = "polycloud.aws.region";
    /** The endpoint override key. */
    public static final String ENDPOINT = "polycloud.aws.endpoint";
    /** The profile key. */
    public static final String PROFILE = "polycloud.aws.profile";
    /** The static access key id key. */
    public static final String ACCESS_KEY_ID = "polycloud.aws.access-key-id";
    /** The static secret access key key. */
    public static final String SECRET_ACCESS_KEY = "polycloud.aws.secret-access-key";
    /** The optional session token key (with static credentials). */
    public static final String SESSION_TOKEN = "polycloud.aws.session-token";
    /** The HTTP client key. */
    public static final String HTTP_CLIENT = "polycloud.aws.http-client";
    /** The key of the IAM role Lambda functions run as. */
    public static final String LAMBDA_ROLE = "polycloud.aws.lambda.role";
    /** The key of the IAM role EventBridge Scheduler assumes to invoke functions on a schedule. */
    public static final String SCHEDULER_ROLE = "polycloud.aws.scheduler.role";
    /** The key choosing the API Gateway API type of gateways: {@value #HTTP_API} or {@value #REST_API}. */
    public static final String GATEWAY_TYPE = "polycloud.aws.gateway.type";
    /** Every key this provider reads. */
    public static final Set<String> KEYS = Set.of(REGION, ENDPOINT, PROFILE, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
            SESSION_TOKEN, HTTP_CLIENT, LAMBDA_ROLE, SCHEDULER_ROLE, GATEWAY_TYPE);
    /** Gateways on API Gateway v2 HTTP APIs (the default). */
    public static final String HTTP_API = "http";
    /** Gateways on API Gateway REST APIs (v1), which LocalStack community serves. */
    public static final String REST_API = "rest";

    /** The default HTTP client. */
    public static final String URL_CONNECTION = "url-connection";
    /** The optional Apache HTTP client. */
    public static final String APACHE = "apache";

    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final String APACHE_CLASS = "software.amazon.awssdk.http.apache.ApacheHttpClient";

    private final String region;
    private final URI endpoint;
    private final String profile;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String httpClient;
    private final String lambdaRole;
    private String schedulerRole;
    private String gatewayType = HTTP_API;
    private final java.time.Duration timeout;

    private AwsSettings(String region, URI endpoint, String profile, String accessKeyId, String secretAccessKey,
                        String sessionToken, String httpClient, String lambdaRole, java.time.Duration timeout) {
        this.timeout = timeout;
        this.region = region;
        this.endpoint = endpoint;
        this.profile = profile;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.httpClient = httpClient;
        this.lambdaRole = lambdaRole;
    }

    /**
     * Reads and checks the AWS keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a missing or wrong key
     */
    public static AwsSettings from(PolycloudConfig config) {
        String httpClient = config.getOneOf(HTTP_CLIENT, URL_CONNECTION, Set.of(URL_CONNECTION, APACHE));
        if (httpClient.equals(APACHE) && !onClasspath(APACHE_CLASS)) {
            throw CloudException.invalidArgument("Configuration key '" + HTTP_CLIENT + "' is 'apache', but "
                    + "software.amazon.awssdk:apache-client is not on the classpath: add it, or use '"
                    + URL_CONNECTION + "'");
        }
        URI endpoint = config.get(ENDPOINT).map(AwsSettings::endpoint).orElse(null);
        String profile = config.get(PROFILE).orElse(null);
        String keyId = config.get(ACCESS_KEY_ID).orElse(null);
        String secret = config.get(SECRET_ACCESS_KEY).orElse(null);
        String token = config.get(SESSION_TOKEN).orElse(null);
        if ((keyId == null) != (secret == null)) {
            String missing = keyId == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
            String present = keyId == null ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            throw CloudException.invalidArgument("Configuration key '" + missing + "' is missing: static credentials"
                    + " need both '" + ACCESS_KEY_ID + "' and '" + SECRET_ACCESS_KEY + "' ('" + present
                    + "' is set); remove both to use the default credentials chain");
        }
        if (token != null && keyId == null) {
            throw CloudException.invalidArgument("Configuration key '" + SESSION_TOKEN + "' needs '" + ACCESS_KEY_ID
                    + "' and '" + SECRET_ACCESS_KEY + "' as well");
        }
        if (profile != null && keyId == null && !profileExists(profile)) {
            throw CloudException.invalidArgument("Configuration key '" + PROFILE + "' names profile '" + profile
                    + "', which is in neither ~/.aws/config nor ~/.aws/credentials (accepted: a profile defined there)");
        }
        String region = config.get(REGION).orElseGet(() -> defaultRegion(profile));
        if (region == null) {
            throw CloudException.invalidArgument("Missing configuration key '" + REGION + "' (the AWS region, such"
                    + " as us-east-1): set it as a system property, the environment variable "
                    + PolycloudConfig.environmentName(REGION) + ", or in polycloud.properties; or set AWS_REGION or"
                    + " a region in the AWS profile");
        }
        region = region.toLowerCase(Locale.ROOT);
        if (!REGION_PATTERN.matcher(region).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + REGION
                    + "' must be an AWS region code such as us-east-1 or eu-central-2 (found '" + region + "')");
        }
        String role = config.get(LAMBDA_ROLE).map(String::trim).orElse(null);
        if (role != null && !ROLE_PATTERN.matcher(role).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + LAMBDA_ROLE + "' must be an IAM role ARN"
                    + " such as arn:aws:iam::123456789012:role/my-function-role (found '" + role + "')");
        }
        String schedulerRole = config.get(SCHEDULER_ROLE).map(String::trim).orElse(null);
        if (schedulerRole != null && !ROLE_PATTERN.matcher(schedulerRole).matches()) {
            throw CloudException.invalidArgument("Configuration key '" + SCHEDULER_ROLE + "' must be an IAM role ARN"
                    + " such as arn:aws:iam::123456789012:role/polycloud-scheduler (found '" + schedulerRole + "')");
        }
        AwsSettings settings = new AwsSettings(region, endpoint, profile, keyId, secret, token, httpClient, role,
                config.timeout());
        settings.schedulerRole = schedulerRole;
        settings.gatewayType = config.getOneOf(GATEWAY_TYPE, HTTP_API, Set.of(HTTP_API, REST_API));
        return settings;
    }

    /**
     * The API type gateways are deployed as ({@value #GATEWAY_TYPE}).
     *
     * @return {@value #HTTP_API} or {@value #REST_API}
     */
    public String gatewayType() {
        return gatewayType;
    }

    /**
     * The per-call timeout ({@code polycloud.timeout}): the SDK's {@code apiCallTimeout} of every
     * client, plus the longest receive wait (20 s) for SQS, whose receives long-poll. Lambda, whose
     * synchronous invocations last as long as the function, keeps its own 16-minute bound.
     *
     * @return the timeout
     */
    public java.time.Duration timeout() {
        return timeout;
    }

    private static URI endpoint(String raw) {
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // falls through to the error below
        }
        throw CloudException.invalidArgument("Configuration key '" + ENDPOINT
                + "' must be an absolute http or https URI such as http://localhost:4566 (found '" + raw + "')");
    }

    private static String defaultRegion(String profile) {
        AwsRegionProviderChain chain = profile == null
                ? new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                : new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
                        new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile));
        try {
            return chain.getRegion().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean profileExists(String name) {
        try {
            return ProfileFile.defaultProfileFile().profile(name).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, AwsSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The region.
     *
     * @return the region id, such as {@code us-east-1}
     */
    public String region() {
        return region;
    }

    /**
     * The endpoint override.
     *
     * @return the endpoint for every service, or empty for the real AWS endpoints
     */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * The named profile.
     *
     * @return the profile, or empty for the default
     */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * Whether static credentials were configured.
     *
     * @return true when both keys are set
     */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    /**
     * The HTTP client.
     *
     * @return {@value #URL_CONNECTION} or {@value #APACHE}
     */
    public String httpClient() {
        return httpClient;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /**
     * The IAM role Lambda functions run as.
     *
     * @return the role ARN, or empty when not configured (deploying a function then fails, naming
     *         {@value #LAMBDA_ROLE})
     */
    public Optional<String> lambdaRole() {
        return Optional.ofNullable(lambdaRole);
    }

    /**
     * The IAM role EventBridge Scheduler assumes to invoke functions.
     *
     * @return the role ARN, or empty when not configured (binding a schedule then fails, naming
     *         {@value #SCHEDULER_ROLE})
     */
    public Optional<String> schedulerRole() {
        return Optional.ofNullable(schedulerRole);
    }

    /**
     * A description safe to log: credentials are masked.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "AwsSettings[region=" + region
                + (endpoint != null ? ", endpoint=" + endpoint : "")
                + (profile != null ? ", profile=" + profile : "")
                + ", credentials=" + (accessKeyId != null ? "static ****" : "default chain")
                + ", httpClient=" + httpClient
                + (lambdaRole != null ? ", lambdaRole=" + lambdaRole : "") + "]";
    }
}
