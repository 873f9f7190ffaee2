package io.miniredis.scripting;

import io.miniredis.protocol.Numbers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.lua51.Lua51;
import party.iroiro.luajava.lua51.Lua51Natives;

/**
 * The bridge to the Lua interpreter: one Lua 5.1 state, its sandbox, and binary-safe moves of strings between Java
 * and the Lua stack. Everything here runs on the keyspace thread, the only one that touches the Lua state.
 *
 * <h2>Why this engine</h2>
 * Two candidates were measured (see the report in the history of this file's commit):
 * <ul>
 *   <li><b>LuaJava 4.0.2</b> ({@code party.iroiro.luajava}: {@code luajava} + {@code lua51} + the {@code
 *   lua51-platform} natives for Linux, macOS and Windows on x64 and arm64) runs the real Lua 5.1 C interpreter, the
 *   Lua Redis embeds, through JNI. Every probe matched Redis 7.0.15: {@code tostring(1e15)} is {@code 1e+15}, {@code
 *   #} on tables with holes, {@code string.format('%5.2f')}, {@code unpack}, {@code table.getn}, {@code loadstring},
 *   {@code setfenv}, error texts ({@code user_script:1: attempt to index global 'x' (a nil value)}). A Java call from
 *   Lua costs about 10 ns; the debug library's count hook can raise an error, which is how SCRIPT KILL stops a script.
 *   Its one gap: 4.0.2 has no binary-safe "push string" (it pushes through modified UTF-8, stopping at NUL), so
 *   strings with NUL or high bytes are pushed by loading a tiny precompiled chunk that returns them (see {@link
 *   #pushBytes}); plain ASCII, the common case, goes the direct way.</li>
 *   <li><b>LuaJ 3.0.1</b> is pure Java but implements Lua 5.2 and has not been maintained since 2015. On the same
 *   probes it differed from Redis in almost every observable way: {@code tostring(1e15)} is {@code
 *   1000000000000000}, {@code string.format('%5.2f', 3.14159)} gives {@code 3.14159}, {@code #{1,2,nil,4}} is 2, no
 *   {@code unpack}/{@code loadstring}/{@code setfenv}/{@code table.getn}, and error messages have another shape
 *   ({@code attempt to index ? (a nil value)}). Scripts written for Redis would behave differently.</li>
 * </ul>
 * Fidelity decides: LuaJava. Memory: the Lua heap is native, outside the JVM heap; a script that allocates forever
 * is stopped by the count hook once the Lua heap passes {@link #MEMORY_LIMIT_BYTES} (and {@code string.rep} checks
 * its result size first), so it cannot take the process down.
 */
public final class LuaEngine implements AutoCloseable {

    static final int TNIL = 0;
    static final int TBOOLEAN = 1;
    static final int TNUMBER = 3;
    static final int TSTRING = 4;
    static final int TTABLE = 5;
    static final int GLOBALS = -10002;
    static final int REGISTRY = -10000;
    private static final int GC_RESTART = 1;
    private static final int GC_COLLECT = 2;
    private static final int GC_COUNT = 3;
    private static final int GC_COUNTB = 4;
    private static final int GC_STEP = 5;

    /** The Lua heap a script may grow to before the count hook stops it. Redis has no such limit; a JVM needs one. */
    static final long MEMORY_LIMIT_BYTES = 1L << 30;
    /** Instructions between two runs of the count hook (Redis uses the same period). */
    static final int HOOK_PERIOD = 100_000;

    /** The largest chunk buffer kept for the next binary push; a bigger string gets a buffer of its own. */
    private static final int KEPT_CHUNK_BYTES = 1 << 20;

    private final Lua51 lua;
    final Lua51Natives C;
    final long L;
    private ByteBuffer chunk = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
    private int internalsRef;
    private final java.util.Map<String, Integer> internalRefs = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> constants = new java.util.HashMap<>();

    LuaEngine() {
        this.lua = new Lua51();
        this.C = (Lua51Natives) lua.getLuaNatives();
        this.L = lua.getPointer();
        lua.openLibraries();
    }

    /** Registers a Java function under {@code name} in the table on top of the stack. */
    void setFunction(String name, JFunction function) {
        lua.push(function);
        C.lua_setfield(L, -2, name);
    }

