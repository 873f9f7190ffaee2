package io.miniredis.scripting;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A command's reply, as the RESP bytes it wrote, turned into a Lua value on the stack, Redis 7.0's way: integers
 * become numbers, bulk strings strings, a null bulk or null array {@code false}, arrays tables, a status {@code
 * {ok=...}}, an error {@code {err=...}}; with {@code redis.setresp(3)}: null {@code nil}, booleans, doubles {@code
 * {double=n}}, big numbers {@code {big_number=s}}, maps {@code {map={k=v}}}, sets {@code {set={m=true}}}, verbatim
 * strings {@code {verbatim_string={format=..., string=...}}}.
 */
final class RespToLua {

    private final LuaEngine engine;

    RespToLua(LuaEngine engine) {
        this.engine = engine;
    }

    /** Pushes the reply starting at the reader index of {@code in} (consuming it) onto thread {@code p}. */
    void push(long p, ByteBuf in) {
        var C = engine.C;
        C.lua_checkstack(p, 4);
        byte type = in.readByte();
        switch (type) {
            case '+' -> pushField(p, "ok", line(in));
            case '-' -> pushField(p, "err", line(in));
            case ':' -> C.lua_pushnumber(p, Long.parseLong(text(line(in))));
            case '$' -> {
                long length = Long.parseLong(text(line(in)));
                if (length < 0) {
                    C.lua_pushboolean(p, 0);
                } else {
                    byte[] bytes = new byte[(int) length];
                    in.readBytes(bytes);
                    in.skipBytes(2);
                    engine.pushBytes(p, bytes);
                }
            }
            case '*', '>' -> {
                long count = Long.parseLong(text(line(in)));
                if (count < 0) {
                    C.lua_pushboolean(p, 0);
                    return;
                }
                C.lua_createtable(p, (int) count, 0);
                for (int i = 1; i <= count; i++) {
                    push(p, in);
                    C.lua_rawseti(p, -2, i);
                }
            }
            case '_' -> {
                line(in);
                C.lua_pushnil(p);
            }
            case '#' -> C.lua_pushboolean(p, line(in)[0] == 't' ? 1 : 0);
            case ',' -> {
                C.lua_createtable(p, 0, 1);
                C.lua_pushnumber(p, parseDouble(text(line(in))));
                C.lua_setfield(p, -2, "double");
            }
            case '(' -> pushField(p, "big_number", line(in));
            case '%' -> {
                long pairs = Long.parseLong(text(line(in)));
                C.lua_createtable(p, 0, 1);
                C.lua_createtable(p, 0, (int) pairs);
                for (long i = 0; i < pairs; i++) {
                    push(p, in);
                    push(p, in);
                    C.lua_settable(p, -3);
                }
                C.lua_setfield(p, -2, "map");
            }
            case '~' -> {
                long count = Long.parseLong(text(line(in)));
                C.lua_createtable(p, 0, 1);
                C.lua_createtable(p, 0, (int) count);
                for (long i = 0; i < count; i++) {
                    push(p, in);
                    C.lua_pushboolean(p, 1);
                    C.lua_settable(p, -3);
                }
                C.lua_setfield(p, -2, "set");
            }
            case '=' -> {
                long length = Long.parseLong(text(line(in)));
                byte[] bytes = new byte[(int) length];
                in.readBytes(bytes);
                in.skipBytes(2);
                C.lua_createtable(p, 0, 1);
                C.lua_createtable(p, 0, 2);
                engine.pushBytes(p, java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
                C.lua_setfield(p, -2, "string");
                engine.pushBytes(p, java.util.Arrays.copyOfRange(bytes, 0, 3));
                C.lua_setfield(p, -2, "format");
                C.lua_setfield(p, -2, "verbatim_string");
            }
            case '|' -> {
                long pairs = Long.parseLong(text(line(in)));
                for (long i = 0; i < pairs * 2; i++) { // attributes are dropped, as Redis does
                    push(p, in);
                    C.lua_settop(p, -2);
                }
                push(p, in);
            }
            default -> throw new IllegalStateException("Unexpected reply type " + (char) type);
        }
    }

    /** {@code {field = value}}; the field name, and an {@code OK} value, pushed as kept constants. */
    private void pushField(long p, String field, byte[] value) {
        engine.C.lua_createtable(p, 0, 1);
        engine.pushConstant(p, field);
        if (value.length == 2 && value[0] == 'O' && value[1] == 'K') {
            engine.pushConstant(p, "OK");
        } else {
            engine.pushBytes(p, value);
        }
        engine.C.lua_rawset(p, -3);
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The bytes up to the next CRLF, which is consumed. */
    private static byte[] line(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        byte[] bytes = new byte[end - in.readerIndex()];
        in.readBytes(bytes);
        in.skipBytes(2);
        return bytes;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
