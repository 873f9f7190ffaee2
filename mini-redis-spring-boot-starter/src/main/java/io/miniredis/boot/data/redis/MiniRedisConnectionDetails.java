package io.miniredis.boot.data.redis;

import io.miniredis.boot.MiniRedisServerLifecycle;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Points Spring Data Redis at the embedded server. The address is read when asked for, which starts the server if
 * the context has not yet: Spring Data Redis asks while it creates its connection factory, before lifecycle beans
 * start, and whatever it creates next (RedisTemplate, RedisCacheManager, Spring Session's repository, listener
 * containers) may connect straight away.
 */
public class MiniRedisConnectionDetails implements DataRedisConnectionDetails {

    private final MiniRedisServerLifecycle lifecycle;
    private final int database;

    /** @param database the database clients SELECT ({@code spring.data.redis.database}) */
    public MiniRedisConnectionDetails(MiniRedisServerLifecycle lifecycle, int database) {
        this.lifecycle = lifecycle;
        this.database = database;
    }

    @Override
    public Standalone getStandalone() {
        return new Standalone() {
            @Override
            public String getHost() {
                return lifecycle.connectAddress().getHostString();
            }

            @Override
            public int getPort() {
                return lifecycle.port();
            }

            @Override
            public int getDatabase() {
                return database;
            }
        };
    }

    /** The password the server requires now (it may have been changed with CONFIG SET), or null for none. */
    @Override
    public String getPassword() {
        lifecycle.start();
        String password = lifecycle.server().context().config().get("requirepass");
        return password.isEmpty() ? null : password;
    }
}
