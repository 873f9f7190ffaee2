package io.miniredis.scripting;

/**
 * The {@code cjson} table Scripting creates: its functions are written in Lua (see {@link LuaCodecs}), which
 * replaces it with a table built in lua-cjson's order; this one only carries {@link LuaCodecNatives} to the prelude.
 */
final class LuaJsonLibrary {

    private final LuaEngine engine;

    LuaJsonLibrary(LuaEngine engine) {
        this.engine = engine;
    }

    void register() {
        new LuaCodecNatives(engine).register();
    }
}
