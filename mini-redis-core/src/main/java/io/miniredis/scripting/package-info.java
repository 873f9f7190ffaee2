/**
 * Lua scripting as Redis 7.0 has it, on real Lua 5.1 through LuaJava: the engine and its sandbox, the redis API,
 * conversions both ways, cjson and cmsgpack, string patterns in Java, functions, and the machinery that stops a
 * runaway script.
 */
package io.miniredis.scripting;
