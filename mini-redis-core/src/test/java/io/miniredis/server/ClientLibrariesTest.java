package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/** Real clients, unchanged, over TCP: Jedis (RESP2) and Lettuce (its default RESP3 handshake). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibrariesTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    @Test
    void jedisStringsKeysAndPipelining() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("jedis:k", "v")).isEqualTo("OK");
            assertThat(jedis.get("jedis:k")).isEqualTo("v");
            assertThat(jedis.incr("jedis:n")).isEqualTo(1);
            assertThat(jedis.incrByFloat("jedis:f", 2.5)).isEqualTo(2.5);
            assertThat(jedis.set("jedis:k", "w", SetParams.setParams().nx())).isNull();
            assertThat(jedis.append("jedis:k", "xyz")).isEqualTo(4);
            assertThat(jedis.mget("jedis:k", "jedis:missing")).containsExactly("vxyz", null);
            assertThatThrownBy(() -> jedis.incr("jedis:k")).hasMessageContaining("not an integer");

            Pipeline pipeline = jedis.pipelined();
            List<redis.clients.jedis.Response<Long>> responses = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                responses.add(pipeline.incr("jedis:pipelined"));
            }
            pipeline.sync();
            assertThat(responses.get(999).get()).isEqualTo(1000);
        }
    }

    @Test
    void jedisBinaryValues() {
        byte[] key = {0, 1, 2, (byte) 0xff};
        byte[] value = new byte[100_000];
        new java.util.Random(1).nextBytes(value);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set(key, value);
            assertThat(jedis.get(key)).isEqualTo(value);
        }
    }

    @Test
    void lettuceWithDefaultResp3Handshake() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.set("lettuce:k", "v", SetArgs.Builder.ex(100))).isEqualTo("OK");
            assertThat(redis.get("lettuce:k")).isEqualTo("v");
            assertThat(redis.get("lettuce:missing")).isNull();
            assertThat(redis.incrbyfloat("lettuce:f", 1.5)).isEqualTo(1.5);
            assertThat(redis.clientGetname()).isNull();
            redis.clientSetname("lettuce-test");
            assertThat(redis.clientGetname()).isEqualTo("lettuce-test");
            assertThat(redis.clientList()).contains("name=lettuce-test").contains("resp=3");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceResp2AndAsyncPipelining() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .build());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisAsyncCommands<byte[], byte[]> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<io.lettuce.core.RedisFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(async.incr("lettuce:async".getBytes()));
            }
            connection.flushCommands();
            assertThat(futures.get(499).get(5, TimeUnit.SECONDS)).isEqualTo(500);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void passwordProtectedServer() {
        try (MiniRedisServer secured = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .requirePass("pw")
                .build()
                .start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", secured.port())) {
                assertThatThrownBy(jedis::ping).hasMessageContaining("NOAUTH");
                assertThat(jedis.auth("pw")).isEqualTo("OK");
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            RedisClient client = RedisClient.create(RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(secured.port())
                    .withPassword("pw".toCharArray())
                    .build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().set("k", "v")).isEqualTo("OK"); // authenticated through HELLO 3 AUTH
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
