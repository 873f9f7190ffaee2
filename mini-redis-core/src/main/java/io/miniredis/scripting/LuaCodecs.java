package io.miniredis.scripting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code cjson} (lua-cjson 2.1.0) and {@code cmsgpack} (lua-cmsgpack 0.4.0) libraries Redis 7.0 ships, written
 * in Lua ({@code codecs.lua} next to this class) and run by the same Lua 5.1 interpreter as the scripts.
 *
 * <p>Why Lua rather than Java: both libraries walk tables with {@code lua_next}, so the order of an object's keys
 * in {@code cjson.encode} and of a map's entries in {@code cmsgpack.pack} is the Lua hash order; code running in the
 * same interpreter with {@code next} reproduces it exactly, which a Java walk through JNI would too but at the cost
 * of a JNI call per element. Numbers are formatted by Lua's {@code string.format('%.14g')} and read by its {@code
 * tonumber}, the C library's printf and strtod lua-cjson uses. No dependency is needed.
 *
 * <p>What Lua cannot do alone comes from {@link LuaCodecNatives}: {@code cjson.null} (a light userdata), the C
 * trampolines every library function is called through (so errors name the script line and the function as the
 * C libraries' {@code luaL_error} and {@code luaL_argerror} do), and the raw bits of NaNs.
 *
 * <p>The source is a block of the sandbox prelude ({@link LuaSandbox}); it runs with the prelude's locals in scope
 * ({@code G}, {@code getinfo}). It is kept as a resource so the Lua reads as Lua, without Java string escapes.
 */
final class LuaCodecs {

    private LuaCodecs() {}

    static final String SOURCE = load();

    private static String load() {
        try (InputStream in = LuaCodecs.class.getResourceAsStream("codecs.lua")) {
            if (in == null) {
                throw new IllegalStateException("codecs.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
