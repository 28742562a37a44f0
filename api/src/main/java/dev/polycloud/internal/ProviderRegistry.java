package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.CloudProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the configured provider among those registered with {@link ServiceLoader}. No
 * classpath scanning: only {@code META-INF/services} entries are read.
 */
public final class ProviderRegistry {

    /** The providers this project ships, named in error messages even when absent. */
    public static final Set<String> KNOWN = Set.of("local", "aws", "azure", "gcp");

    private ProviderRegistry() {
    }

    /**
     * The provider named by {@code polycloud.provider}.
     *
     * @param config the configuration
     * @return the provider
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the key, the
     *                        accepted values and, for a known provider that is absent, the dependency to add
     */
    public static CloudProvider find(PolycloudConfig config) {
        Map<String, CloudProvider> available = available();
        String id = config.provider();
        CloudProvider provider = available.get(id);
        if (provider != null) {
            return provider;
        }
        Set<String> accepted = new TreeSet<>(KNOWN);
        accepted.addAll(available.keySet());
        if (KNOWN.contains(id)) {
            throw CloudException.invalidArgument("Configuration key '" + PolycloudConfig.PROVIDER + "' is '" + id
                    + "', but that provider is not on the classpath: add the dependency dev.polycloud:polycloud-provider-"
                    + id + " (providers on the classpath: " + available.keySet() + ")");
        }
        throw CloudException.invalidArgument("Configuration key '" + PolycloudConfig.PROVIDER + "' must be one of "
                + accepted + " (found '" + id + "')");
    }

    /**
     * Every provider on the classpath, by id.
     *
     * @return ids to providers, sorted
     */
    public static Map<String, CloudProvider> available() {
        Map<String, CloudProvider> map = new TreeMap<>();
        for (CloudProvider p : ServiceLoader.load(CloudProvider.class, classLoader())) {
            map.putIfAbsent(p.id(), p);
        }
        return map;
    }

    /**
     * The class loader services are looked up in: the thread's context class loader, else this library's.
     *
     * @return the class loader
     */
    public static ClassLoader classLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ProviderRegistry.class.getClassLoader();
    }
}
