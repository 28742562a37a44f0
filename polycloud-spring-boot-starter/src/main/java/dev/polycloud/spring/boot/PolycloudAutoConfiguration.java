package dev.polycloud.spring.boot;

import dev.polycloud.spi.OperationObserver;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of a {@link Cloud} bean from the {@code polycloud.*} properties (see
 * {@link PolycloudProperties}), closed when the application context closes; beans for the queues, topics and
 * tables named in {@code polycloud.queues}, {@code polycloud.topics} and {@code polycloud.tables}. The health
 * indicator is configured by {@link PolycloudHealthAutoConfiguration}.
 *
 * <p>Backs off when the application defines its own {@code Cloud} bean. {@link PolycloudBuilderCustomizer}
 * beans shape the cloud before it opens (vendor-client customisers, a {@code LocalClock}); every
 * {@link OperationObserver} bean observes it (metrics, traces: see
 * {@link PolycloudObservabilityAutoConfiguration}). Startup fails with
 * the {@link dev.polycloud.CloudException} of {@link Polycloud.Builder#open()} when the configuration is wrong
 * (unknown key, missing provider): the message is the one {@code Polycloud.open()} gives.
 */
@AutoConfiguration
@ConditionalOnClass(Cloud.class)
@EnableConfigurationProperties(PolycloudProperties.class)
@Import(NamedResourcesRegistrar.class)
public class PolycloudAutoConfiguration {

    /** Created by Spring. */
    public PolycloudAutoConfiguration() {
    }

    /**
     * The cloud, opened from the environment's {@code polycloud.*} properties.
     *
     * @param environment the Spring environment
     * @param customizers the application's customisers, applied in order (after the observers are set, so a
     *                    customiser can still replace them)
     * @param observers the {@link OperationObserver} beans (the ones {@link PolycloudObservabilityAutoConfiguration}
     *                  makes for a {@code MeterRegistry} and an {@code OpenTelemetry} bean, and the application's),
     *                  all registered together
     * @return the open cloud; Spring closes it on shutdown
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Cloud polycloudCloud(ConfigurableEnvironment environment,
                                ObjectProvider<PolycloudBuilderCustomizer> customizers,
                                ObjectProvider<OperationObserver> observers) {
        Polycloud.Builder builder = Polycloud.builder().config(SpringPolycloudConfig.from(environment));
        OperationObserver observer = OperationObserver.all(observers.orderedStream().toArray(OperationObserver[]::new));
        if (observer != OperationObserver.NONE) {
            builder.observer(observer);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.open();
    }

    /**
     * Runs {@link PolycloudListener} methods as queue listeners while the context runs.
     *
     * @return the processor
     */
    @Bean
    @ConditionalOnMissingBean
    public static PolycloudListenerProcessor polycloudListenerProcessor() {
        return new PolycloudListenerProcessor();
    }
}
