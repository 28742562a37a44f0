package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.scheduler.CloudSchedulerTriggers;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpSettings;
import dev.polycloud.gcp.internal.LazyClient;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.GenerateUploadUrlResponse;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.spi.FunctionDriver;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Functions on Cloud Functions (2nd gen), each running the
 * {@linkplain dev.polycloud.gcp.functions.PolycloudHttpFunction adapter} around the spec's handler.
 *
 * <ul>
 *   <li><b>deploy</b>: the artifact jar zipped as the source, uploaded to Cloud Storage through the
 *       Functions API's {@code GenerateUploadUrl} (a signed URL of a Google-managed bucket), then
 *       {@code CreateFunction}, or {@code UpdateFunction} of the managed fields when it exists (see
 *       {@link CloudFunctionsRequests}); deploy waits for the operation, so the function serves when it
 *       returns.</li>
 *   <li><b>invoke</b>: HTTPS to the function's URL with an ID token ({@link FunctionHttpInvoker}); the URL
 *       from {@link GcpFunctionSettings#URL_TEMPLATE} or the Functions API ({@link FunctionUrls}).</li>
 *   <li><b>list, get, delete</b>: {@code ListFunctions} (only functions that run a portable handler),
 *       {@code GetFunction}, {@code DeleteFunction}.</li>
 *   <li><b>schedules</b>: Cloud Scheduler HTTP jobs that call the function ({@link CloudSchedulerTriggers});
 *       deleting a function deletes its jobs.</li>
 *   <li><b>bucket triggers</b>: Cloud Storage Pub/Sub notifications pushed to the function's URL
 *       ({@link dev.polycloud.gcp.storage.GcsBucketTriggers}); deleting a function deletes them.</li>
 *   <li>Not offered (declared, so the portable layer answers {@code UNIMPLEMENTED}): asynchronous
 *       invocation, reserved concurrency (Cloud Run queues requests beyond its instances instead of
 *       refusing them at once), and queue, subscription and table triggers.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class CloudFunctionsDriver implements FunctionDriver, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudFunctionsDriver.class);

    private final GcpSettings settings;
    private final GcpFunctionSettings functions;
    private final LazyClient<FunctionServiceClient> client;
    private final FunctionUrls urls;
    private final FunctionHttpInvoker invoker;
    private final HttpClient http;
    private final Duration maxTimeout;
    private final CloudSchedulerTriggers schedules;
    private final dev.polycloud.gcp.storage.GcsBucketTriggers buckets;

    /**
     * A driver.
     *
     * @param settings the provider settings
     * @param functions the function settings
     * @param client the Functions API client, created on first use and closed with the driver
     * @param urls the URL resolver (sharing that client)
     * @param invoker the HTTP invoker
     * @param http the HTTP client for source uploads
     * @param maxTimeout the longest timeout a function can have (how long an invocation of a function whose
     *                   timeout is unknown is waited for)
     * @param scheduler the Cloud Scheduler client for scheduled triggers (created on first use)
     * @param schedulerAccount the service account of scheduled runs' OIDC tokens, or empty
     */
    public CloudFunctionsDriver(GcpSettings settings, GcpFunctionSettings functions, LazyClient<FunctionServiceClient> client,
                                FunctionUrls urls, FunctionHttpInvoker invoker, HttpClient http, Duration maxTimeout,
                                java.util.function.Supplier<com.google.cloud.scheduler.v1.CloudSchedulerClient> scheduler,
                                Optional<String> schedulerAccount) {
        this(settings, functions, client, urls, invoker, http, maxTimeout, scheduler, schedulerAccount, null);
    }

    /**
     * A driver that also binds bucket triggers.
     *
     * @param settings the provider settings
     * @param functions the function settings
     * @param client the Functions API client, created on first use and closed with the driver
     * @param urls the URL resolver (sharing that client)
     * @param invoker the HTTP invoker
     * @param http the HTTP client for source uploads
     * @param maxTimeout the longest timeout a function can have
     * @param scheduler the Cloud Scheduler client for scheduled triggers (created on first use)
     * @param schedulerAccount the service account of scheduled runs' OIDC tokens, or empty
     * @param buckets makes the bucket triggers from this driver's URL lookup ({@code NOT_FOUND} for a missing
     *                function), or null when bucket triggers are not offered
     */
    public CloudFunctionsDriver(GcpSettings settings, GcpFunctionSettings functions, LazyClient<FunctionServiceClient> client,
                                FunctionUrls urls, FunctionHttpInvoker invoker, HttpClient http, Duration maxTimeout,
                                java.util.function.Supplier<com.google.cloud.scheduler.v1.CloudSchedulerClient> scheduler,
                                Optional<String> schedulerAccount,
                                java.util.function.Function<java.util.function.Function<String, URI>,
                                        dev.polycloud.gcp.storage.GcsBucketTriggers> buckets) {
        this.settings = settings;
        this.functions = functions;
        this.client = client;
        this.urls = urls;
        this.invoker = invoker;
        this.http = http;
        this.maxTimeout = maxTimeout;
        this.schedules = new CloudSchedulerTriggers(scheduler,
                () -> CloudFunctionsRequests.location(settings.project(), FunctionUrls.region(settings)),
                this::existingUrl, schedulerAccount);
        this.buckets = buckets == null ? null : buckets.apply(this::existingUrl);
    }

    private URI existingUrl(String function) {
        if (get(function).isEmpty()) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Function '" + function + "' does not exist", resource(function));
        }
        return urls.resolve(function).uri();
    }

    @Override
    public void deploy(FunctionSpec spec) {
        String resource = resource(spec.name());
        String region = FunctionUrls.region(settings);
        CloudFunctionsRequests.environment(spec); // refuses reserved or invalid variable names before any request
        byte[] archive = CloudFunctionsRequests.sourceArchive(spec);
        FunctionServiceClient c = client.get();
        GenerateUploadUrlResponse upload;
        try {
            upload = c.generateUploadUrl(GenerateUploadUrlRequest.newBuilder()
                    .setParent(CloudFunctionsRequests.location(settings.project(), region)).build());
        } catch (ApiException e) {
            throw GcpErrors.map(e, "get an upload URL for", resource);
        }
        put(upload.getUploadUrl(), archive, resource);
        Function function = CloudFunctionsRequests.function(spec,
                CloudFunctionsRequests.functionName(settings.project(), region, spec.name()),
                upload.getStorageSource(), functions);
        urls.forget(spec.name());
        try {
            GcpErrors.await(c.createFunctionAsync(CloudFunctionsRequests.create(settings.project(), region, function)),
                    "create", resource);
        } catch (CloudException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            GcpErrors.await(c.updateFunctionAsync(CloudFunctionsRequests.update(function, functions)), "update",
                    resource);
        } finally {
            urls.forget(spec.name());
        }
    }

    private void put(String uploadUrl, byte[] archive, String resource) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uploadUrl))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(archive))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw GcpErrors.transport(e, "upload the source of", resource);
        } catch (InterruptedException e) {
            throw GcpErrors.map(e, "upload the source of", resource);
        }
        if (response.statusCode() / 100 != 2) {
            throw new CloudException(GcpErrors.httpCode(response.statusCode()), "Uploading the source of " + resource
                    + " answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()),
                    GcpErrors.PROVIDER, resource, null);
        }
    }

    @Override
    public byte[] invoke(String function, byte[] payload) {
        FunctionUrls.Target target = urls.resolve(function);
        try {
            return invoker.invoke(function, target.uri(), payload, target.timeout().orElse(maxTimeout));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                urls.forget(function);
            }
            throw e;
        }
    }

    @Override
    public String invokeAsync(String function, byte[] payload) {
        throw CloudException.unimplemented(GcpErrors.PROVIDER, "Asynchronous invocation");
    }

    @Override
    public List<FunctionSpec> list() {
        String parent = CloudFunctionsRequests.location(settings.project(), FunctionUrls.region(settings));
        List<FunctionSpec> out = new ArrayList<>();
        try {
            for (Function f : client.get().listFunctions(parent).iterateAll()) {
                CloudFunctionsRequests.spec(f).ifPresent(out::add);
            }
        } catch (ApiException e) {
            throw GcpErrors.map(e, "list", "functions");
        }
        return out;
    }

    @Override
    public Optional<FunctionSpec> get(String function) {
        try {
            return CloudFunctionsRequests.spec(client.get().getFunction(name(function)));
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return Optional.empty();
            }
            throw GcpErrors.map(e, "get", resource(function));
        }
    }

    @Override
    public void delete(String function) {
        String name = name(function);
        urls.forget(function);
        try {
            schedules.unbindAll(function);
        } catch (CloudException e) {
            // an application that never scheduled may have no Cloud Scheduler access: the function still goes
            LOG.warn("Could not delete the schedules of function {} with it: {}", function, e.getMessage());
        }
        if (buckets != null) {
            try {
                buckets.unbindAll(function);
            } catch (CloudException e) {
                LOG.debug("Could not delete the bucket triggers of function {} with it: {}", function, e.getMessage());
            }
        }
        GcpErrors.await(client.get().deleteFunctionAsync(name), "delete", resource(function));
    }

    @Override
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        if (source.kind() == TriggerSource.Kind.SCHEDULE) {
            return schedules.bind(function, source, batchSize);
        }
        if (source.kind() == TriggerSource.Kind.BUCKET && buckets != null) {
            return buckets.bind(function, source, batchSize);
        }
        throw CloudException.unimplemented(GcpErrors.PROVIDER, "A " + source.kind() + " trigger");
    }

    @Override
    public void unbind(String triggerId) {
        if (CloudSchedulerTriggers.isScheduleId(triggerId)) {
            schedules.unbind(triggerId);
            return;
        }
        if (buckets != null && dev.polycloud.gcp.storage.GcsBucketTriggers.isBucketId(triggerId)) {
            buckets.unbind(triggerId);
            return;
        }
        throw GcpErrors.of(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist (gcp binds only"
                + " schedules and buckets)", "trigger " + triggerId);
    }

    @Override
    public List<Trigger> triggers(String function) {
        if (buckets == null) {
            return schedules.of(function);
        }
        List<Trigger> all = new ArrayList<>(schedules.of(function));
        try {
            all.addAll(buckets.of(function));
        } catch (CloudException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED && e.code() != ErrorCode.PERMISSION_DENIED
                    && e.code() != ErrorCode.UNKNOWN) {
                throw e;
            }
            // Bucket triggers are found through Pub/Sub: an application that cannot reach it (no credentials for
            // it, no access) cannot have bound any through this client, and its schedules are still listed.
            LOG.debug("Not listing the bucket triggers of function {}: {}", function, e.getMessage());
        }
        return all;
    }

    @Override
    public void close() {
        client.close();
    }

    private String name(String function) {
        return CloudFunctionsRequests.functionName(settings.project(), FunctionUrls.region(settings), function);
    }

    private static String resource(String function) {
        return "function " + function;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