    /** Pushes a Java function onto the stack. */
    void pushFunction(JFunction function) {
        lua.push(function);
    }

    /** Runs trusted setup code; fails loudly, since a broken sandbox must not serve scripts. */
    void runTrusted(String code, String name) {
        pushBytes(L, code.getBytes(StandardCharsets.UTF_8));
        C.lua_getglobal(L, "loadstring");
        C.lua_insert(L, -2);
        C.luaJ_pushstring(L, name);
        if (C.lua_pcall(L, 2, 2, 0) != 0 || C.lua_type(L, -2) == TNIL) {
            String error = C.lua_tostring(L, -1);
            C.lua_settop(L, 0);
            throw new IllegalStateException("Lua setup failed: " + error);
        }
        C.lua_settop(L, -2);
        if (C.lua_pcall(L, 0, 1, 0) != 0) {
            String error = C.lua_tostring(L, -1);
            C.lua_settop(L, 0);
            throw new IllegalStateException("Lua setup failed: " + error);
        }
    }

    /** Keeps the value on top of the stack in the registry (popping it); returns its reference. */
    int ref() {
        return C.luaL_ref(L, REGISTRY);
    }

    void unref(int ref) {
        C.luaL_unref(L, REGISTRY, ref);
    }

    void pushRef(int ref) {
        C.lua_rawgeti(L, REGISTRY, ref);
    }

    void internals(int ref) {
        this.internalsRef = ref;
    }

    /**
     * Pushes the internal function {@code name} (compile, env...) kept out of the scripts' reach. Each is looked up
     * by name once, then kept in the registry: pushing it is one call into Lua.
     */
    void pushInternal(String name) {
        Integer ref = internalRefs.get(name);
        if (ref == null) {
            C.lua_rawgeti(L, REGISTRY, internalsRef);
            C.lua_getfield(L, -1, name);
            C.lua_remove(L, -2);
            C.lua_pushvalue(L, -1);
            internalRefs.put(name, ref());
            return;
        }
        C.lua_rawgeti(L, REGISTRY, ref);
    }

    /**
     * Pushes a string the server pushes again and again (field names such as {@code ok} and {@code err}, {@code
     * KEYS}, {@code OK}): the first time it is made and kept in the registry, afterwards it is one call into Lua
     * instead of a conversion of a Java string (several times dearer).
     */
    void pushConstant(long p, String text) {
        Integer ref = constants.get(text);
        if (ref == null) {
            pushString(p, text);
            C.lua_pushvalue(p, -1);
            constants.put(text, C.luaL_ref(p, REGISTRY));
            return;
        }
        C.lua_rawgeti(p, REGISTRY, ref);
    }

    /** Lua heap in use, in whole kilobytes (one call into Lua, where {@link #memoryBytes} makes two). */
    long memoryKilobytes() {
        return C.lua_gc(L, GC_COUNT, 0);
    }

    /** Lua heap in use, in bytes. */
    long memoryBytes() {
        return C.lua_gc(L, GC_COUNT, 0) * 1024L + C.lua_gc(L, GC_COUNTB, 0);
    }

    void collectGarbage() {
        C.lua_gc(L, GC_COLLECT, 0);
    }

    /**
     * A full collection, repeated while it still frees memory (a few rounds at most): each one also halves Lua's
     * string table when it is mostly empty, so after many scripts are dropped the heap gets back near its start.
     */
    void collectAllGarbage() {
        long before = memoryBytes();
        for (int round = 0; round < 8; round++) {
            collectGarbage();
            long after = memoryBytes();
            if (after >= before) {
                return;
            }
            before = after;
        }
    }

    /**
     * Some incremental collection, as if {@code kilobytes} had been allocated; also restarts a collector a script
     * stopped ({@code collectgarbage('stop')}), which would otherwise let the garbage of every later script pile up.
     */
    void stepGarbageCollector(int kilobytes) {
        C.lua_gc(L, GC_RESTART, 0);
        C.lua_gc(L, GC_STEP, kilobytes);
    }

