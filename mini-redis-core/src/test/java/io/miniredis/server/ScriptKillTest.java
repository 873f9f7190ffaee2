package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SCRIPT KILL / FUNCTION KILL stop every shape of runaway script, whatever it does to catch the error: once
 * killed, the server answers PING within a second, with one I/O thread (the keyspace thread is the event loop)
 * and with two (it is not). The script's caller gets Redis's kill error, and the server is usable after.
 */
class ScriptKillTest {

    /** Scripts that loop for ever and try to survive a kill; each runs as an EVAL. */
    static final List<String> RUNAWAY_SCRIPTS = List.of(
            "while true do end",
            // the wedge: a pcall around redis.call, in a loop
            "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end",
            "while true do pcall(function() while true do end end) end",
            "while true do pcall(pcall, pcall, function() while true do end end) end",
            "while true do pcall(redis.pcall, 'ping') end",
            // an error handler that loops, and one that loops in a pcall
            "while true do xpcall(function() while true do end end, function(e) while true do end end) end",
            "while true do xpcall(function() while true do end end, "
                    + "function(e) while true do pcall(function() while true do end end) end end) end",
            "while true do pcall(error) end",
            // coroutines have hooks of their own
            "while true do local co = coroutine.create(function() while true do pcall(function() "
                    + "while true do end end) end end) coroutine.resume(co) end",
            "local co = coroutine.wrap(function() while true do coroutine.yield() end end) "
                    + "while true do pcall(co) end",
            "local function f() return coroutine.wrap(function() while true do pcall(f) end end)() end "
                    + "while true do pcall(f) end",
            // a __gc metamethod (Lua 5.1 ignores it on tables; scripts cannot make userdata)
            "setmetatable({}, {__gc = function() while true do end end}) " + "while true do pcall(collectgarbage) end",
            // deep recursion caught and retried
            "local function r() return 1 + r() end while true do pcall(r) end",
            // a string pattern that would backtrack for ages (no hook runs inside Lua's C matcher; ours asks)
            "return string.find(string.rep('a', 5000), string.rep('.-', 20) .. 'b')",
            "while true do pcall(string.match, string.rep('a', 5000), string.rep('(.-)', 20) .. 'b') end",
            "return string.gsub(string.rep('a', 100000), '.', function() while true do end end)");

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int ioThreads : new int[] {1, 2}) {
            for (String script : RUNAWAY_SCRIPTS) {
                cases.add(Arguments.of(ioThreads, script));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "io-threads {0}: {1}")
    @MethodSource("shapes")
    void scriptKillStopsIt(int ioThreads, String script) throws Exception {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .config("io-threads", Integer.toString(ioThreads))
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port());
                RespClient looping = new RespClient(server.port())) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "50");
            admin.call("SET", "k", "v");
            looping.send(RespClient.encode(bytes("EVAL"), bytes(script), bytes("0")));
            awaitBusy(admin, "SCRIPT KILL");
            assertThat(admin.call("SCRIPT", "KILL").line()).isEqualTo("OK");
            long killed = System.nanoTime();
            awaitPong(admin, killed);
            assertThat(looping.read().text()).startsWith("ERR Script killed by user with SCRIPT KILL...");
            assertThat(admin.call("GET", "k").text()).isEqualTo("v");
            assertThat(looping.call("EVAL", "return redis.call('get', 'k')", "0")
                            .text())
                    .isEqualTo("v");
            assertThat(admin.call("SCRIPT", "KILL").text()).startsWith("NOTBUSY");
        }
    }

    @ParameterizedTest(name = "io-threads {0}: {1}")
    @MethodSource("shapes")
    void functionKillStopsIt(int ioThreads, String script) throws Exception {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .config("io-threads", Integer.toString(ioThreads))
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port());
                RespClient looping = new RespClient(server.port())) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "50");
            String library = "#!lua name=runaway\nredis.register_function('run', function() " + script + " end)";
            assertThat(admin.call("FUNCTION", "LOAD", library).text()).isEqualTo("runaway");
            looping.send(RespClient.encode(bytes("FCALL"), bytes("run"), bytes("0")));
            awaitBusy(admin, "FUNCTION KILL");
            assertThat(admin.call("FUNCTION", "KILL").line()).isEqualTo("OK");
            awaitPong(admin, System.nanoTime());
            assertThat(looping.read().text()).startsWith("ERR Script killed by user with SCRIPT KILL...");
            assertThat(looping.call("PING").line()).isEqualTo("PONG");
        }
    }

    private static void awaitBusy(RespClient admin, String kill) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            RespReply reply = admin.call("PING");
            if (reply.text().startsWith("BUSY")) {
                assertThat(reply.text()).contains("You can only call " + kill);
                return;
            }
            Thread.sleep(10);
        }
        fail("the script never became busy");
    }

    /** PING must be answered with PONG within one second of the kill. */
    private static void awaitPong(RespClient admin, long killedNanos) throws InterruptedException {
        while (true) {
            String reply = admin.call("PING").text();
            if ("PONG".equals(reply)) {
                return;
            }
            if (System.nanoTime() - killedNanos > 1_000_000_000L) {
                fail("still " + reply + " one second after the kill");
            }
            Thread.sleep(5);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
