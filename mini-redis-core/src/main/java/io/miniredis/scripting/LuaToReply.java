package io.miniredis.scripting;

import io.miniredis.protocol.Reply;

/**
 * A Lua value written as a reply, Redis 7.0's way: a number is an integer (truncated), a string a bulk string,
 * {@code true} {@code :1} ({@code #t} in RESP3), {@code false} and nil a null, a table with a string {@code err} an
 * error, with a string {@code ok} a status, {@code double}, {@code big_number}, {@code map} and {@code set} their
 * RESP3 types (or RESP2 fall-backs), any other table an array of its elements 1, 2, ... up to the first nil.
 */
final class LuaToReply {

    private static final int MAX_DEPTH = 1000;

    private final LuaEngine engine;

    LuaToReply(LuaEngine engine) {
        this.engine = engine;
    }

    /** The script's RESP version (redis.setresp): Redis 7.0 writes booleans by it, not by the client's. */
    private int scriptResp = 2;

    /** Writes the value at {@code index} (a negative index is relative to the top). */
    void writeResult(long p, int index, Reply reply, int scriptResp) {
        this.scriptResp = scriptResp;
        write(p, index, reply, 0);
    }

    private void write(long p, int index, Reply reply, int depth) {
        var C = engine.C;
        int absolute = index < 0 ? C.lua_gettop(p) + index + 1 : index;
        switch (C.lua_type(p, absolute)) {
            case LuaEngine.TSTRING -> reply.bulk(engine.toBytes(p, absolute));
            case LuaEngine.TBOOLEAN -> {
                boolean value = C.lua_toboolean(p, absolute) != 0;
                if (scriptResp == 3) {
                    reply.bool(value); // :1 and :0 for a RESP2 client
                } else if (value) {
                    reply.integer(1);
                } else {
                    reply.nullBulk();
                }
            }
            case LuaEngine.TNUMBER -> reply.integer(truncate(C.lua_tonumber(p, absolute)));
            case LuaEngine.TTABLE -> writeTable(p, absolute, reply, depth);
            default -> reply.nullBulk();
        }
    }

    /**
     * Redis's {@code (long long)} cast as x86-64 does it: truncation, and LLONG_MIN for NaN and anything out of
     * range (Java's cast would saturate instead, and give 0 for NaN).
     */
    private static long truncate(double value) {
        if (value >= -0x1p63 && value < 0x1p63) {
            return (long) value;
        }
        return Long.MIN_VALUE;
    }

    private void writeTable(long p, int table, Reply reply, int depth) {
        var C = engine.C;
        if (depth > MAX_DEPTH) {
            reply.error("ERR reached lua stack limit");
            return;
        }
        C.lua_checkstack(p, 4);
        if (stringField(p, table, "err")) {
            byte[] error = engine.toBytes(p, -1);
            C.lua_settop(p, -2);
            reply.error(new String(error, java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        if (stringField(p, table, "ok")) {
            byte[] status = engine.toBytes(p, -1);
            C.lua_settop(p, -2);
            reply.status(new String(status, java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        if (field(p, table, "double", LuaEngine.TNUMBER)) {
            double value = C.lua_tonumber(p, -1);
            C.lua_settop(p, -2);
            reply.doubleValue(value);
            return;
        }
        if (stringField(p, table, "big_number")) {
            byte[] number = engine.toBytes(p, -1);
            C.lua_settop(p, -2);
            if (reply.resp3()) {
                reply.raw(("(" + new String(number, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } else {
                reply.bulk(number);
            }
            return;
        }
        if (field(p, table, "map", LuaEngine.TTABLE)) {
            int map = C.lua_gettop(p);
            int pairs = 0;
            C.lua_pushnil(p);
            while (C.lua_next(p, map) != 0) {
                pairs++;
                C.lua_settop(p, -2);
            }
            reply.map(pairs);
            C.lua_pushnil(p);
            while (C.lua_next(p, map) != 0) {
                int value = C.lua_gettop(p);
                C.lua_pushvalue(p, value - 1); // a copy of the key: writing a number key must not convert it
                write(p, -1, reply, depth + 1);
                C.lua_settop(p, -2);
                write(p, value, reply, depth + 1);
                C.lua_settop(p, -2);
            }
            C.lua_settop(p, -2);
            return;
        }
        if (field(p, table, "set", LuaEngine.TTABLE)) {
            int set = C.lua_gettop(p);
            int members = 0;
            C.lua_pushnil(p);
            while (C.lua_next(p, set) != 0) {
                members++;
                C.lua_settop(p, -2);
            }
            reply.set(members);
            C.lua_pushnil(p);
            while (C.lua_next(p, set) != 0) {
                C.lua_settop(p, -2);
                C.lua_pushvalue(p, -1);
                write(p, -1, reply, depth + 1);
                C.lua_settop(p, -2);
            }
            C.lua_settop(p, -2);
            return;
        }
        int length = 0;
        while (true) {
            C.lua_rawgeti(p, table, length + 1);
            boolean nil = C.lua_type(p, -1) == LuaEngine.TNIL;
            C.lua_settop(p, -2);
            if (nil) {
                break;
            }
            length++;
        }
        reply.array(length);
        for (int i = 1; i <= length; i++) {
            C.lua_rawgeti(p, table, i);
            write(p, -1, reply, depth + 1);
            C.lua_settop(p, -2);
        }
    }

    /** Pushes {@code table[name]} and returns true when it is a string; otherwise pushes nothing. */
    private boolean stringField(long p, int table, String name) {
        return field(p, table, name, LuaEngine.TSTRING);
    }

    private boolean field(long p, int table, String name, int type) {
        engine.C.lua_pushstring(p, name);
        engine.C.lua_rawget(p, table);
        if (engine.C.lua_type(p, -1) == type) {
            return true;
        }
        engine.C.lua_settop(p, -2);
        return false;
    }
}
