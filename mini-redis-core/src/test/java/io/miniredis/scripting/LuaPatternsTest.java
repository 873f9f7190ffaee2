package io.miniredis.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the differential tests cannot reach through a server: the interrupt (not wired to SCRIPT KILL yet), the depth
 * limit against the stack, and gsub's output bound (1 GB in the server). Lua semantics are compared against Redis in
 * {@code LuaPatternsDifferentialTest}.
 */
class LuaPatternsTest {

    /** The brief's example: backtracks for practically ever in Lua 5.1. */
    private static final String CATASTROPHIC_SUBJECT = "a".repeat(5000);

    private static final String CATASTROPHIC_PATTERN = ".-".repeat(20) + "b";

    private static int matchAt(LuaPatterns patterns, String subject, String pattern) {
        byte[] s = subject.getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = pattern.getBytes(StandardCharsets.ISO_8859_1);
        return patterns.match(ByteBuffer.wrap(s), s.length, p, p.length).at(0, 0);
    }

    @Test
    void catastrophicPatternStopsWhenTheInterruptSaysSo() {
        AtomicInteger checks = new AtomicInteger();
        LuaPatterns patterns = new LuaPatterns(() -> checks.incrementAndGet() == 25 ? "ERR stopped" : null);
        assertThatThrownBy(() -> matchAt(patterns, CATASTROPHIC_SUBJECT, CATASTROPHIC_PATTERN))
                .isInstanceOf(LuaPatterns.Interrupted.class)
                .hasMessage("ERR stopped");
        assertThat(checks.get()).isEqualTo(25); // stopped at the first check that said so, not later
    }

    @Test
    void interruptIsAskedEveryCheckPeriodSteps() {
        AtomicInteger checks = new AtomicInteger();
        LuaPatterns patterns = new LuaPatterns(() -> {
            checks.incrementAndGet();
            return null;
        });
        // '^a*$' on n bytes: n steps to expand, one match step per byte to backtrack at most; a few steps more
        int n = 100 * LuaPatterns.CHECK_PERIOD;
        assertThat(matchAt(patterns, "a".repeat(n), "a*$")).isEqualTo(n);
        assertThat(checks.get()).isBetween(100, 102);
    }

    @Test
    void plainSearchIsCountedToo() {
        AtomicInteger checks = new AtomicInteger();
        LuaPatterns patterns = new LuaPatterns(() -> checks.incrementAndGet() == 3 ? "ERR stopped" : null);
        // a needle that almost matches at every position: quadratic in Lua's plain search
        byte[] subject = "a".repeat(1 << 20).getBytes(StandardCharsets.ISO_8859_1);
        byte[] needle = ("a".repeat(1 << 16) + "b").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> patterns.indexOf(ByteBuffer.wrap(subject), subject.length, 0, needle, needle.length))
                .isInstanceOf(LuaPatterns.Interrupted.class);
    }

    @Test
    void depthLimitFailsCleanlyAndFitsHalfTheDefaultStack() throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        // half the 1 MB default the script thread has; the first runs are interpreted, the biggest frames
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        LuaPatterns patterns = new LuaPatterns(() -> null);
                        int deepest = LuaPatterns.MAX_DEPTH - 1; // the outermost match() call is one level
                        int[] ends = new int[3];
                        ends[0] = matchAt(patterns, "a".repeat(deepest), "a*".repeat(deepest));
                        ends[1] = matchAt(patterns, "a".repeat(deepest), "a?".repeat(deepest));
                        ends[2] = matchAt(patterns, "a".repeat(deepest), "a-".repeat(deepest) + "$");
                        outcome.set(ends);
                        matchAt(patterns, "a".repeat(deepest + 1), "a*".repeat(deepest + 1));
                        outcome.set("no error past the limit");
                    } catch (LuaPatterns.PatternException expected) {
                        outcome.set(expected.getMessage());
                    } catch (Throwable unexpected) {
                        outcome.set(unexpected);
                    }
                },
                "depth",
                512 * 1024);
        thread.start();
        thread.join();
        assertThat(outcome.get()).isEqualTo("pattern too complex");
    }

    @Test
    void outputRefusesToGrowPastItsLimit() {
        LuaPatternLibrary.Output out = new LuaPatternLibrary.Output(10, 4);
        out.append("0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.size()).isEqualTo(10);
        assertThatThrownBy(() -> out.append('x'))
                .isInstanceOf(LuaPatterns.PatternException.class)
                .hasMessage("string.gsub: result too large");
    }

    // ---- through Lua: the library's functions in a bare state

    /** Runs {@code code} in a state with the library as global {@code p}; returns the value or the error value. */
    private static String run(LuaPatterns patterns, long outputLimit, String code) {
        try (LuaEngine engine = new LuaEngine()) {
            var C = engine.C;
            long L = engine.L;
            C.lua_createtable(L, 0, 5);
            new LuaPatternLibrary(engine, patterns, outputLimit).register();
            C.lua_setglobal(L, "p");
            assertThat(C.luaL_loadstring(L, code)).isZero();
            if (C.lua_pcall(L, 0, 1, 0) == 0) {
                return "ok: " + engine.toText(L, -1);
            }
            if (C.lua_type(L, -1) == LuaEngine.TTABLE) {
                C.lua_getfield(L, -1, "err");
                return "error table: " + engine.toText(L, -1);
            }
            return "error: " + engine.toText(L, -1);
        }
    }

    @Test
    void interruptRaisesAnErrorTableFromEveryFunction() {
        String pattern = "string.rep('.-', 20) .. 'b'";
        for (String call : new String[] {
            "p.find(string.rep('a', 5000), " + pattern + ")",
            "p.match(string.rep('a', 5000), " + pattern + ")",
            "p.gmatch(string.rep('a', 5000), " + pattern + ")()",
            "p.gsub(string.rep('a', 5000), " + pattern + ", 'x')"
        }) {
            AtomicInteger checks = new AtomicInteger();
            LuaPatterns patterns = new LuaPatterns(() -> checks.incrementAndGet() == 10 ? "ERR Script killed" : null);
            assertThat(run(patterns, 1 << 20, "return " + call)).as(call).isEqualTo("error table: ERR Script killed");
        }
    }

    @Test
    void interruptInsideAGsubCallbackReachesTheCallerAsTheSameTable() {
        AtomicInteger checks = new AtomicInteger();
        LuaPatterns patterns = new LuaPatterns(() -> checks.incrementAndGet() == 10 ? "ERR Script killed" : null);
        String code = "return p.gsub('ab', '%w', function(c) "
                + "return p.find(string.rep('a', 5000), string.rep('.-', 20) .. 'b') end)";
        assertThat(run(patterns, 1 << 20, code)).isEqualTo("error table: ERR Script killed");
    }

    @Test
    void gsubResultIsBounded() {
        LuaPatterns patterns = new LuaPatterns(() -> null);
        assertThat(run(patterns, 1 << 20, "return p.gsub(string.rep('a', 1000), 'a', string.rep('b', 2000))"))
                .startsWith("error: [string ")
                .endsWith("]:1: string.gsub: result too large");
        assertThat(run(patterns, 1 << 20, "return #p.gsub(string.rep('a', 1000), 'a', string.rep('b', 1000))"))
                .isEqualTo("ok: 1000000");
    }

    @Test
    void tooDeepPatternIsAnErrorNotAStackOverflow() {
        LuaPatterns patterns = new LuaPatterns(() -> null);
        assertThat(run(patterns, 1 << 20, "return p.find(string.rep('a', 5000), string.rep('a?', 5000))"))
                .endsWith(":1: pattern too complex");
    }
}
