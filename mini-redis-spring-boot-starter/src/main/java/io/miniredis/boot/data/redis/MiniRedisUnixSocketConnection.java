package io.miniredis.boot.data.redis;

import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code mini-redis.unix-socket}: Spring Data Redis reaches the embedded server through its Unix socket. Spring
 * Boot's connection details have no socket form, so Boot builds its Lettuce connection factory for the server as
 * usual (pool, timeouts, client name, SSL off, every {@code LettuceClientConfigurationBuilderCustomizer}), and this
 * replaces the factory, before it is initialized, by one with the same client configuration, database and password
 * on the socket. Only Boot's factory for the embedded server is replaced: one the application defines itself for
 * another address is left alone.
 */
public class MiniRedisUnixSocketConnection implements BeanPostProcessor {

    private final String path;
    /** Looked up when the first factory comes: a post-processor is created before ordinary beans. */
    private final Supplier<MiniRedisConnectionDetails> details;

    public MiniRedisUnixSocketConnection(String path, Supplier<MiniRedisConnectionDetails> details) {
        this.path = path;
        this.details = details;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!(bean instanceof LettuceConnectionFactory factory) || !forTheEmbeddedServer(factory)) {
            return bean;
        }
        RedisStandaloneConfiguration tcp = factory.getStandaloneConfiguration();
        RedisSocketConfiguration socket = new RedisSocketConfiguration(path);
        socket.setDatabase(tcp.getDatabase());
        socket.setUsername(tcp.getUsername());
        socket.setPassword(tcp.getPassword());
        LettuceConnectionFactory replacement = new LettuceConnectionFactory(socket, factory.getClientConfiguration());
        replacement.setShareNativeConnection(factory.getShareNativeConnection());
        replacement.setValidateConnection(factory.getValidateConnection());
        replacement.setEagerInitialization(factory.getEagerInitialization());
        return replacement;
    }

    /** Boot's factory made from {@link MiniRedisConnectionDetails}: a standalone one with their host and port. */
    private boolean forTheEmbeddedServer(LettuceConnectionFactory factory) {
        if (factory.isRedisSentinelAware() || factory.isClusterAware()) {
            return false;
        }
        RedisStandaloneConfiguration tcp = factory.getStandaloneConfiguration();
        var standalone = details.get().getStandalone();
        return tcp.getHostName().equals(standalone.getHost()) && tcp.getPort() == standalone.getPort();
    }
}
