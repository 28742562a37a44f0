package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.ConfigKeyOwner;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses configuration keys that nothing reads, so that a typo ({@code polycloud.provdier},
 * {@code polycloud.aws.endpiont}) fails at open instead of silently changing where data goes.
 *
 * <p>A key is known when the core declares it ({@link PolycloudConfig#CORE_KEYS}), a provider on the class
 * path declares it ({@link CloudProvider#configKeys()}), or a registered {@link ConfigKeyOwner} does. Keys
 * under the namespace of a provider this project ships that is <em>not</em> on the class path
 * ({@code polycloud.gcp.*} in an AWS-only application) are allowed unchecked: one configuration file may serve
 * several deployments.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /**
     * Checks every configured key.
     *
     * @param config the configuration
     * @param providers the providers on the class path, by id
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the first unknown key, its
     *                        source and the closest known key
     */
    public static void check(PolycloudConfig config, Map<String, CloudProvider> providers) {
        Set<String> known = new TreeSet<>(PolycloudConfig.CORE_KEYS);
        for (CloudProvider p : providers.values()) {
            known.addAll(p.configKeys());
        }
        for (ConfigKeyOwner owner : ServiceLoader.load(ConfigKeyOwner.class, ProviderRegistry.classLoader())) {
            known.addAll(owner.configKeys());
        }
        Set<String> openNamespaces = new TreeSet<>();
        for (String id : ProviderRegistry.KNOWN) {
            if (!providers.containsKey(id)) {
                openNamespaces.add("polycloud." + id + ".");
            }
        }
        Set<String> knownEnvironment = new TreeSet<>();
        for (String k : known) {
            knownEnvironment.add(PolycloudConfig.environmentName(k));
        }
        for (PolycloudConfig.ConfiguredKey entry : config.configuredKeys()) {
            String key = entry.key();
            boolean environment = entry.source() == PolycloudConfig.Source.ENVIRONMENT;
            if (environment ? knownEnvironment.contains(key) || inOpenEnvironmentNamespace(key, openNamespaces)
                    : known.contains(key) || inOpenNamespace(key, openNamespaces)) {
                continue;
            }
            String closest = closest(environment ? key.toLowerCase(Locale.ROOT).replace('_', '.') : key, known);
            throw CloudException.invalidArgument("Unknown configuration key '" + key + "' (from "
                    + entry.source().description() + "): did you mean '"
                    + (environment ? PolycloudConfig.environmentName(closest) : closest) + "'? No provider or module on the"
                    + " class path reads it; remove it or correct its name");
        }
    }

    private static boolean inOpenNamespace(String key, Set<String> namespaces) {
        return namespaces.stream().anyMatch(key::startsWith);
    }

    private static boolean inOpenEnvironmentNamespace(String variable, Set<String> namespaces) {
        return namespaces.stream().anyMatch(ns -> variable.startsWith(PolycloudConfig.environmentName(ns)));
    }

    /**
     * The known key closest to a key, by edit distance over the dotted names.
     *
     * @param key the unknown key (lower case, dotted)
     * @param known the known keys
     * @return the closest one
     */
    static String closest(String key, Collection<String> known) {
        String best = PolycloudConfig.PROVIDER;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate.replace('-', '.'));
            int plain = distance(key, candidate);
            d = Math.min(d, plain);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
