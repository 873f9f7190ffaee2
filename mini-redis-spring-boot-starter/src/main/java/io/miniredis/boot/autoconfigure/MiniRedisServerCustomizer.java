package io.miniredis.boot.autoconfigure;

import io.miniredis.server.ServerConfig;

/**
 * Adjusts the embedded server's configuration after the {@code mini-redis.*} properties have been applied, for
 * whatever the properties do not cover (a clock for tests, native transport, any Redis parameter computed at
 * start-up). Every customizer bean is called, in {@link org.springframework.core.annotation.Order} order; values
 * they set are validated like the properties and fail start-up the same way.
 */
@FunctionalInterface
public interface MiniRedisServerCustomizer {

    void customize(ServerConfig.Builder builder);
}
