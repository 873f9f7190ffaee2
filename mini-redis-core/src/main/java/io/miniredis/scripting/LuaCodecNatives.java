package io.miniredis.scripting;

import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.lua51.Lua51Natives;

/**
 * The few things the Lua-written codecs ({@link LuaCodecs}) need from C, set as fields of the table on top of the
 * stack for the prelude to take:
 * <ul>
 *   <li>{@code null}: {@code cjson.null} is a light userdata holding NULL in lua-cjson; Lua itself cannot make
 *   one, and a full userdata would differ (it can have a metatable).</li>
 *   <li>{@code wrap(f)}: a C function that calls the Lua function {@code f}. Called from a script as {@code return
 *   cjson.encode(x)}, a Lua function would replace the script's frame (a tail call); a C function keeps it, so an
 *   error can carry the script line and the called name ({@code luaL_error}, {@code luaL_argerror}), and a {@code
 *   pcall(cjson.encode)} gets none, as in Redis. {@code f} is kept in the C function's environment table (Lua 5.1
 *   gives each C function one), so {@code cjson.new()} instances need no registry references and are collected
 *   like any value.</li>
 *   <li>{@code double_bits(x)} / {@code bits_double(hi, lo)}: a double's raw IEEE bits as two 32-bit words and
 *   back, for the NaNs lua-cmsgpack copies byte for byte (sign and payload), which Lua arithmetic cannot see.</li>
 * </ul>
 */
final class LuaCodecNatives {

    /** Lua 5.1's pseudo-index of the running C function's environment. */
    private static final int ENVIRONINDEX = -10001;

    private final LuaEngine engine;
    private final Lua51Natives C;
    private final JFunction trampoline = this::trampoline;

    LuaCodecNatives(LuaEngine engine) {
        this.engine = engine;
        this.C = engine.C;
    }

    /** Sets {@code null}, {@code wrap}, {@code double_bits} and {@code bits_double} in the table on top. */
    void register() {
        long L = engine.L;
        C.lua_pushlightuserdata(L, 0);
        C.lua_setfield(L, -2, "null");
        engine.setFunction("wrap", this::wrap);
        engine.setFunction("double_bits", this::doubleBits);
        engine.setFunction("bits_double", this::bitsDouble);
    }

    private int wrap(Lua l) {
        long p = l.getPointer();
        l.push(trampoline); // a new C closure each time, sharing the one Java function
        C.lua_createtable(p, 1, 0);
        C.lua_pushvalue(p, 1);
        C.lua_rawseti(p, -2, 1);
        C.lua_setfenv(p, -2);
        return 1;
    }

    private int trampoline(Lua l) {
        long p = l.getPointer();
        int args = C.lua_gettop(p);
        C.lua_rawgeti(p, ENVIRONINDEX, 1);
        C.lua_insert(p, 1);
        if (C.lua_pcall(p, args, -1, 0) != 0) {
            return -1; // the error value on top is raised again, past this C frame
        }
        return C.lua_gettop(p);
    }

    private int doubleBits(Lua l) {
        long p = l.getPointer();
        long bits = Double.doubleToRawLongBits(C.lua_tonumber(p, 1));
        C.lua_pushnumber(p, bits >>> 32);
        C.lua_pushnumber(p, bits & 0xffffffffL);
        return 2;
    }

    private int bitsDouble(Lua l) {
        long p = l.getPointer();
        long bits = ((long) C.lua_tonumber(p, 1) << 32) | ((long) C.lua_tonumber(p, 2) & 0xffffffffL);
        C.lua_pushnumber(p, Double.longBitsToDouble(bits));
        return 1;
    }
}
