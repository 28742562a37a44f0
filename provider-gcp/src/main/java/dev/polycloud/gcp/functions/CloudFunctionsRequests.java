package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpFunctionSettings;

import com.google.cloud.functions.v2.BuildConfig;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.ServiceConfig;
import com.google.cloud.functions.v2.Source;
import com.google.cloud.functions.v2.StorageSource;
import com.google.cloud.functions.v2.UpdateFunctionRequest;
import com.google.protobuf.FieldMask;
import dev.polycloud.CloudException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.gcp.functions.AdapterConfig;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Cloud Functions (2nd gen) requests the function driver sends, built without a service so that
 * tests can check them: resource names, the source archive, the {@link Function} of a spec and the
 * spec of a {@link Function}.
 *
 * <ul>
 *   <li>A portable function {@code orders} is {@code projects/P/locations/R/functions/orders}, labelled
 *       {@value #LABEL}{@code =}{@value #LABEL_VALUE}.</li>
 *   <li>Its source is a zip holding the spec's artifact jar at the top level (Google's Java buildpack runs
 *       a prebuilt jar found there), built on the runtime of {@link GcpFunctionSettings#runtime()} with
 *       entry point {@link PolycloudHttpFunction}.</li>
 *   <li>Memory is {@code availableMemory} in MiB ({@code 512Mi}), the timeout {@code timeoutSeconds}
 *       (rounded up to whole seconds); the exact timeout, the handler and the function's portable name
 *       travel in the variables of {@link AdapterConfig}, next to the spec's environment, whose names are
 *       listed in {@value AdapterConfig#ENVIRONMENT}.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class CloudFunctionsRequests {

    /** The label of functions this driver manages. */
    public static final String LABEL = "managed-by";
    /** The label's value. */
    public static final String LABEL_VALUE = "polycloud";
    /** The file name of the artifact in the source archive when the artifact's own name is unusable. */
    static final String DEFAULT_JAR = "function.jar";

    private static final Pattern MEMORY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(|k|Ki|M|Mi|G|Gi|MB|GB)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CloudFunctionsRequests() {
    }

    /**
     * The location functions live in.
     *
     * @param project the project id
     * @param region the region
     * @return {@code projects/P/locations/R}
     */
    static String location(String project, String region) {
        return "projects/" + project + "/locations/" + region;
    }

    /**
     * The resource name of a function.
     *
     * @param project the project id
     * @param region the region
     * @param function the portable name (also the function id)
     * @return {@code projects/P/locations/R/functions/F}
     */
    static String functionName(String project, String region, String function) {
        return location(project, region) + "/functions/" + function;
    }

    /**
     * The portable name of a function resource name.
     *
     * @param name {@code projects/P/locations/R/functions/F}
     * @return {@code F}
     */
    static String portableName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * The source archive: a zip holding the artifact jar at its top level.
     *
     * @param spec the spec
     * @return the zip bytes
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} without an artifact, or
     *                        when it is not a readable jar
     */
    static byte[] sourceArchive(FunctionSpec spec) {
        Path jar = spec.artifact().orElseThrow(() -> CloudException.invalidArgument("Function '" + spec.name()
                + "' needs an artifact on gcp: a jar holding the handler " + spec.handler() + ", polycloud-api and"
                + " the adapter package dev.polycloud.gcp.functions (FunctionSpec.Builder.artifact)"));
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw CloudException.invalidArgument("Function '" + spec.name() + "': artifact " + jar
                    + " is not a readable file");
        }
        String fileName = jar.getFileName().toString();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".jar") || !fileName.matches("[A-Za-z0-9._-]+")) {
            fileName = DEFAULT_JAR;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(fileName);
            entry.setTime(0L);
            zip.putNextEntry(entry);
            Files.copy(jar, zip);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the artifact " + jar + " of function " + spec.name(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * The variables the function runs with: the spec's environment and the adapter's.
     *
     * @param spec the spec
     * @return the variables
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a variable name the adapter
     *                        reserves or Cloud Functions refuses
     */
    static Map<String, String> environment(FunctionSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : new TreeSet<>(spec.environment().keySet())) {
            if (name.startsWith(AdapterConfig.PREFIX)) {
                throw CloudException.invalidArgument("Function '" + spec.name() + "': environment variable " + name
                        + " is reserved (the " + AdapterConfig.PREFIX + " prefix belongs to the adapter)");
            }
            if (!ENV_NAME.matcher(name).matches()) {
                throw CloudException.invalidArgument("Function '" + spec.name() + "': environment variable name '"
                        + name + "' must be letters, digits and underscores, not starting with a digit");
            }
            env.put(name, spec.environment().get(name));
        }
        env.put(AdapterConfig.HANDLER, spec.handler());
        env.put(AdapterConfig.FUNCTION, spec.name());
        env.put(AdapterConfig.TIMEOUT, spec.timeout().toString());
        env.put(AdapterConfig.ENVIRONMENT, String.join(",", new TreeSet<>(spec.environment().keySet())));
        return env;
    }

    /**
     * The function to create or update.
     *
     * @param spec the spec
     * @param name the function's resource name
     * @param source where the source archive was uploaded
     * @param settings the function settings
     * @return the function
     */
    static Function function(FunctionSpec spec, String name, StorageSource source, GcpFunctionSettings settings) {
        ServiceConfig.Builder service = ServiceConfig.newBuilder()
                .setAvailableMemory(spec.memoryMb() + "Mi")
                .setTimeoutSeconds(timeoutSeconds(spec.timeout()))
                .putAllEnvironmentVariables(environment(spec))
                .setAllTrafficOnLatestRevision(true);
        settings.maxInstances().ifPresent(service::setMaxInstanceCount);
        settings.serviceAccount().ifPresent(service::setServiceAccountEmail);
        return Function.newBuilder()
                .setName(name)
                .setDescription("Polycloud function " + spec.name() + " running " + spec.handler())
                .setEnvironment(com.google.cloud.functions.v2.Environment.GEN_2)
                .putLabels(LABEL, LABEL_VALUE)
                .setBuildConfig(BuildConfig.newBuilder()
                        .setRuntime(settings.runtime())
                        .setEntryPoint(PolycloudHttpFunction.class.getName())
                        .setSource(Source.newBuilder().setStorageSource(source)))
                .setServiceConfig(service)
                .build();
    }

    /**
     * The request that creates a function.
     *
     * @param project the project
     * @param region the region
     * @param function the function of {@link #function}
     * @return the request
     */
    static CreateFunctionRequest create(String project, String region, Function function) {
        return CreateFunctionRequest.newBuilder()
                .setParent(location(project, region))
                .setFunctionId(portableName(function.getName()))
                .setFunction(function)
                .build();
    }

    /**
     * The request that updates a function in place: only the fields the driver manages, so settings made
     * outside Polycloud (VPC connector, ingress, secrets) survive a redeploy.
     *
     * @param function the function of {@link #function}
     * @param settings the function settings
     * @return the request
     */
    static UpdateFunctionRequest update(Function function, GcpFunctionSettings settings) {
        List<String> paths = new ArrayList<>(List.of("description", "labels", "build_config.runtime",
                "build_config.entry_point", "build_config.source", "service_config.available_memory",
                "service_config.timeout_seconds", "service_config.environment_variables",
                "service_config.all_traffic_on_latest_revision"));
        if (settings.maxInstances().isPresent()) {
            paths.add("service_config.max_instance_count");
        }
        if (settings.serviceAccount().isPresent()) {
            paths.add("service_config.service_account_email");
        }
        return UpdateFunctionRequest.newBuilder()
                .setFunction(function)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(paths))
                .build();
    }

    /**
     * The portable spec of a deployed function.
     *
     * @param function the function as Cloud Functions describes it
     * @return the spec, or empty for a function Polycloud did not deploy (no {@value AdapterConfig#HANDLER})
     */
    static Optional<FunctionSpec> spec(Function function) {
        Map<String, String> env = function.getServiceConfig().getEnvironmentVariablesMap();
        String handler = env.get(AdapterConfig.HANDLER);
        if (handler == null) {
            return Optional.empty();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        String names = env.get(AdapterConfig.ENVIRONMENT);
        if (names != null) {
            for (String n : names.split(",")) {
                if (!n.isBlank()) {
                    environment.put(n.trim(), env.getOrDefault(n.trim(), ""));
                }
            }
        } else {
            env.forEach((k, v) -> {
                if (!k.startsWith(AdapterConfig.PREFIX)) {
                    environment.put(k, v);
                }
            });
        }
        Duration timeout = Duration.ofSeconds(Math.max(1, function.getServiceConfig().getTimeoutSeconds()));
        String exact = env.get(AdapterConfig.TIMEOUT);
        if (exact != null) {
            try {
                timeout = Duration.parse(exact);
            } catch (DateTimeParseException e) {
                // keep Cloud Functions' whole seconds
            }
        }
        int memory = memoryMb(function.getServiceConfig().getAvailableMemory());
        try {
            return Optional.of(new FunctionSpec(portableName(function.getName()), handler, Optional.empty(),
                    Math.max(128, Math.min(10_240, memory)), timeout, environment, Optional.empty(),
                    Optional.empty()));
        } catch (CloudException e) {
            return Optional.empty();
        }
    }

    /**
     * Whole seconds, rounded up.
     *
     * @param timeout the timeout
     * @return the seconds
     */
    static int timeoutSeconds(Duration timeout) {
        long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /**
     * MiB of an {@code availableMemory} value such as {@code 512Mi}, {@code 256M}, {@code 1Gi} or bytes.
     * Cloud Functions treats {@code M} and {@code G} as binary units, as its own defaults ({@code 256M}) do.
     *
     * @param value the value
     * @return MiB, or the default {@value FunctionSpec#DEFAULT_MEMORY_MB} when empty or unreadable
     */
    static int memoryMb(String value) {
        if (value == null || value.isBlank()) {
            return 256;
        }
        Matcher m = MEMORY.matcher(value.trim());
        if (!m.matches()) {
            return FunctionSpec.DEFAULT_MEMORY_MB;
        }
        double n = Double.parseDouble(m.group(1));
        double mb = switch (m.group(2)) {
            case "" -> n / (1024 * 1024);
            case "k", "Ki" -> n / 1024;
            case "G", "Gi", "GB" -> n * 1024;
            default -> n;
        };
        return (int) Math.round(mb);
    }
}
