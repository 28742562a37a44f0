package dev.polycloud.gcp.testing;

import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.scheduler.v1.CloudSchedulerSettings;
import dev.polycloud.Polycloud;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cloud Functions as far as it can run here, for tests: the {@link StandInFunctionsApi} receives the
 * driver's deploy, get, list and delete requests, and each deployed function is served by the real
 * adapter ({@link PolycloudHttpFunction}, configured with exactly the environment variables the
 * deploy request set) under the {@link InProcessInvoker Functions Framework invoker}, at
 * {@code http://127.0.0.1:PORT/<function>}. Handlers are loaded from this JVM's class path, not from
 * the uploaded archive (which is checked to be a zip holding one jar, as Google's buildpack expects).
 *
 * <p>One per JVM: {@link #get()}.
 */
public final class LocalCloudFunctions implements StandInFunctionsApi.Deployer {

    private static LocalCloudFunctions instance;

    private final InProcessInvoker invoker;
    private final StandInFunctionsApi api;
    private final StandInSchedulerApi scheduler;

    private LocalCloudFunctions() {
        this.invoker = InProcessInvoker.get();
        this.api = new StandInFunctionsApi(this);
        this.scheduler = new StandInSchedulerApi();
    }

    /**
     * The shared instance, started on first use.
     *
     * @return the instance
     */
    public static synchronized LocalCloudFunctions get() {
        if (instance == null) {
            instance = new LocalCloudFunctions();
        }
        return instance;
    }

    /**
     * The stand-in Functions API.
     *
     * @return it
     */
    public StandInFunctionsApi api() {
        return api;
    }

    /**
     * The stand-in Cloud Scheduler API.
     *
     * @return it
     */
    public StandInSchedulerApi scheduler() {
        return scheduler;
    }

    /**
     * The invoker's base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String baseUrl() {
        return invoker.baseUrl();
    }

    /**
     * Points a GCP {@code Cloud}'s Functions and Cloud Scheduler clients at the stand-ins:
     * {@code localCloudFunctions.overrides(Polycloud.builder().config(config)).open()}.
     *
     * @param builder the builder of the cloud to open
     * @return the same builder
     */
    public Polycloud.Builder overrides(Polycloud.Builder builder) {
        return builder.use(FunctionServiceSettings.class, api.settings())
                .use(CloudSchedulerSettings.class, scheduler.settings());
    }

    @Override
    public String deployed(Function function, byte[] archive) {
        List<String> entries = entries(archive);
        if (entries.size() != 1 || !entries.get(0).endsWith(".jar")) {
            throw new IllegalArgumentException("the source archive must hold exactly one jar at its top level"
                    + " (found " + entries + ")");
        }
        if (!function.getBuildConfig().getEntryPoint().equals(PolycloudHttpFunction.class.getName())) {
            throw new IllegalArgumentException("entry point " + function.getBuildConfig().getEntryPoint()
                    + " is not served here");
        }
        String name = function.getName().substring(function.getName().lastIndexOf('/') + 1);
        Map<String, String> env = function.getServiceConfig().getEnvironmentVariablesMap();
        InvokerRouter.register(name, new PolycloudHttpFunction(env));
        return invoker.baseUrl() + "/" + name;
    }

    @Override
    public void deleted(String name) {
        InvokerRouter.unregister(name.substring(name.lastIndexOf('/') + 1));
    }

    private static List<String> entries(byte[] zip) {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the source archive is not a zip", e);
        }
        return names;
    }
}