    /**
     * Pushes {@code bytes} as a Lua string onto the stack of thread {@code p}. ASCII without NUL goes through
     * LuaJava's string push (exact for such bytes); anything else through a precompiled chunk whose only constant is
     * the string, which the Lua loader copies byte for byte.
     */
    void pushBytes(long p, byte[] bytes) {
        if (isPlainAscii(bytes)) {
            C.luaJ_pushstring(p, new String(bytes, StandardCharsets.ISO_8859_1));
        } else {
            pushBinary(p, bytes, 0, bytes.length);
        }
    }

    /** Pushes the first {@code length} of {@code bytes}, as {@link #pushBytes(long, byte[])}. */
    void pushBytes(long p, byte[] bytes, int length) {
        pushBinary(p, bytes, 0, length);
    }

    void pushString(long p, String text) {
        pushBytes(p, text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isPlainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A Lua 5.1 binary chunk, {@code return "<bytes>"}: header for this platform (little endian on every platform
     * the natives ship for, 4-byte int and instruction, 8-byte size_t and double), then one function with one string
     * constant and the instructions LOADK 0 0; RETURN 0 2.
     */
    private void pushBinary(long p, byte[] bytes, int offset, int length) {
        int size = 12 + 8 + 4 + 4 + 4 + 4 + 8 + 4 + 1 + 8 + length + 1 + 16;
        ByteBuffer b;
        if (size > KEPT_CHUNK_BYTES) {
            b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder()); // a big string once: not kept
        } else {
            if (chunk.capacity() < size) {
                chunk = ByteBuffer.allocateDirect(Math.min(KEPT_CHUNK_BYTES, Math.max(size, chunk.capacity() * 2)))
                        .order(ByteOrder.nativeOrder());
            }
            b = chunk;
        }
        b.clear();
        b.put((byte) 0x1b)
                .put((byte) 'L')
                .put((byte) 'u')
                .put((byte) 'a')
                .put((byte) 0x51)
                .put((byte) 0)
                .put((byte) (b.order() == ByteOrder.LITTLE_ENDIAN ? 1 : 0))
                .put((byte) 4)
                .put((byte) 8)
                .put((byte) 4)
                .put((byte) 8)
                .put((byte) 0);
        b.putLong(0); // no source name
        b.putInt(0).putInt(0); // line defined, last line defined
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 2); // upvalues, params, vararg, max stack
        b.putInt(2).putInt(0x00000001).putInt((2 << 23) | 30); // LOADK 0 0; RETURN 0 2
        b.putInt(1)
                .put((byte) TSTRING)
                .putLong(length + 1L)
                .put(bytes, offset, length)
                .put((byte) 0);
        b.putInt(0); // nested functions
        b.putInt(0).putInt(0).putInt(0); // line info, locals, upvalue names
        b.flip();
        if (C.luaJ_loadbuffer(p, b, b.limit(), "=binary") != 0 || C.lua_pcall(p, 0, 1, 0) != 0) {
            C.lua_settop(p, -2);
            throw new IllegalStateException("Could not push a binary string into Lua");
        }
    }

    /** The string (or number, as Lua prints it) at {@code index}, as bytes; null for any other type. */
    byte[] toBytes(long p, int index) {
        int type = C.lua_type(p, index);
        if (type != TSTRING && type != TNUMBER) {
            return null;
        }
        if (type == TNUMBER) {
            return luaNumberText(C.lua_tonumber(p, index)).getBytes(StandardCharsets.US_ASCII);
        }
        return stringBytes(p, index);
    }

    /** The Lua string at {@code index} (known to be one), as bytes. */
    byte[] stringBytes(long p, int index) {
        ByteBuffer direct = (ByteBuffer) C.luaJ_todirectbuffer(p, index);
        byte[] bytes = new byte[direct.remaining()];
        direct.get(bytes);
        return bytes;
    }

    /** A Lua string at {@code index} as Java text (bytes as UTF-8). */
    String toText(long p, int index) {
        byte[] bytes = toBytes(p, index);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A number as Lua's {@code tostring} writes it ({@code %.14g}). */
    static String luaNumberText(double value) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == (long) value && Math.abs(value) < 1e14) {
            return Long.toString((long) value);
        }
        return Numbers.formatG(value, 14);
    }

    /** A number as Redis 7.0 turns a Lua number argument of redis.call into a string ({@code %.17g}). */
    static String argumentNumberText(double value) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
        }
        return Numbers.formatDouble(value);
    }

    @Override
    public void close() {
        lua.close();
    }
}
