package io.miniredis.scripting;

import io.miniredis.server.ServerContext;

/** Redis 7 functions: libraries loaded with FUNCTION LOAD, called with FCALL. */
public final class FunctionLibraries {

    FunctionLibraries(ServerContext server, LuaEngine engine, Scripting scripting) {
    }
}
