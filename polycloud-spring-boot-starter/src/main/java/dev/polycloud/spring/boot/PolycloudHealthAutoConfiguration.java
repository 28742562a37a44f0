package dev.polycloud.spring.boot;

import dev.polycloud.Cloud;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code polycloud} Actuator health indicator ({@link PolycloudHealthIndicator}) when
 * Spring Boot's health module is on the class path and a {@link Cloud} bean exists. Switch it off with
 * {@code management.health.polycloud.enabled=false}.
 */
@AutoConfiguration(after = PolycloudAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class PolycloudHealthAutoConfiguration {

    /** Created by Spring. */
    public PolycloudHealthAutoConfiguration() {
    }

    /**
     * The indicator's configuration; a member class so that its health-module conditions are only read once the
     * health module is known to be present.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Cloud.class)
    @ConditionalOnEnabledHealthIndicator("polycloud")
    public static class Indicator {

        /** Created by Spring. */
        public Indicator() {
        }

        /**
         * The {@code polycloud} health indicator.
         *
         * @param cloud the cloud to check
         * @return the indicator
         */
        @Bean
        @ConditionalOnMissingBean(name = "polycloudHealthIndicator")
        public PolycloudHealthIndicator polycloudHealthIndicator(Cloud cloud) {
            return new PolycloudHealthIndicator(cloud);
        }
    }
}
