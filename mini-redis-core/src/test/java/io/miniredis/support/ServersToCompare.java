package io.miniredis.support;

import io.miniredis.server.MiniRedisServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that run one scenario against each server by name ({@code @ValueSource(strings = {"mini",
 * "mini-io-threads", "redis"})}): mini-redis with one I/O thread, with two (where the keyspace thread writes onto
 * other event loops), and a real redis-server when one is installed. Register it on an instance field of a
 * {@code @TestInstance(PER_CLASS)} class.
 */
public final class ServersToCompare implements BeforeAllCallback, AfterAllCallback {

    private MiniRedisServer mini;
    private MiniRedisServer miniWithIoThreads;
    private RealRedis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        mini = MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        miniWithIoThreads = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("io-threads", "2")
                .build()
                .start();
        redis = RealRedis.available() ? RealRedis.start() : null;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mini.close();
        miniWithIoThreads.close();
        if (redis != null) {
            redis.close();
        }
    }

    /** The port of the server named {@code mini}, {@code mini-io-threads} or {@code redis} (skips without one). */
    public int port(String name) {
        return switch (name) {
            case "mini" -> mini.port();
            case "mini-io-threads" -> miniWithIoThreads.port();
            case "redis" -> {
                Assumptions.assumeTrue(redis != null, "redis-server is not installed");
                yield redis.port();
            }
            default -> throw new IllegalArgumentException("No server named " + name);
        };
    }
}
