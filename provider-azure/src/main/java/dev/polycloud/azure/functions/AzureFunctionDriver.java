package dev.polycloud.azure.functions;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.ManagementClient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.azure.functions.FunctionsProtocol;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.spi.FunctionDriver;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Functions on Azure Functions.
 *
 * <ul>
 *   <li><b>Invoke</b>: a {@code POST} of the payload to the function's HTTP trigger URL
 *       ({@link AzureFunctionSettings#functionUrl}), with the function key as {@code x-functions-key}
 *       and {@value FunctionsProtocol#INVOKE_HEADER}{@code : 1}; the function runs its handler through
 *       {@link dev.polycloud.azure.functions.PolycloudAzure}, which answers the encoded output, or
 *       500 with an error body when the handler fails. Status codes map in
 *       {@link AzureErrors#functionAnswer}; no answer within the configured timeout is
 *       {@code DEADLINE_EXCEEDED}.</li>
 *   <li><b>get and list</b>: the function app's functions as Azure Resource Manager lists them
 *       ({@code Microsoft.Web/sites/functions}). Azure records neither the portable handler class nor
 *       per-function memory, timeout or environment, so the spec holds: the function's Java
 *       {@code entryPoint} ({@code Class.method}, the method that wraps the handler) as
 *       {@code handler}, {@link FunctionSpec#DEFAULT_MEMORY_MB}, the configured invocation timeout,
 *       and no environment (app settings are the whole app's and may be secret). Functions whose
 *       name is not a portable name are left out of the list.</li>
 *   <li><b>deploy and delete</b>: {@code UNIMPLEMENTED}. A Java function app is built and deployed
 *       as a whole (azure-functions-maven-plugin, {@code func} or a pipeline), each
 *       {@code @FunctionName} method calling the adapter; Resource Manager has no call that deploys
 *       one Java function from a jar.</li>
 *   <li><b>Triggers</b>: Azure Functions triggers are declared in code ({@code @QueueTrigger},
 *       {@code @ServiceBusTopicTrigger}) and deployed with the app, so queue, subscription and table
 *       triggers cannot be bound at run time. Bucket events can: an Event Grid subscription on the
 *       storage account targets the function's {@code @EventGridTrigger}
 *       ({@link dev.polycloud.azure.blob.EventGridBucketTriggers}), declared when the function app's
 *       Resource Manager keys are set; {@link #triggers} lists those.</li>
 *   <li><b>Asynchronous invocation</b>: not declared (no queueing in front of an HTTP trigger).</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureFunctionDriver implements FunctionDriver {

    private static final Pattern PORTABLE = Pattern.compile("[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]");
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*");

    /** The handler a looked-up function reports when Azure gives no Java entry point. */
    static final String UNKNOWN_HANDLER = "unknown";

    private final AzureFunctionSettings settings;
    private final Supplier<HttpClient> http;
    private final Supplier<ManagementClient> management;
    private final dev.polycloud.azure.blob.EventGridBucketTriggers buckets;

    /**
     * Creates the driver; connects to nothing.
     *
     * @param settings the functions settings (functions configured)
     * @param http the HTTP client for invocations, built on first use
     * @param management the Resource Manager client, built on first use
     */
    public AzureFunctionDriver(AzureFunctionSettings settings, Supplier<HttpClient> http,
                        Supplier<ManagementClient> management) {
        this(settings, http, management, null);
    }

    /**
     * Creates the driver with bucket triggers; connects to nothing.
     *
     * @param settings the functions settings (functions configured)
     * @param http the HTTP client for invocations, built on first use
     * @param management the Resource Manager client, built on first use
     * @param buckets the Event Grid bucket triggers, or null when bucket events are not offered
     */
    public AzureFunctionDriver(AzureFunctionSettings settings, Supplier<HttpClient> http,
                        Supplier<ManagementClient> management, dev.polycloud.azure.blob.EventGridBucketTriggers buckets) {
        this.settings = settings;
        this.http = http;
        this.management = management;
        this.buckets = buckets;
    }

    @Override
    public void deploy(FunctionSpec spec) {
        throw new CloudException(ErrorCode.UNIMPLEMENTED, "Deploying a function is not supported by provider 'azure':"
                + " build and deploy the function app (azure-functions-maven-plugin or func), each @FunctionName"
                + " method running its handler with dev.polycloud.azure.functions.PolycloudAzure; Polycloud then"
                + " invokes it, lists it and routes gateways to it", AzureErrors.PROVIDER, resource(spec.name()), null);
    }

    @Override
    public byte[] invoke(String function, byte[] payload) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.functionUrl(function))
                .timeout(settings.timeout())
                .header("Content-Type", "application/octet-stream")
                .header(FunctionsProtocol.INVOKE_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        settings.key().ifPresent(k -> b.header(FunctionsProtocol.KEY_HEADER, k));
        HttpResponse<byte[]> r;
        try {
            r = http.get().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw AzureErrors.map(e, resource(function));
        }
        if (r.statusCode() / 100 == 2) {
            return r.body() == null ? new byte[0] : r.body();
        }
        throw AzureErrors.functionAnswer(function, r.statusCode(), r.body());
    }

    @Override
    public String invokeAsync(String function, byte[] payload) {
        throw CloudException.unimplemented(AzureErrors.PROVIDER, "Asynchronous invocation");
    }

    @Override
    public List<FunctionSpec> list() {
        String app = appPath("Listing functions");
        List<FunctionSpec> out = new ArrayList<>();
        JsonNode page = management.get().get(app + "/functions", ManagementClient.WEB_API_VERSION, "functions")
                .orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND, "The function app " + app
                        + " does not exist", AzureErrors.PROVIDER, "functions", null));
        int pages = 0;
        while (true) {
            for (JsonNode f : page.path("value")) {
                String name = portableName(f);
                if (name != null) {
                    out.add(toSpec(name, f));
                }
            }
            String next = page.path("nextLink").asText("");
            if (next.isEmpty() || ++pages >= 100) {
                return out;
            }
            page = management.get().getLink(next, "functions");
        }
    }

    @Override
    public Optional<FunctionSpec> get(String function) {
        String app = appPath("Looking up a function");
        return management.get().get(app + "/functions/" + function, ManagementClient.WEB_API_VERSION,
                resource(function)).map(f -> toSpec(function, f));
    }

    @Override
    public void delete(String function) {
        throw new CloudException(ErrorCode.UNIMPLEMENTED, "Deleting a function is not supported by provider 'azure':"
                + " functions are removed by deploying the function app without them", AzureErrors.PROVIDER,
                resource(function), null);
    }

    @Override
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        if (source.kind() == TriggerSource.Kind.BUCKET && buckets != null) {
            return buckets.bind(function, source, batchSize);
        }
        throw CloudException.unimplemented(AzureErrors.PROVIDER, "A " + source.kind()
                + " trigger (declare it in code with the Azure Functions trigger annotations)");
    }

    @Override
    public void unbind(String triggerId) {
        if (buckets != null && dev.polycloud.azure.blob.EventGridBucketTriggers.isBucketId(triggerId)) {
            buckets.unbind(triggerId);
            return;
        }
        throw new CloudException(ErrorCode.NOT_FOUND, "No trigger '" + triggerId + "': provider 'azure' binds no"
                + " triggers at run time", AzureErrors.PROVIDER, "trigger " + triggerId, null);
    }

    @Override
    public List<Trigger> triggers(String function) {
        if (buckets == null) {
            return List.of();
        }
        try {
            return buckets.of(function);
        } catch (CloudException e) {
            if (e.code() != ErrorCode.PERMISSION_DENIED) {
                throw e;
            }
            // credentials that may not read the storage account's event subscriptions cannot have created any
            return List.of();
        }
    }

    /**
     * The portable spec of a function as Resource Manager describes it.
     *
     * @param name the portable name
     * @param envelope the {@code Microsoft.Web/sites/functions} resource
     * @return the spec
     */
    FunctionSpec toSpec(String name, JsonNode envelope) {
        String entryPoint = envelope.path("properties").path("config").path("entryPoint").asText("");
        String handler = CLASS_NAME.matcher(entryPoint).matches() ? entryPoint : UNKNOWN_HANDLER;
        return new FunctionSpec(name, handler, Optional.empty(), FunctionSpec.DEFAULT_MEMORY_MB,
                settings.timeout(), Map.of(), Optional.empty(), Optional.empty());
    }

    private static String portableName(JsonNode envelope) {
        String full = envelope.path("name").asText("");
        String name = full.substring(full.lastIndexOf('/') + 1);
        return name.length() >= 3 && name.length() <= 63 && PORTABLE.matcher(name).matches() ? name : null;
    }

    private String appPath(String what) {
        return settings.functionAppPath().orElseThrow(() -> new CloudException(ErrorCode.UNIMPLEMENTED, what
                + " on Azure needs Azure Resource Manager: set " + settings.functionAppPathKeys(),
                AzureErrors.PROVIDER, "functions", null));
    }

    private static String resource(String function) {
        return "function " + function;
    }

    @Override
    public String toString() {
        return "AzureFunctionDriver[" + settings.urlTemplate() + "]";
    }
}
