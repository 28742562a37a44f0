package dev.polycloud.spring.boot;

import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.spi.ConfigKeyOwner;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Turns a Spring {@link ConfigurableEnvironment} into a {@link PolycloudConfig}. System properties and environment
 * variables are read by {@link PolycloudConfig.Builder#withStandardSources()} exactly as
 * {@link dev.polycloud.Polycloud#open()} reads them (so errors name the same source); every {@code polycloud.*}
 * property of the other Spring sources ({@code application.properties}/{@code .yml}, profiles, test properties)
 * becomes an explicit key, written the way Polycloud spells it when it matches a known key under Spring's relaxed
 * rules ({@code retry.maxAttempts} is {@code polycloud.retry.max-attempts}). A key also set as a system property or
 * environment variable is left to those, which Spring ranks higher. Unknown keys pass through unchanged so that
 * {@code Polycloud.open} refuses them with its "did you mean" message. Thread-safe (stateless).
 */
final class SpringPolycloudConfig {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("polycloud");

    private SpringPolycloudConfig() {
    }

    static PolycloudConfig from(ConfigurableEnvironment environment) {
        Set<String> known = knownKeys();
        PolycloudConfig.Builder builder = PolycloudConfig.builder().withStandardSources();
        PolycloudConfig standard = builder.build();
        Map<String, String> explicit = new LinkedHashMap<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            String sourceName = source.getName();
            if (sourceName.equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)
                    || sourceName.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                    || sourceName.equals("configurationProperties")) {
                continue;
            }
            for (ConfigurationPropertySource adapted : ConfigurationPropertySources.from(source)) {
                if (!(adapted instanceof IterableConfigurationPropertySource iterable)) {
                    continue;
                }
                iterable.stream().filter(PREFIX::isAncestorOf).forEach(name -> {
                    if (isStarterList(name) || !seen.add(name)) {
                        return;
                    }
                    ConfigurationProperty property = adapted.getConfigurationProperty(name);
                    if (property == null || property.getValue() == null) {
                        return;
                    }
                    String key = canonical(name, known);
                    if (standard.get(key).isPresent()) {
                        return;   // a system property or environment variable, which Spring ranks higher
                    }
                    explicit.put(key, environment.resolvePlaceholders(String.valueOf(property.getValue())));
                });
            }
        }
        return builder.setAll(explicit).build();
    }

    private static boolean isStarterList(ConfigurationPropertyName name) {
        for (String key : StarterConfigKeys.KEYS) {
            ConfigurationPropertyName list = ConfigurationPropertyName.of(key);
            if (list.equals(name) || list.isAncestorOf(name)) {
                return true;
            }
        }
        return false;
    }

    private static String canonical(ConfigurationPropertyName name, Set<String> known) {
        for (String key : known) {
            if (ConfigurationPropertyName.isValid(key) && ConfigurationPropertyName.of(key).equals(name)) {
                return key;
            }
        }
        return name.toString();
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new HashSet<>(PolycloudConfig.CORE_KEYS);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (CloudProvider provider : ServiceLoader.load(CloudProvider.class, loader)) {
            keys.addAll(provider.configKeys());
        }
        for (ConfigKeyOwner owner : ServiceLoader.load(ConfigKeyOwner.class, loader)) {
            keys.addAll(owner.configKeys());
        }
        return keys;
    }
}
