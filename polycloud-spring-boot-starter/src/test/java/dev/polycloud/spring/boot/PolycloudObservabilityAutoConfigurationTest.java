package dev.polycloud.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.micrometer.MicrometerObserver;
import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import dev.polycloud.spi.OperationObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("The Polycloud observability auto-configuration")
class PolycloudObservabilityAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("polycloud.provider=local", "polycloud.local.instance=observability-test")
            .withConfiguration(AutoConfigurations.of(PolycloudAutoConfiguration.class,
                    PolycloudObservabilityAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Otel {
        @Bean
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }

        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
            return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        }
    }

    @Test
    @DisplayName("with a MeterRegistry bean, the cloud's operations are timed as polycloud.operation")
    void metrics() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasSingleBean(MicrometerObserver.class).doesNotHaveBean(OpenTelemetryObserver.class);
            context.getBean(Cloud.class).queue("metered").create().send("x");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("polycloud.operation").tag("resource", "metered").tag("operation", "send")
                    .timer()).isNotNull().satisfies(t -> assertThat(t.count()).isEqualTo(1));
        });
    }

    @Test
    @DisplayName("with an OpenTelemetry bean, the cloud's operations are spans")
    void traces() {
        runner.withUserConfiguration(Otel.class).run(context -> {
            assertThat(context).hasSingleBean(OpenTelemetryObserver.class).doesNotHaveBean(MicrometerObserver.class);
            context.getBean(Cloud.class).queue("traced").create().send("x");
            assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
                    .extracting(SpanData::getName).contains("send traced");
        });
    }

    @Test
    @DisplayName("with both beans, metrics and traces both observe the cloud")
    void both() {
        runner.withUserConfiguration(Registry.class, Otel.class).run(context -> {
            assertThat(context).hasSingleBean(MicrometerObserver.class).hasSingleBean(OpenTelemetryObserver.class);
            context.getBean(Cloud.class).queue("both").create().send("x");
            assertThat(context.getBean(MeterRegistry.class).find("polycloud.operation").tag("resource", "both")
                    .tag("operation", "send").timer()).isNotNull();
            assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
                    .extracting(SpanData::getName).contains("send both");
        });
    }

    @Test
    @DisplayName("without either bean, no observer is configured and the cloud still opens")
    void neither() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(OperationObserver.class);
            context.getBean(Cloud.class).queue("plain").create().send("x");
        });
    }

    @Test
    @DisplayName("without polycloud-micrometer on the class path, a MeterRegistry bean adds no observer")
    void micrometerModuleMissing() {
        runner.withUserConfiguration(Registry.class).withClassLoader(new FilteredClassLoader(MicrometerObserver.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OperationObserver.class));
    }

    @Test
    @DisplayName("without polycloud-opentelemetry on the class path, an OpenTelemetry bean adds no observer")
    void openTelemetryModuleMissing() {
        runner.withUserConfiguration(Otel.class).withClassLoader(new FilteredClassLoader(OpenTelemetryObserver.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OperationObserver.class));
    }

    @Test
    @DisplayName("an application's own observer bean is kept and registered with the auto-configured ones")
    void ownObserver() {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        runner.withUserConfiguration(Registry.class).withBean("mine", OperationObserver.class,
                () -> new OperationObserver() {
                    @Override
                    public void succeeded(String provider, String kind, String resource, String operation,
                                          long nanos) {
                        seen.incrementAndGet();
                    }
                }).run(context -> {
                    context.getBean(Cloud.class).queue("own").create().send("x");
                    assertThat(seen.get()).isPositive();
                    assertThat(context.getBean(MeterRegistry.class).find("polycloud.operation")
                            .tag("resource", "own").tag("operation", "send").timer()).isNotNull();
                });
    }
}
