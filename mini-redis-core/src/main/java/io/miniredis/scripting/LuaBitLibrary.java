package io.miniredis.scripting;

import party.iroiro.luajava.Lua;

/**
 * LuaBitOp's {@code bit} library, as Redis bundles it: 32-bit operations on Lua numbers ({@code tobit}, {@code
 * tohex}, {@code bnot}, {@code band}, {@code bor}, {@code bxor}, {@code lshift}, {@code rshift}, {@code arshift},
 * {@code rol}, {@code ror}, {@code bswap}). Numbers are reduced modulo 2^32 to a signed 32-bit result.
 */
final class LuaBitLibrary {

    private final LuaEngine engine;

    LuaBitLibrary(LuaEngine engine) {
        this.engine = engine;
    }

    void register() {
        engine.setFunction("tobit", l -> unary(l, "tobit", x -> x));
        engine.setFunction("bnot", l -> unary(l, "bnot", x -> ~x));
        engine.setFunction("bswap", l -> unary(l, "bswap", Integer::reverseBytes));
        engine.setFunction("band", l -> fold(l, "band", (a, b) -> a & b));
        engine.setFunction("bor", l -> fold(l, "bor", (a, b) -> a | b));
        engine.setFunction("bxor", l -> fold(l, "bxor", (a, b) -> a ^ b));
        engine.setFunction("lshift", l -> shift(l, "lshift", (a, n) -> a << n));
        engine.setFunction("rshift", l -> shift(l, "rshift", (a, n) -> a >>> n));
        engine.setFunction("arshift", l -> shift(l, "arshift", (a, n) -> a >> n));
        engine.setFunction("rol", l -> shift(l, "rol", Integer::rotateLeft));
        engine.setFunction("ror", l -> shift(l, "ror", Integer::rotateRight));
        engine.setFunction("tohex", this::tohex);
    }

    private interface IntOp {
        int apply(int a, int b);
    }

    private interface Unary {
        int apply(int a);
    }

    /** LuaBitOp's normalisation: the number's integer part modulo 2^32, as a signed 32-bit value. */
    static int toBit(double value) {
        double adjusted = value + 6755399441055744.0; // 2^52 + 2^51: the low 32 bits of the mantissa hold the result
        return (int) Double.doubleToRawLongBits(adjusted);
    }

    private Integer arg(long p, int index, String name) {
        if (engine.C.lua_isnumber(p, index) == 0) {
            return null;
        }
        return toBit(engine.C.lua_tonumber(p, index));
    }

    private int badArgument(long p, int index, String name) {
        int type = engine.C.lua_type(p, index);
        String got = type == -1 ? "no value" : engine.C.lua_typename(p, type);
        engine.C.luaL_where(p, 1); // the calling script line, as luaL_argerror adds
        engine.C.luaJ_pushstring(p, "bad argument #" + index + " to '" + name + "' (number expected, got " + got + ")");
        engine.C.lua_concat(p, 2);
        return -1;
    }

    private int unary(Lua l, String name, Unary op) {
        long p = l.getPointer();
        Integer x = arg(p, 1, name);
        if (x == null) {
            return badArgument(p, 1, name);
        }
        engine.C.lua_pushnumber(p, op.apply(x));
        return 1;
    }

    private int fold(Lua l, String name, IntOp op) {
        long p = l.getPointer();
        int argc = engine.C.lua_gettop(p);
        Integer result = arg(p, 1, name);
        if (result == null) {
            return badArgument(p, 1, name);
        }
        int value = result;
        for (int i = 2; i <= argc; i++) {
            Integer next = arg(p, i, name);
            if (next == null) {
                return badArgument(p, i, name);
            }
            value = op.apply(value, next);
        }
        engine.C.lua_pushnumber(p, value);
        return 1;
    }

    private int shift(Lua l, String name, IntOp op) {
        long p = l.getPointer();
        Integer x = arg(p, 1, name);
        if (x == null) {
            return badArgument(p, 1, name);
        }
        Integer n = arg(p, 2, name);
        if (n == null) {
            return badArgument(p, 2, name);
        }
        engine.C.lua_pushnumber(p, op.apply(x, n & 31));
        return 1;
    }

    private int tohex(Lua l) {
        long p = l.getPointer();
        Integer x = arg(p, 1, "tohex");
        if (x == null) {
            return badArgument(p, 1, "tohex");
        }
        int n = 8;
        if (engine.C.lua_gettop(p) >= 2 && engine.C.lua_type(p, 2) != LuaEngine.TNIL) {
            Integer digits = arg(p, 2, "tohex");
            if (digits == null) {
                return badArgument(p, 2, "tohex");
            }
            n = digits;
        }
        boolean upper = n < 0;
        n = Math.min(8, Math.abs(n));
        String hex = String.format(upper ? "%08X" : "%08x", x);
        engine.C.luaJ_pushstring(p, hex.substring(8 - n));
        return 1;
    }
}
