package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Lua heap ({@code used_memory_lua}) stays flat over many EVALs, as Redis's does (its garbage is collected at
 * the pace it is made), and SCRIPT FLUSH gives back what thousands of cached scripts held. Bounds, not timings:
 * Redis keeps a few tens of KB for small scripts; the bounds here are a few times the variation measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LuaHeapBoundTest {

    private static final long KB = 1024;

    private MiniRedisServer server;
    private RespClient client;

    @BeforeAll
    void start() {
        server = MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        client = new RespClient(server.port());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void manyEvalsOfTheSameScriptDoNotGrowTheHeap() {
        String script =
                "local t = {} for i = 1, #ARGV do t[i] = string.format('%s:%d', ARGV[i], #KEYS) end " + "return #t";
        runEvals(0, 200, i -> List.of(script, "0"));
        long start = luaHeap();
        long highest = start;
        // 5000 EVALs with 0 to 15 arguments, the heap read after every 500: its highest point, not just the last
        for (int round = 0; round < 10; round++) {
            runEvals(round * 500, 500, i -> {
                List<String> command = new ArrayList<>(List.of(script, Integer.toString(i % 10)));
                for (int k = 0; k < i % 10 + i % 7; k++) {
                    command.add("arg" + k);
                }
                return command;
            });
            highest = Math.max(highest, luaHeap());
        }
        // measured: flat within a few hundred bytes; without the collector's steps it swung by about 100 KB
        assertThat(highest - start)
                .as("Lua heap growth over 5000 EVALs (from %d bytes)", start)
                .isLessThan(32 * KB);
    }

    @Test
    void scriptFlushGivesBackWhatCachedScriptsHeld() {
        client.call("SCRIPT", "FLUSH");
        long start = luaHeap();
        runEvals(0, 3000, i -> List.of("return " + i, "0"));
        long withScripts = luaHeap();
        assertThat(withScripts - start).as("3000 cached scripts take room").isGreaterThan(100 * KB);
        assertThat(client.call("SCRIPT", "FLUSH").line()).isEqualTo("OK");
        long afterFlush = luaHeap();
        assertThat(afterFlush - start)
                .as("Lua heap after SCRIPT FLUSH (from %d bytes)", start)
                .isLessThan(64 * KB);
    }

    private interface EvalArgs {
        List<String> of(int i);
    }

    /** EVALs number {@code from} to {@code from + count - 1}, sent 100 at a time in one write, made by {@code args}. */
    private void runEvals(int from, int count, EvalArgs args) {
        for (int sent = 0; sent < count; ) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            int inBatch = Math.min(100, count - sent);
            for (int j = 0; j < inBatch; j++) {
                List<String> eval = new ArrayList<>();
                eval.add("EVAL");
                eval.addAll(args.of(from + sent + j));
                byte[][] argv = new byte[eval.size()][];
                for (int a = 0; a < argv.length; a++) {
                    argv[a] = eval.get(a).getBytes(StandardCharsets.UTF_8);
                }
                batch.writeBytes(RespClient.encode(argv));
            }
            client.send(batch.toByteArray());
            for (int j = 0; j < inBatch; j++) {
                assertThat(client.read().isError()).isFalse();
            }
            sent += inBatch;
        }
    }

    private long luaHeap() {
        String info = new String(client.call("INFO", "memory").bulk(), StandardCharsets.UTF_8);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("used_memory_lua:")) {
                return Long.parseLong(line.substring("used_memory_lua:".length()));
            }
        }
        throw new AssertionError("no used_memory_lua in INFO memory");
    }
}
