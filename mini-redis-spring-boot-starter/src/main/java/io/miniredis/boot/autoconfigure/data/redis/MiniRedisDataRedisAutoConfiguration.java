package io.miniredis.boot.autoconfigure.data.redis;

import io.miniredis.boot.MiniRedisServerLifecycle;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.data.redis.MiniRedisConnectionDetails;
import io.miniredis.boot.data.redis.MiniRedisUnixSocketConnection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Connects Spring Data Redis (RedisTemplate, the Redis cache manager, Spring Session, repositories) to the embedded
 * server with no configuration, by providing its {@link DataRedisConnectionDetails}. It backs off when the
 * application defines its own connection details, or points {@code spring.data.redis} at another server (see
 * {@link OnDataRedisNotConfiguredCondition}).
 */
@AutoConfiguration(after = MiniRedisAutoConfiguration.class, before = DataRedisAutoConfiguration.class)
@ConditionalOnClass(DataRedisConnectionDetails.class)
@ConditionalOnBean(MiniRedisServerLifecycle.class)
@Conditional(OnDataRedisNotConfiguredCondition.class)
public class MiniRedisDataRedisAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DataRedisConnectionDetails.class)
    public MiniRedisConnectionDetails miniRedisConnectionDetails(
            MiniRedisServerLifecycle lifecycle, Environment environment) {
        return new MiniRedisConnectionDetails(
                lifecycle, environment.getProperty("spring.data.redis.database", Integer.class, 0));
    }

    /**
     * With {@code mini-redis.unix-socket}, Lettuce connects through the socket (see {@link
     * MiniRedisUnixSocketConnection}). Static, as bean post-processors are; the details are looked up when the first
     * factory comes.
     */
    @Bean
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnProperty(name = "mini-redis.unix-socket")
    public static MiniRedisUnixSocketConnection miniRedisUnixSocketConnection(
            Environment environment, ObjectProvider<MiniRedisConnectionDetails> details) {
        return new MiniRedisUnixSocketConnection(environment.getProperty("mini-redis.unix-socket"), details::getObject);
    }
}
