package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Blocking stream reads through real client libraries, unchanged, across connections: one waits in XREAD or
 * XREADGROUP BLOCK (Jedis on a thread of its own, Lettuce asynchronously), another adds, and the waiter gets the
 * entry; a consumer group's entries are acknowledged afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingStreamsClientLibrariesTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    private static void awaitBlocked(Jedis jedis, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jedis.info("clients").contains("blocked_clients:" + n + "\r\n")) {
            assertThat(System.nanoTime()).as("%d blocked clients in time", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void jedisXreadAndXreadgroupServedByAnotherConnection() throws Exception {
        try (Jedis reader = new Jedis("127.0.0.1", server.port());
                Jedis writer = new Jedis("127.0.0.1", server.port())) {
            CompletableFuture<List<Map.Entry<String, List<StreamEntry>>>> read = CompletableFuture.supplyAsync(() ->
                    reader.xread(XReadParams.xReadParams().block(0), Map.of("jedis:s", StreamEntryID.XREAD_NEW_ENTRY)));
            awaitBlocked(writer, 1);
            assertThat(read).isNotDone();
            StreamEntryID added = writer.xadd("jedis:s", StreamEntryID.NEW_ENTRY, Map.of("order", "42"));
            List<Map.Entry<String, List<StreamEntry>>> got = read.get(10, TimeUnit.SECONDS);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).getKey()).isEqualTo("jedis:s");
            assertThat(got.get(0).getValue().get(0).getID()).isEqualTo(added);
            assertThat(got.get(0).getValue().get(0).getFields()).containsEntry("order", "42");

            writer.xgroupCreate("jedis:s", "workers", StreamEntryID.XGROUP_LAST_ENTRY, false);
            CompletableFuture<List<Map.Entry<String, List<StreamEntry>>>> grouped =
                    CompletableFuture.supplyAsync(() -> reader.xreadGroup(
                            "workers",
                            "w1",
                            XReadGroupParams.xReadGroupParams().block(0).count(10),
                            Map.of("jedis:s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
            awaitBlocked(writer, 1);
            StreamEntryID job = writer.xadd("jedis:s", StreamEntryID.NEW_ENTRY, Map.of("job", "1"));
            List<Map.Entry<String, List<StreamEntry>>> delivered = grouped.get(10, TimeUnit.SECONDS);
            assertThat(delivered.get(0).getValue().get(0).getID()).isEqualTo(job);
            assertThat(writer.xpending("jedis:s", "workers").getTotal()).isEqualTo(1);
            assertThat(writer.xack("jedis:s", "workers", job)).isEqualTo(1);
            assertThat(writer.xpending("jedis:s", "workers").getTotal()).isZero();

            assertThat(reader.xread(
                            XReadParams.xReadParams().block(20), Map.of("jedis:none", StreamEntryID.XREAD_NEW_ENTRY)))
                    .isNull();
        }
    }

    @Test
    void lettuceAsyncXreadAndXreadgroup() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> waiting = client.connect();
                StatefulRedisConnection<String, String> writing = client.connect();
                Jedis watcher = new Jedis("127.0.0.1", server.port())) {
            RedisAsyncCommands<String, String> async = waiting.async();
            RedisCommands<String, String> sync = writing.sync();

            RedisFuture<List<StreamMessage<String, String>>> read =
                    async.xread(XReadArgs.Builder.block(0), XReadArgs.StreamOffset.latest("lettuce:s"));
            RedisFuture<String> ping = async.ping(); // pipelined behind the blocked read
            awaitBlocked(watcher, 1);
            assertThat(read.isDone()).isFalse();
            assertThat(ping.isDone()).isFalse();
            String id = sync.xadd("lettuce:s", Map.of("k", "v"));
            List<StreamMessage<String, String>> messages = read.get(10, TimeUnit.SECONDS);
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).getId()).isEqualTo(id);
            assertThat(messages.get(0).getBody()).containsEntry("k", "v");
            assertThat(ping.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");

            sync.xgroupCreate(XReadArgs.StreamOffset.latest("lettuce:s"), "g", XGroupCreateArgs.Builder.mkstream());
            RedisFuture<List<StreamMessage<String, String>>> grouped = async.xreadgroup(
                    Consumer.from("g", "c1"),
                    XReadArgs.Builder.block(0).count(5),
                    XReadArgs.StreamOffset.lastConsumed("lettuce:s"));
            awaitBlocked(watcher, 1);
            String job = sync.xadd("lettuce:s", "job", "7");
            List<StreamMessage<String, String>> delivered = grouped.get(10, TimeUnit.SECONDS);
            assertThat(delivered).extracting(StreamMessage::getId).containsExactly(job);
            assertThat(sync.xack("lettuce:s", "g", job)).isEqualTo(1);

            // the group destroyed under a waiting reader: Redis's NOGROUP error reaches the client
            RedisFuture<List<StreamMessage<String, String>>> orphan = async.xreadgroup(
                    Consumer.from("g", "c1"),
                    XReadArgs.Builder.block(0),
                    XReadArgs.StreamOffset.lastConsumed("lettuce:s"));
            awaitBlocked(watcher, 1);
            sync.xgroupDestroy("lettuce:s", "g");
            assertThat(orphan.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(orphan.getError()).startsWith("NOGROUP");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
