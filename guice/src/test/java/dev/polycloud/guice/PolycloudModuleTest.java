package dev.polycloud.guice;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("PolycloudModule")
class PolycloudModuleTest {

    static final class OrderService {
        final Cloud cloud;

        @Inject
        OrderService(Cloud cloud) {
            this.cloud = cloud;
        }
    }

    @Test
    @DisplayName("injects one Cloud that works")
    void injectsACloud() {
        Injector injector = Guice.createInjector(new PolycloudModule(PolycloudConfig.builder().build()));
        OrderService service = injector.getInstance(OrderService.class);
        try (Cloud cloud = service.cloud) {
            cloud.queue("injected").create().send("hi");
            assertThat(cloud.queue("injected").receive(1, Duration.ofSeconds(1))).hasSize(1);
            assertThat(injector.getInstance(Cloud.class)).isSameAs(cloud);
        }
    }

    @Test
    @DisplayName("opens the cloud from a prepared builder")
    void opensFromABuilder() {
        Injector injector = Guice.createInjector(new PolycloudModule(
                Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())));
        try (Cloud cloud = injector.getInstance(Cloud.class)) {
            assertThat(cloud.provider()).isEqualTo("local");
        }
    }

    @Test
    @DisplayName("a typo in the configuration fails at injection with the portable error")
    void typoFails() {
        Injector injector = Guice.createInjector(new PolycloudModule(
                PolycloudConfig.builder().set("polycloud.provdier", "aws").build()));
        assertThatThrownBy(() -> injector.getInstance(Cloud.class))
                .isInstanceOf(ProvisionException.class)
                .cause().isInstanceOf(CloudException.class)
                .satisfies(e -> assertThat(((CloudException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("polycloud.provider");
    }
}
