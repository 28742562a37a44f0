package dev.polycloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Polycloud configuration: {@code polycloud.*} keys read from layered sources.
 *
 * <p>Sources, highest precedence first:
 * <ol>
 *   <li>the explicit map given to {@link #builder()} or {@link #load(Map)};</li>
 *   <li>Java system properties ({@code -Dpolycloud.provider=aws});</li>
 *   <li>environment variables, named by upper-casing the key and replacing dots and hyphens
 *       with underscores ({@code polycloud.aws.endpoint} is {@code POLYCLOUD_AWS_ENDPOINT});</li>
 *   <li>a {@code polycloud.properties} file on the classpath.</li>
 * </ol>
 * The default provider is {@code local}. Values are looked up when asked for, so a key that
 * only a provider knows is read from the same sources. Accessors that parse values fail with
 * {@link ErrorCode#INVALID_ARGUMENT} naming the key, the value and what is accepted.
 *
 * <p>Keys whose name suggests a secret ({@code key}, {@code secret}, {@code password},
 * {@code token}, {@code connection-string}, {@code credentials}) are masked in {@link #toString()}.
 */
public final class PolycloudConfig {

    /** The key choosing the provider: {@code local}, {@code aws}, {@code azure} or {@code gcp}. */
    public static final String PROVIDER = "polycloud.provider";
    /** How many times a retryable failure is attempted in all (default 3; 1 disables retries). */
    public static final String RETRY_MAX_ATTEMPTS = "polycloud.retry.max-attempts";
    /** The first retry backoff, as an ISO-8601 duration or milliseconds (default 50 ms). */
    public static final String RETRY_INITIAL_BACKOFF = "polycloud.retry.initial-backoff";
    /**
     * The most time one call to the cloud may take, as an ISO-8601 duration or milliseconds (default
     * {@link #DEFAULT_TIMEOUT}); a call that takes longer fails with
     * {@link ErrorCode#DEADLINE_EXCEEDED}. Long polls (a receive's wait) get their wait on top.
     */
    public static final String TIMEOUT = "polycloud.timeout";
    /** The default of {@link #TIMEOUT}: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The provider used when none is configured. */
    public static final String DEFAULT_PROVIDER = "local";
    /**
     * Which emulator-backed conformance runners must run instead of skipping ({@code aws,gcp,azure}); read
     * by the conformance suite's runners.
     */
    public static final String CONFORMANCE_REQUIRE = "polycloud.conformance.require";
    /**
     * The keys the core reads, besides those each provider declares: {@code Polycloud.open()} refuses any
     * other {@code polycloud.*} key that no provider or registered module declares.
     */
    public static final Set<String> CORE_KEYS = Set.of(PROVIDER, RETRY_MAX_ATTEMPTS, RETRY_INITIAL_BACKOFF, TIMEOUT,
            CONFORMANCE_REQUIRE,
            // read by the conformance suite's emulator launchers (Azurite folder, Testcontainers images)
            "polycloud.azurite.dir", "polycloud.aws.localstack.image", "polycloud.azure.servicebus-emulator.image",
            "polycloud.azure.sqlserver.image");

    private static final String PROPERTIES_FILE = "polycloud.properties";
    private static final Pattern SECRET = Pattern.compile(
            ".*(key|secret|password|token|connection-string|credential|sas).*", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> explicit;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> file;

    private PolycloudConfig(Map<String, String> explicit, Map<String, String> systemProperties,
                            Map<String, String> environment, Map<String, String> file) {
        this.explicit = Map.copyOf(explicit);
        this.systemProperties = Map.copyOf(systemProperties);
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
    }

    /**
     * Reads configuration from system properties, environment and classpath file.
     *
     * @return the configuration
     */
    public static PolycloudConfig load() {
        return load(Map.of());
    }

    /**
     * Reads configuration with an explicit map that takes precedence over every other source.
     *
     * @param explicit keys and values that win over all other sources
     * @return the configuration
     */
    public static PolycloudConfig load(Map<String, String> explicit) {
        return new PolycloudConfig(explicit, polycloudSystemProperties(), System.getenv(), classpathFile());
    }

    /**
     * Builds a configuration from explicit sources; used by tests and by applications that
     * want full control over where values come from.
     *
     * @return a new builder whose sources are all empty
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configured provider id, or {@value #DEFAULT_PROVIDER} when none is set.
     *
     * @return the provider id, trimmed and lower-cased
     */
    public String provider() {
        return get(PROVIDER).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(DEFAULT_PROVIDER);
    }

    /**
     * Looks a key up in every source, highest precedence first.
     *
     * @param key a {@code polycloud.*} key
     * @return the value, or empty when no source has it (blank values count as absent)
     */
    public Optional<String> get(String key) {
        for (String candidate : new String[] {
                explicit.get(key), systemProperties.get(key), environment.get(environmentName(key)), file.get(key)}) {
            if (candidate != null && !candidate.isBlank()) {
                return Optional.of(candidate.trim());
            }
        }
        return Optional.empty();
    }

    /**
     * Looks a key up and fails when it is absent.
     *
     * @param key the key
     * @param meaning what the key is for, put in the error message
     * @return the value
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming the key and its sources
     */
    public String require(String key, String meaning) {
        return get(key).orElseThrow(() -> CloudException.invalidArgument(
                "Missing configuration key '" + key + "' (" + meaning + "): set it as a system property, "
                        + "the environment variable " + environmentName(key) + ", or in " + PROPERTIES_FILE));
    }

    /**
     * Reads an integer key.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return the value
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the value is not an integer in range
     */
    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw CloudException.invalidArgument("Configuration key '" + key + "' must be an integer from " + min
                + " to " + max + " (found '" + raw.get() + "')");
    }

    /**
     * Reads a boolean key ({@code true} or {@code false}, any case).
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for any other value
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw CloudException.invalidArgument(
                "Configuration key '" + key + "' must be true or false (found '" + raw.get() + "')");
    }

    /**
     * The per-call timeout ({@link #TIMEOUT}).
     *
     * @return the timeout, positive
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a value that is not a positive duration
     */
    public Duration timeout() {
        Duration d = getDuration(TIMEOUT, DEFAULT_TIMEOUT);
        if (d.isZero()) {
            throw CloudException.invalidArgument("Configuration key '" + TIMEOUT + "' must be a positive duration"
                    + " such as PT30S or 30000 (found 0)");
        }
        return d;
    }

    /**
     * Reads a duration key, written as an ISO-8601 duration ({@code PT2S}) or a number of milliseconds.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value, never negative
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the value cannot be read
     */
    public Duration getDuration(String key, Duration defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = raw.get().chars().allMatch(Character::isDigit)
                    ? Duration.ofMillis(Long.parseLong(raw.get()))
                    : Duration.parse(raw.get());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // falls through to the error below
        }
        throw CloudException.invalidArgument("Configuration key '" + key
                + "' must be an ISO-8601 duration such as PT2S or a number of milliseconds (found '" + raw.get() + "')");
    }

    /**
     * Reads a key that takes one of a fixed set of values.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @param accepted the accepted values (compared case-insensitively)
     * @return the value, lower-cased
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} naming the key and the accepted values
     */
    public String getOneOf(String key, String defaultValue, Set<String> accepted) {
        String value = get(key).map(v -> v.toLowerCase(Locale.ROOT)).orElse(defaultValue);
        if (!accepted.contains(value)) {
            throw CloudException.invalidArgument("Configuration key '" + key + "' must be one of "
                    + new TreeSet<>(accepted) + " (found '" + value + "')");
        }
        return value;
    }

    /**
     * Every {@code polycloud.*} key set in any source, with the source it came from (a key set in two sources
     * is listed twice). Environment variables are listed by their variable name ({@code POLYCLOUD_AWS_ENDPOINT}).
     *
     * @return the keys, explicit ones first, then system properties, environment and file
     */
    public List<ConfiguredKey> configuredKeys() {
        List<ConfiguredKey> keys = new ArrayList<>();
        explicit.keySet().stream().filter(k -> k.startsWith("polycloud.")).sorted()
                .forEach(k -> keys.add(new ConfiguredKey(k, Source.EXPLICIT)));
        systemProperties.keySet().stream().filter(k -> k.startsWith("polycloud.")).sorted()
                .forEach(k -> keys.add(new ConfiguredKey(k, Source.SYSTEM_PROPERTY)));
        environment.keySet().stream().filter(k -> k.startsWith("POLYCLOUD_")).sorted()
                .forEach(k -> keys.add(new ConfiguredKey(k, Source.ENVIRONMENT)));
        file.keySet().stream().filter(k -> k.startsWith("polycloud.")).sorted()
                .forEach(k -> keys.add(new ConfiguredKey(k, Source.FILE)));
        return List.copyOf(keys);
    }

    /** Where a configuration key was set. */
    public enum Source {
        /** The explicit map of {@link #builder()} or {@link #load(Map)}. */
        EXPLICIT("the explicit configuration"),
        /** A Java system property. */
        SYSTEM_PROPERTY("a system property"),
        /** An environment variable. */
        ENVIRONMENT("an environment variable"),
        /** The {@code polycloud.properties} file on the class path. */
        FILE("polycloud.properties on the class path");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /**
         * Words for error messages.
         *
         * @return for example {@code a system property}
         */
        public String description() {
            return description;
        }
    }

    /**
     * A key set in one source.
     *
     * @param key the key ({@code polycloud.aws.endpoint}), or the variable name for {@link Source#ENVIRONMENT}
     * @param source where it was set
     */
    public record ConfiguredKey(String key, Source source) {
    }

    /**
     * The environment variable that holds a key.
     *
     * @param key a key such as {@code polycloud.aws.endpoint}
     * @return the variable name, such as {@code POLYCLOUD_AWS_ENDPOINT}
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Every {@code polycloud.*} key set in the explicit map, system properties or file, with
     * secret values masked. Environment variables are not listed (their key names are not
     * reversible) but are honoured by {@link #get(String)}.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        Set<String> keys = new TreeSet<>();
        keys.addAll(file.keySet());
        keys.addAll(systemProperties.keySet());
        keys.addAll(explicit.keySet());
        for (String k : keys) {
            if (k.startsWith("polycloud.")) {
                shown.put(k, SECRET.matcher(k).matches() ? "****" : get(k).orElse(""));
            }
        }
        return "PolycloudConfig" + shown;
    }

    private static Map<String, String> polycloudSystemProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        Properties props = System.getProperties();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("polycloud.")) {
                map.put(name, props.getProperty(name));
            }
        }
        return map;
    }

    private static Map<String, String> classpathFile() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PolycloudConfig.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(PROPERTIES_FILE)) {
            if (in == null) {
                return Map.of();
            }
            Properties props = new Properties();
            props.load(in);
            Map<String, String> map = new LinkedHashMap<>();
            for (String name : props.stringPropertyNames()) {
                map.put(name, props.getProperty(name));
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + PROPERTIES_FILE + " from the classpath", e);
        }
    }

    /** Builds a {@link PolycloudConfig} from sources given explicitly. */
    public static final class Builder {
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private Map<String, String> systemProperties = Map.of();
        private Map<String, String> environment = Map.of();
        private Map<String, String> file = Map.of();

        private Builder() {
        }

        /**
         * Sets an explicit key (the highest precedence).
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder set(String key, String value) {
            explicit.put(key, value);
            return this;
        }

        /**
         * Sets every explicit key of a map.
         *
         * @param values keys and values
         * @return this builder
         */
        public Builder setAll(Map<String, String> values) {
            explicit.putAll(values);
            return this;
        }

        /**
         * Sets {@value PolycloudConfig#PROVIDER}.
         *
         * @param providerId {@code local}, {@code aws}, {@code azure} or {@code gcp}
         * @return this builder
         */
        public Builder provider(String providerId) {
            return set(PROVIDER, providerId);
        }

        /**
         * Uses the real system properties, environment and classpath file below the explicit keys.
         *
         * @return this builder
         */
        public Builder withStandardSources() {
            return systemProperties(polycloudSystemProperties()).environment(System.getenv()).file(classpathFile());
        }

        /**
         * Sets the system-property source.
         *
         * @param values property names and values
         * @return this builder
         */
        public Builder systemProperties(Map<String, String> values) {
            this.systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            return this;
        }

        /**
         * Sets the environment source.
         *
         * @param values variable names and values
         * @return this builder
         */
        public Builder environment(Map<String, String> values) {
            this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            return this;
        }

        /**
         * Sets the properties-file source.
         *
         * @param values keys and values
         * @return this builder
         */
        public Builder file(Map<String, String> values) {
            this.file = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return an immutable configuration
         */
        public PolycloudConfig build() {
            return new PolycloudConfig(explicit, systemProperties, environment, file);
        }
    }
}
