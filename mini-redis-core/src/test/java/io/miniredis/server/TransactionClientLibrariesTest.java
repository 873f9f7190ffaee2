package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** MULTI/EXEC and WATCH through real clients: Jedis (RESP2) and Lettuce (RESP3 by default, and RESP2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionClientLibrariesTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    @Test
    void jedisTransactionWithARunTimeError() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.del("jedis:tx", "jedis:list");
            Transaction tx = jedis.multi();
            Response<String> set = tx.set("jedis:tx", "1");
            Response<Long> incr = tx.incr("jedis:tx");
            Response<Long> push = tx.lpush("jedis:tx", "x"); // WRONGTYPE at run time
            Response<Map<String, String>> hash = tx.hgetAll("jedis:nosuch");
            List<Object> results = tx.exec();
            assertThat(results).hasSize(4);
            assertThat(set.get()).isEqualTo("OK");
            assertThat(incr.get()).isEqualTo(2);
            assertThatThrownBy(push::get).isInstanceOf(JedisDataException.class).hasMessageContaining("WRONGTYPE");
            assertThat(hash.get()).isEmpty();
            assertThat(jedis.get("jedis:tx")).isEqualTo("2"); // nothing rolled back
        }
    }

    @Test
    void jedisWatchBrokenByAnotherClient() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port());
                Jedis other = new Jedis("127.0.0.1", server.port())) {
            jedis.set("jedis:balance", "10");
            jedis.watch("jedis:balance");
            other.incrBy("jedis:balance", 5);
            Transaction tx = jedis.multi();
            tx.decrBy("jedis:balance", 10);
            assertThat(tx.exec()).isNull();
            assertThat(jedis.get("jedis:balance")).isEqualTo("15");

            jedis.watch("jedis:balance");
            Transaction retry = jedis.multi();
            retry.decrBy("jedis:balance", 10);
            assertThat(retry.exec()).containsExactly(5L);
        }
    }

    @Test
    void jedisDiscardAndQueuingError() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Transaction tx = jedis.multi();
            tx.set("jedis:discarded", "v");
            assertThat(tx.discard()).isEqualTo("OK");
            assertThat(jedis.exists("jedis:discarded")).isFalse();

            jedis.sendCommand(redis.clients.jedis.Protocol.Command.MULTI);
            assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.GET))
                    .hasMessageContaining("wrong number of arguments");
            assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.EXEC))
                    .hasMessageContaining("EXECABORT");
        }
    }

    @Test
    void lettuceTransactionsOverResp3() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect();
                StatefulRedisConnection<String, String> otherConnection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.clientList()).contains("resp=3");
            redis.del("lettuce:tx", "lettuce:h");
            assertThat(redis.multi()).isEqualTo("OK");
            redis.set("lettuce:tx", "a");
            redis.append("lettuce:tx", "b");
            redis.hset("lettuce:h", Map.of("f", "v"));
            redis.hgetall("lettuce:h");
            redis.get("lettuce:missing");
            TransactionResult result = redis.exec();
            assertThat(result.wasDiscarded()).isFalse();
            assertThat(result).hasSize(5);
            assertThat((Object) result.get(0)).isEqualTo("OK");
            assertThat((Object) result.get(1)).isEqualTo(2L);
            assertThat((Object) result.get(3)).isEqualTo(Map.of("f", "v"));
            assertThat((Object) result.get(4)).isNull();

            redis.watch("lettuce:tx");
            otherConnection.sync().set("lettuce:tx", "changed");
            redis.multi();
            redis.get("lettuce:tx");
            assertThat(redis.exec().wasDiscarded()).isTrue();

            redis.multi();
            redis.set("lettuce:tx", "x");
            assertThat(redis.discard()).isEqualTo("OK");
            assertThat(redis.get("lettuce:tx")).isEqualTo("changed");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceAsyncTransactionOverResp2() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            async.del("lettuce:async:n").get(5, TimeUnit.SECONDS);
            async.multi();
            RedisFuture<Long> first = async.incr("lettuce:async:n");
            RedisFuture<Long> second = async.incrby("lettuce:async:n", 10);
            RedisFuture<KeyValue<String, String>> pop = async.blpop(1, "lettuce:async:empty");
            TransactionResult result = async.exec().get(5, TimeUnit.SECONDS);
            assertThat(result.wasDiscarded()).isFalse();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(11);
            assertThat(pop.get(5, TimeUnit.SECONDS)).isNull(); // BLPOP inside MULTI answers at once: nothing to pop
            assertThat((Object) result.get(2)).isNull();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
