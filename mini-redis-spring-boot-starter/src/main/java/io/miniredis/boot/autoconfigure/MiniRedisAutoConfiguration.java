package io.miniredis.boot.autoconfigure;

import io.miniredis.boot.MiniRedisServerLifecycle;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.ServerClock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The embedded mini-redis server: built from {@link MiniRedisProperties}, its {@link ServerClock} bean and every
 * {@link MiniRedisServerCustomizer},
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
            MiniRedisProperties properties, ServerClock clock, ObjectProvider<MiniRedisServerCustomizer> customizers) {
        return MiniRedisServerFactory.create(
                properties, clock, customizers.orderedStream().toList());
    }

    /**
     * The server's time, as {@code mini-redis.clock} says; a test injects it to move a manual clock ({@code
     * clock.advance(Duration.ofMinutes(30))}). An application's own {@code ServerClock} bean replaces it (a manual
     * clock at a chosen instant, say). To give the application's code the same time, expose {@code
     * clock.withZone(zone)} as its {@code java.time.Clock}.
     */
    @Bean
    @ConditionalOnMissingBean
    public ServerClock miniRedisClock(MiniRedisProperties properties) {
        return ServerClock.of(properties.getClock());
    }

    @Bean
    @ConditionalOnMissingBean
    public MiniRedisServerLifecycle miniRedisServerLifecycle(
            MiniRedisServer server, ApplicationContext context, MiniRedisProperties properties) {
        return new MiniRedisServerLifecycle(server, context, properties.getFixtures());
    }
}
