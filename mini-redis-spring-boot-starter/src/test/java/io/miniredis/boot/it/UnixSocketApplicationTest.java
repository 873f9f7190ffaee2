package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.boot.health.MiniRedisHealthIndicator;
import io.miniredis.server.MiniRedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No port at all: {@code mini-redis.port=0} with {@code mini-redis.unix-socket}, and Spring Data Redis (Lettuce)
 * talking to the server through the socket, with the data of {@code mini-redis.fixtures} loaded at start.
 */
@SpringBootTest(
        classes = UnixSocketApplicationTest.App.class,
        properties = {
            "mini-redis.port=0",
            "mini-redis.unix-socket-perm=700",
            "mini-redis.fixtures=classpath:fixtures/users.json,classpath:fixtures/users.redis",
            "spring.data.redis.timeout=5s"
        })
class UnixSocketApplicationTest {

    static final Path SOCKET;

    static {
        try {
            SOCKET = Files.createTempDirectory("mini-redis-boot").resolve("redis.sock");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void socket(DynamicPropertyRegistry registry) {
        registry.add("mini-redis.unix-socket", SOCKET::toString);
    }

    @Autowired
    MiniRedisServer server;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisConnectionFactory connectionFactory;

    @Autowired
    MiniRedisHealthIndicator health;

    @Test
    void theServerListensOnTheSocketOnly() throws IOException {
        assertThat(server.addresses()).isEmpty();
        assertThat(server.unixSocket()).isEqualTo(SOCKET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET)))
                .isEqualTo("rwx------");
    }

    @Test
    void springDataRedisConnectsThroughTheSocket() {
        assertThat(connectionFactory).isInstanceOf(LettuceConnectionFactory.class);
        assertThat(((LettuceConnectionFactory) connectionFactory)
                        .getSocketConfiguration()
                        .getSocket())
                .isEqualTo(SOCKET.toString());
        redis.opsForValue().set("through", "the socket");
        assertThat(redis.opsForValue().get("through")).isEqualTo("the socket");
        Object clientInfo =
                redis.execute((RedisCallback<Object>) connection -> connection.execute("CLIENT", "INFO".getBytes()));
        assertThat(clientInfo instanceof byte[] bytes ? new String(bytes) : String.valueOf(clientInfo))
                .contains(" addr=" + SOCKET + ":0 laddr=" + SOCKET + ":0 ")
                .contains(" flags=U ");
    }

    @Test
    void theFixturesWereLoadedAtStartInOrder() {
        assertThat(redis.opsForValue().get("greeting")).isEqualTo("hello"); // users.json
        // users.redis came second: its user:1 hash fields were added to users.json's
        assertThat(redis.<String, String>opsForHash().entries("user:1"))
                .containsAllEntriesOf(Map.of("name", "Ada", "age", "36", "email", "ada@example.com"));
    }

    @Test
    void healthAsksThroughTheSocket() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @SpringBootApplication
    static class App {}
}
