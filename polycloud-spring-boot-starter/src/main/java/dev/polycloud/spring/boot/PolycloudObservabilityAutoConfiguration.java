package dev.polycloud.spring.boot;

import dev.polycloud.micrometer.MicrometerObserver;
import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observes the auto-configured {@code Cloud} with what the application already has:
 * <ul>
 *   <li>a {@link MicrometerObserver} bean (the {@code polycloud.*} meters) when {@code polycloud-micrometer} is on
 *       the class path and a {@link MeterRegistry} bean exists (Spring Boot's, or the application's);</li>
 *   <li>an {@link OpenTelemetryObserver} bean (spans and trace propagation) when {@code polycloud-opentelemetry} is
 *       on the class path and an {@link OpenTelemetry} bean exists.</li>
 * </ul>
 * {@link PolycloudAutoConfiguration} registers every {@code OperationObserver} bean with the builder, so both work
 * together. An application that defines its own bean of either type keeps it. Runs after Spring Boot's metrics and
 * OpenTelemetry auto-configurations, so their beans are seen.
 */
@AutoConfiguration(before = PolycloudAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"})
public class PolycloudObservabilityAutoConfiguration {

    /** Created by Spring. */
    public PolycloudObservabilityAutoConfiguration() {
    }

    /** Metrics, when Micrometer and {@code polycloud-micrometer} are present and a registry bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
            "dev.polycloud.micrometer.MicrometerObserver"})
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    public static class Metrics {

        /** Created by Spring. */
        public Metrics() {
        }

        /**
         * The observer turning every portable operation into Micrometer meters.
         *
         * @param registry the application's meter registry
         * @return the observer
         */
        @Bean
        @ConditionalOnMissingBean
        public MicrometerObserver polycloudMicrometerObserver(MeterRegistry registry) {
            return new MicrometerObserver(registry);
        }
    }

    /** Traces, when the OpenTelemetry API and {@code polycloud-opentelemetry} are present and an instance exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.opentelemetry.api.OpenTelemetry",
            "dev.polycloud.opentelemetry.OpenTelemetryObserver"})
    @ConditionalOnBean(type = "io.opentelemetry.api.OpenTelemetry")
    public static class Traces {

        /** Created by Spring. */
        public Traces() {
        }

        /**
         * The observer making a span per portable operation and propagating trace context through messages.
         *
         * @param openTelemetry the application's OpenTelemetry
         * @return the observer
         */
        @Bean
        @ConditionalOnMissingBean
        public OpenTelemetryObserver polycloudOpenTelemetryObserver(OpenTelemetry openTelemetry) {
            return new OpenTelemetryObserver(openTelemetry);
        }
    }
}
