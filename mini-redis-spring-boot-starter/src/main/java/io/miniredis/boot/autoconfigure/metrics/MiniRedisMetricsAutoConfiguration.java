package io.miniredis.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.metrics.MiniRedisMetrics;
import io.miniredis.server.MiniRedisServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The {@code miniredis.*} meters, when the application has Micrometer and a meter registry: Spring Boot binds the
 * {@link MiniRedisMetrics} bean to every registry.
 */
@AutoConfiguration(
        after = {
            MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            MiniRedisAutoConfiguration.class
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, MiniRedisServer.class})
public class MiniRedisMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MiniRedisMetrics miniRedisMetrics(MiniRedisServer server) {
        return new MiniRedisMetrics(server);
    }
}
