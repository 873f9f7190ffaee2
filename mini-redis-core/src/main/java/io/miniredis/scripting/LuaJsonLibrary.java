package io.miniredis.scripting;

/** The {@code cjson} library: not implemented yet (the table exists, as in Redis, but has no functions). */
final class LuaJsonLibrary {

    private final LuaEngine engine;

    LuaJsonLibrary(LuaEngine engine) {
        this.engine = engine;
    }

    void register() {
    }
}
