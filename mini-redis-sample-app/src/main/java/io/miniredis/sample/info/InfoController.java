package io.miniredis.sample.info;

import io.miniredis.server.MiniRedisServer;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/info}: which Redis the application uses. {@code embedded} when the starter's server is the one
 * Spring Data Redis connects to, {@code external} otherwise (the {@code external} profile); the server's product
 * ({@code mini-redis} answers INFO with a {@code java_version} field, Redis does not) and version.
 */
@RestController
class InfoController {

    private final LettuceConnectionFactory connectionFactory;
    private final ObjectProvider<MiniRedisServer> embedded;

    InfoController(LettuceConnectionFactory connectionFactory, ObjectProvider<MiniRedisServer> embedded) {
        this.connectionFactory = connectionFactory;
        this.embedded = embedded;
    }

    @GetMapping("/api/info")
    RedisInfo info() {
        MiniRedisServer server = embedded.getIfAvailable();
        boolean usesEmbedded = server != null && server.isRunning() && server.port() == connectionFactory.getPort();
        Properties info;
        try (RedisConnection connection = connectionFactory.getConnection()) {
            info = connection.serverCommands().info("server");
        }
        String product = info != null && info.getProperty("java_version") != null ? "mini-redis" : "redis";
        return new RedisInfo(
                usesEmbedded ? "embedded" : "external",
                connectionFactory.getHostName(),
                connectionFactory.getPort(),
                product,
                info == null ? null : info.getProperty("redis_version"));
    }

    /**
     * @param mode    {@code embedded} or {@code external}
     * @param product {@code mini-redis} or {@code redis}
     */
    record RedisInfo(String mode, String host, int port, String product, String version) {}
}
