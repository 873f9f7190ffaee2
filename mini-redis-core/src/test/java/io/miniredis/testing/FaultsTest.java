package io.miniredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RespClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Faults on purpose, through real clients: error replies with Redis's texts (the command does not run), delays (the
 * command runs, its reply comes late, other clients are served meanwhile), dropped connections (Lettuce reconnects
 * and resends, Jedis fails), a stalled server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsTest {

    private final MiniRedisServer server =
            MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
    private final Faults faults = server.faults();

    @BeforeEach
    void flush() {
        try (RespClient client = new RespClient(server.port())) {
            client.call("FLUSHALL");
        }
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
        assertThat(server.context().testHooks().active()).isFalse();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void errorRepliesHaveRedisTextsAndTheCommandDoesNotRun() {
        try (RespClient client = new RespClient(server.port())) {
            faults.on("SET").readOnly();
            faults.on("INCR").oom();
            faults.on("HSET").loading();
            faults.on("SADD").busy();
            faults.on("LPUSH").error("ERR anything at all");
            assertThat(client.call("SET", "k", "v").rawText())
                    .isEqualTo("-READONLY You can't write against a read only replica.\r\n");
            assertThat(client.call("INCR", "n").rawText())
                    .isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(client.call("HSET", "h", "f", "v").rawText())
                    .isEqualTo("-LOADING Redis is loading the dataset in memory\r\n");
            assertThat(client.call("SADD", "s", "m").rawText())
                    .isEqualTo(
                            "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(client.call("LPUSH", "l", "x").rawText()).isEqualTo("-ERR anything at all\r\n");
            assertThat(client.call("EXISTS", "k", "n", "h", "s", "l").rawText()).isEqualTo(":0\r\n");
            // a wrong arity is Redis's own error, before any fault
            assertThat(client.call("SET", "k").rawText())
                    .isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
        }
    }

    @Test
    void movedNamesTheKeysSlotHashTagsIncluded() {
        try (RespClient client = new RespClient(server.port())) {
            faults.on("GET").moved("127.0.0.1:7001");
            faults.on("DEL").moved(42, "10.0.0.2:6379");
            // the slots CLUSTER KEYSLOT gives on a real cluster
            assertThat(client.call("GET", "foo").rawText()).isEqualTo("-MOVED 12182 127.0.0.1:7001\r\n");
            assertThat(client.call("GET", "{user1000}.following").rawText())
                    .isEqualTo("-MOVED 3443 127.0.0.1:7001\r\n");
            assertThat(client.call("DEL", "anything").rawText()).isEqualTo("-MOVED 42 10.0.0.2:6379\r\n");
        }
        assertThat(KeySlot.crc16("123456789".getBytes(), 0, 9)).isEqualTo(0x31C3); // the specification's check value
        // an empty tag hashes the whole key (redis-server --cluster-enabled yes, CLUSTER KEYSLOT)
        assertThat(KeySlot.of(bytes("a{}b"))).isEqualTo(13694);
        assertThat(KeySlot.of(bytes("{}{x}"))).isEqualTo(3257);
    }

    @Test
    void keyPatternsClientNamesAndTimes() {
        try (RespClient victim = new RespClient(server.port());
                RespClient bystander = new RespClient(server.port())) {
            victim.call("CLIENT", "SETNAME", "victim");
            Fault anyKey = faults.on("*").key("user:*").error("ERR any key");
            assertThat(victim.call("MSET", "a", "1", "user:1", "2").rawText()).isEqualTo("-ERR any key\r\n");
            assertThat(victim.call("GET", "a").rawText()).isEqualTo("$-1\r\n");
            anyKey.close();
            faults.on("*").firstKey("user:*").error("ERR first key");
            assertThat(victim.call("MSET", "a", "1", "user:1", "2").rawText()).isEqualTo("+OK\r\n");
            assertThat(victim.call("MSET", "user:1", "1", "a", "2").rawText()).isEqualTo("-ERR first key\r\n");
            faults.clear();

            Fault once = faults.on("get").client("vic*").times(1).oom();
            assertThat(bystander.call("GET", "a").rawText()).isEqualTo("$1\r\n1\r\n");
            assertThat(victim.call("GET", "a").rawText()).startsWith("-OOM");
            assertThat(victim.call("GET", "a").rawText()).isEqualTo("$1\r\n1\r\n");
            assertThat(once.hits()).isEqualTo(1);
            assertThat(once.active()).isFalse();

            faults.on("config|get").error("ERR no config for you");
            assertThat(victim.call("CONFIG", "GET", "maxmemory").rawText()).isEqualTo("-ERR no config for you\r\n");
            assertThat(victim.call("CONFIG", "HELP").isError()).isFalse();
        }
    }

    @Test
    void anErrorInsideMultiDoomsTheTransactionAsRedisRefusalsDo() {
        try (RespClient client = new RespClient(server.port())) {
            faults.on("SET").readOnly();
            assertThat(client.call("MULTI").rawText()).isEqualTo("+OK\r\n");
            assertThat(client.call("INCR", "counter").rawText()).isEqualTo("+QUEUED\r\n");
            assertThat(client.call("SET", "k", "v").rawText()).startsWith("-READONLY");
            assertThat(client.call("EXEC").rawText())
                    .isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(client.call("GET", "counter").rawText()).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void aDelayedReplyKeepsTheConnectionsOrderAndOtherClientsAreServed() {
        try (RespClient slow = new RespClient(server.port());
                RespClient other = new RespClient(server.port())) {
            faults.on("GET").key("slow").delay(Duration.ofSeconds(30));
            // pipelined: the delayed GET, then a SET that must not overtake it
            slow.send(RespClient.encode(bytes("SET"), bytes("slow"), bytes("1")));
            assertThat(slow.read().rawText()).isEqualTo("+OK\r\n");
            slow.send(concat(
                    RespClient.encode(bytes("GET"), bytes("slow")),
                    RespClient.encode(bytes("SET"), bytes("slow"), bytes("2"))));
            // the GET ran at once (it read 1), its reply waits; the keyspace thread serves other clients meanwhile
            assertThat(other.call("PING").rawText()).isEqualTo("+PONG\r\n");
            assertThat(other.call("EXISTS", "slow").rawText()).isEqualTo(":1\r\n");
            assertThat(slow.hasReplyWithin(200)).isFalse();
            faults.clear(); // removing the fault does not cut the delay short: wait for the reply with a new short one
        }
        try (RespClient slow = new RespClient(server.port())) {
            faults.on("GET").delay(Duration.ofMillis(300));
            slow.send(concat(
                    RespClient.encode(bytes("GET"), bytes("slow")),
                    RespClient.encode(bytes("SET"), bytes("slow"), bytes("3")),
                    RespClient.encode(bytes("PING"))));
            assertThat(slow.read().rawText()).isEqualTo("$1\r\n1\r\n");
            assertThat(slow.read().rawText()).isEqualTo("+OK\r\n");
            assertThat(slow.read().rawText()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void lettuceTimesOutOnADelayAndTheConnectionStaysUsable() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofMillis(200));
            RedisCommands<String, String> redis = connection.sync();
            redis.set("k", "v");
            Fault slow = faults.on("GET").times(1).delay(Duration.ofSeconds(1));
            assertThatThrownBy(() -> redis.get("k")).isInstanceOf(RedisCommandTimeoutException.class);
            assertThat(slow.hits()).isEqualTo(1);
            // the late reply is discarded by Lettuce (the timed-out command is done); the next command is answered
            connection.setTimeout(Duration.ofSeconds(10));
            assertThat(redis.get("k")).isEqualTo("v");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceReconnectsAfterADroppedConnectionAndResendsTheCommand() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.set("k", "v");
            long firstId = redis.clientId();
            Fault drop = faults.on("GET").times(1).dropConnection();
            // the GET did not run on the dropped connection; Lettuce reconnects and sends it again (at-least-once)
            assertThat(redis.get("k")).isEqualTo("v");
            assertThat(drop.hits()).isEqualTo(1);
            assertThat(redis.clientId()).isNotEqualTo(firstId);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisSeesTheDroppedConnection() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("k", "v");
            faults.on("GET").dropConnectionAfter(1);
            assertThat(jedis.get("k")).isEqualTo("v");
            assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
        }
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
            faults.clear();
        }
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.get("k")).isEqualTo("v");
            faults.on("SET").oom();
            assertThatThrownBy(() -> jedis.set("k", "w"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
        }
    }

    @Test
    void aDropAnswersTheCommandsBeforeItThenCloses() {
        try (RespClient client = new RespClient(server.port())) {
            faults.on("INCR").dropConnectionAfter(2);
            client.send(concat(
                    RespClient.encode(bytes("INCR"), bytes("n")),
                    RespClient.encode(bytes("PING")),
                    RespClient.encode(bytes("INCR"), bytes("n")),
                    RespClient.encode(bytes("INCR"), bytes("n")),
                    RespClient.encode(bytes("PING"))));
            assertThat(client.read().rawText()).isEqualTo(":1\r\n");
            assertThat(client.read().rawText()).isEqualTo("+PONG\r\n");
            assertThat(client.read().rawText()).isEqualTo(":2\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        try (RespClient client = new RespClient(server.port())) {
            assertThat(client.call("GET", "n").rawText()).isEqualTo("$1\r\n2\r\n"); // the third INCR never ran
        }
    }

    @Test
    void aStalledServerAnswersNobodyUntilTheStallEnds() throws Exception {
        try (RespClient client = new RespClient(server.port())) {
            assertThat(client.call("PING").rawText()).isEqualTo("+PONG\r\n");
            Fault stall = faults.stall(Duration.ofSeconds(30));
            client.send(RespClient.encode(bytes("PING")));
            assertThat(client.hasReplyWithin(300)).isFalse();
            stall.close();
            assertThat(client.read().rawText()).isEqualTo("+PONG\r\n");

            // a command that stalls the server after it runs (a slow KEYS): its own reply comes after the stall
            faults.on("KEYS").times(1).stall(Duration.ofMillis(300));
            assertThat(client.call("KEYS", "*").isError()).isFalse();
        }
    }

    @Test
    void asyncLettuceCommandsKeepTheirOrderBehindADelay() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            redis.set("a", "1").get(5, TimeUnit.SECONDS);
            faults.on("INCR").times(1).delay(Duration.ofMillis(200));
            var incr = redis.incr("a");
            var get = redis.get("a");
            assertThat(get.get(5, TimeUnit.SECONDS)).isEqualTo("2");
            assertThat(incr.isDone()).isTrue();
        } finally {
            client.shutdown();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
