package io.miniredis.scripting;

/** The {@code cjson} table: its functions are written in Lua, see {@link LuaCodecs}; nothing is registered from Java. */
final class LuaJsonLibrary {

    private final LuaEngine engine;

    LuaJsonLibrary(LuaEngine engine) {
        this.engine = engine;
    }

    void register() {
    }
}
