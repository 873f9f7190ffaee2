package io.miniredis.boot.autoconfigure;

import io.miniredis.boot.MiniRedisServerLifecycle;
import io.miniredis.server.MiniRedisServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The embedded mini-redis server: built from {@link MiniRedisProperties} and every {@link MiniRedisServerCustomizer},
 * started and stopped with the context by {@link MiniRedisServerLifecycle}. Spring Data Redis, health, metrics and
 * the actuator endpoint have auto-configurations of their own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mini-redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MiniRedisProperties.class)
public class MiniRedisAutoConfiguration {

    /** Not started here: {@link MiniRedisServerLifecycle} starts it, at the latest when the context starts. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MiniRedisServer miniRedisServer(
            MiniRedisProperties properties, ObjectProvider<MiniRedisServerCustomizer> customizers) {
        return MiniRedisServerFactory.create(
                properties, customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    public MiniRedisServerLifecycle miniRedisServerLifecycle(
            MiniRedisServer server, ApplicationContext context, MiniRedisProperties properties) {
        return new MiniRedisServerLifecycle(server, context, properties.getFixtures());
    }
}
