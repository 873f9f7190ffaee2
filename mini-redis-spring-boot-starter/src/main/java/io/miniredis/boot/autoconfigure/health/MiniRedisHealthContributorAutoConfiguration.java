package io.miniredis.boot.autoconfigure.health;

import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.health.MiniRedisHealthIndicator;
import io.miniredis.server.MiniRedisServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code miniRedis} health contributor, when Spring Boot's health support is present; switched off with
 * {@code management.health.mini-redis.enabled=false}.
 */
@AutoConfiguration(after = MiniRedisAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MiniRedisServer.class)
@ConditionalOnEnabledHealthIndicator("mini-redis")
public class MiniRedisHealthContributorAutoConfiguration {

    /** Named so that the contributor is {@code miniRedis} (Boot drops the "HealthIndicator" suffix). */
    @Bean
    @ConditionalOnMissingBean(name = {"miniRedisHealthIndicator", "miniRedisHealthContributor"})
    public MiniRedisHealthIndicator miniRedisHealthIndicator(MiniRedisServer server) {
        return new MiniRedisHealthIndicator(server);
    }
}
