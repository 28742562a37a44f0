package dev.polycloud.spring.boot;

import dev.polycloud.Polycloud;

/**
 * A bean that shapes the auto-configured cloud before it opens: typed vendor-client customisers
 * ({@link Polycloud.Builder#customize}) or ready-made objects ({@link Polycloud.Builder#use}, for example a
 * {@code LocalClock} in tests). Customisers run in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface PolycloudBuilderCustomizer {

    /**
     * Shapes the builder; the configuration is already set.
     *
     * @param builder the builder of the cloud bean
     */
    void customize(Polycloud.Builder builder);
}
