package io.miniredis.testing;

import static io.miniredis.testing.FaultsTest.bytes;
import static io.miniredis.testing.FaultsTest.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RespClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The recorder, with one I/O thread (commands run inside the socket read) and with several (each read handed to the
 * keyspace thread): what each client sent, with its name, database and read number, bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRecorderTest {

    private final MiniRedisServer single =
            MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
    private final MiniRedisServer threaded = MiniRedisServer.builder()
            .port(0)
            .bind("127.0.0.1")
            .ioThreads(2)
            .build()
            .start();

    Stream<MiniRedisServer> servers() {
        return Stream.of(single, threaded);
    }

    @AfterEach
    void stopRecording() {
        servers().forEach(server -> {
            server.recorder().stop();
            server.recorder().clear();
            assertThat(server.context().testHooks().active()).isFalse();
        });
    }

    @AfterAll
    void close() {
        servers().forEach(MiniRedisServer::close);
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers live as long as the class
    @MethodSource("servers")
    void recordsNameArgumentsClientAndDatabase(MiniRedisServer server) {
        CommandRecorder recorder = server.recorder();
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.clientSetname("app");
            jedis.select(2);
            recorder.start();
            jedis.set("k", "v");
            jedis.select(0);
            jedis.get("k");
            long id = jedis.clientId();
            recorder.stop();
            jedis.get("not recorded");

            RecordedCommands recorded = recorder.snapshot();
            assertThat(recorded.lines()).containsExactly("SET k v", "SELECT 0", "GET k", "CLIENT ID");
            assertThat(recorded.commands()).extracting(RecordedCommand::db).containsExactly(2, 2, 0, 0);
            assertThat(recorded.commands()).allSatisfy(command -> {
                assertThat(command.clientName()).isEqualTo("app");
                assertThat(command.clientId()).isEqualTo(id);
                assertThat(command.fromScript()).isFalse();
            });
            assertThat(recorded.commands())
                    .extracting(RecordedCommand::sequence)
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(recorded.roundTrips()).isEqualTo(4);
            assertThat(recorded.complete()).isTrue();
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers live as long as the class
    @MethodSource("servers")
    void aPipelineSentInOneWriteIsOneRoundTrip(MiniRedisServer server) {
        CommandRecorder recorder = server.recorder();
        try (RespClient client = new RespClient(server.port())) {
            recorder.start();
            client.send(concat(
                    RespClient.encode(bytes("SET"), bytes("a"), bytes("1")),
                    RespClient.encode(bytes("INCR"), bytes("a")),
                    RespClient.encode(bytes("GET"), bytes("a"))));
            for (int i = 0; i < 3; i++) {
                client.read();
            }
            client.call("GET", "a");
            RecordedCommands recorded = recorder.snapshot();
            assertThat(recorded.names()).containsExactly("set", "incr", "get", "get");
            assertThat(recorded.roundTrips()).isEqualTo(2);
            assertThat(recorded.filter(command -> command.sequence() < 3).roundTrips())
                    .isEqualTo(1);
        }
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            recorder.start();
            Pipeline pipeline = jedis.pipelined();
            pipeline.set("b", "1");
            pipeline.get("b");
            pipeline.sync();
            assertThat(recorder.snapshot().roundTrips()).isEqualTo(1);
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers live as long as the class
    @MethodSource("servers")
    void transactionsAsSentAndScriptCommandsFlagged(MiniRedisServer server) {
        CommandRecorder recorder = server.recorder();
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            recorder.start();
            redis.multi();
            redis.set("t", "1");
            redis.incr("t");
            redis.exec();
            redis.eval("return redis.call('get', KEYS[1])", io.lettuce.core.ScriptOutputType.VALUE, "t");
            RecordedCommands recorded = recorder.snapshot();
            assertThat(recorded.lines())
                    .containsExactly(
                            "MULTI",
                            "SET t 1",
                            "INCR t",
                            "EXEC",
                            "EVAL return redis.call('get', KEYS[1]) 1 t",
                            "GET t");
            assertThat(recorded.commands())
                    .extracting(RecordedCommand::fromScript)
                    .containsExactly(false, false, false, false, false, true);
            RecordedCommand eval = recorded.commands().get(4);
            RecordedCommand scriptGet = recorded.commands().get(5);
            assertThat(scriptGet.clientId()).isEqualTo(eval.clientId());
            assertThat(scriptGet.read()).isEqualTo(eval.read());
            assertThat(recorded.sentByClients().size()).isEqualTo(5);
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers live as long as the class
    @MethodSource("servers")
    void boundedWithADroppedCount(MiniRedisServer server) {
        CommandRecorder recorder = server.recorder();
        try (RespClient client = new RespClient(server.port())) {
            recorder.start(3);
            for (int i = 0; i < 5; i++) {
                client.call("INCR", "n");
            }
            RecordedCommands recorded = recorder.snapshot();
            assertThat(recorded.size()).isEqualTo(3);
            assertThat(recorded.dropped()).isEqualTo(2);
            assertThat(recorded.complete()).isFalse();
            recorder.start();
            assertThat(recorder.snapshot().commands()).isEmpty();
            assertThat(recorder.snapshot().dropped()).isZero();
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers live as long as the class
    @MethodSource("servers")
    void argumentsAreCopiesOfTheBytesReceived(MiniRedisServer server) {
        CommandRecorder recorder = server.recorder();
        byte[] value = {0, (byte) 0xff, '\r', '\n'};
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            recorder.start();
            jedis.set(bytes("bin"), value);
            jedis.append(bytes("bin"), bytes("more")); // appends in place to what SET stored
            List<byte[]> arguments = recorder.snapshot().commands().get(0).arguments();
            assertThat(arguments.get(1)).isEqualTo(value);
        }
    }
}
