package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing an embedded server while a script runs (a plain loop, one that resists SCRIPT KILL after the kill, one
 * that wrote and so cannot be killed) ends the script and frees the Lua state on its own thread: close() returns,
 * the JVM goes on (a crash in the native Lua library would take this test JVM down), and the next server works.
 * 20 rounds of each, as the bug that this guards against (a SIGSEGV in lua_pcall at close) did not show every time.
 */
class ScriptShutdownTest {

    /** What runs when the server is stopped. */
    enum Shape {
        RUNNING("while true do end", false),
        KILLED("local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end", true),
        WEDGED("redis.call('set', 'w', '1') while true do pcall(function() while true do end end) end", true);

        final String script;
        final boolean killFirst;

        Shape(String script, boolean killFirst) {
            this.script = script;
            this.killFirst = killFirst;
        }
    }

    static final int ROUNDS = 20;

    @ParameterizedTest
    @EnumSource(Shape.class)
    void closeEndsTheScriptAndTheServer(Shape shape) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int ioThreads = 1 + round % 2;
            MiniRedisServer server = MiniRedisServer.builder()
                    .port(0)
                    .bind("127.0.0.1")
                    .config("io-threads", Integer.toString(ioThreads))
                    .build()
                    .start();
            try (RespClient admin = new RespClient(server.port());
                    RespClient looping = new RespClient(server.port())) {
                admin.call("CONFIG", "SET", "busy-reply-threshold", "20");
                looping.send(RespClient.encode(bytes("EVAL"), bytes(shape.script), bytes("0")));
                awaitBusy(admin);
                if (shape.killFirst) {
                    admin.call("SCRIPT", "KILL"); // OK, or UNKILLABLE for the one that wrote
                }
                long start = System.nanoTime();
                server.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("close() in round " + round)
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(server.isRunning()).isFalse();
            }
        }
        try (MiniRedisServer next = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient client = new RespClient(next.port())) {
            assertThat(client.call("EVAL", "return 'alive'", "0").text()).isEqualTo("alive");
        }
    }

    static void awaitBusy(RespClient admin) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!admin.call("PING").text().startsWith("BUSY")) {
            assertThat(System.nanoTime()).as("the script became busy").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
