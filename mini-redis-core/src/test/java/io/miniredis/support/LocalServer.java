package io.miniredis.support;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A mini-redis server on a free loopback port for one test class, started before its first test and closed after
 * its last: {@code @RegisterExtension final LocalServer server = new LocalServer();} in a
 * {@code @TestInstance(PER_CLASS)} class (an instance field gets class-level callbacks only then).
 */
public final class LocalServer implements BeforeAllCallback, AfterAllCallback {

    private MiniRedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public MiniRedisServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public ServerContext context() {
        return server.context();
    }
}
