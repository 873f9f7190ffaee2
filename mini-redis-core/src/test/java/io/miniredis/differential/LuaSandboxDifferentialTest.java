package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis 7.0's Lua sandbox to the letter, against Redis 7.0.15: read-only globals and library tables (every way a
 * script could write them, and that a refused write leaves nothing behind for the next script), the functions that
 * see past metatables, the globals Redis removes, binary chunks, the error replies' texts and positions, the same
 * rules for functions, SORT's determinism inside scripts, DEBUG SET-DISABLE-DENY-SCRIPTS and SCRIPT DEBUG. Both
 * servers run with {@code enable-debug-command yes}.
 */
class LuaSandboxDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    @AfterEach
    void reset() {
        same("FUNCTION", "FLUSH");
        same("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0");
    }

    @Test
    void globalsAreReadOnly() {
        check("""
                EVAL "_G.x = 1" 0
                EVAL "x = 1" 0
                EVAL "rawset(_G,'x',1)" 0
                EVAL "rawset(_G,'redis',1)" 0
                EVAL "setmetatable(_G, {})" 0
                EVAL "setmetatable(_G, nil)" 0
                EVAL "local g=_G; g.y=1" 0
                EVAL "local g = _G._G; g.redis = nil" 0
                EVAL "_G.redis = nil" 0
                EVAL "_G._G = 1" 0
                EVAL "KEYS = {}" 0
                EVAL "_G.ARGV = nil" 0
                EVAL "table.insert(_G, 1)" 0
                EVAL "table.insert(_G, 1, 2)" 0
                EVAL "return x" 0
                EVAL "x()" 0
                EVAL "return _G.nosuch" 0
                EVAL "return rawget(_G, 'nosuch')" 0
                EVAL "return rawget(_G, 'redis') == redis" 0
                EVAL "return type(_G)" 0
                EVAL "return _G == _G._G" 0
                EVAL "return #_G" 0
                EVAL "return table.maxn(_G)" 0
                EVAL "return type(getmetatable(_G))" 0
                EVAL "return getmetatable(_G) == getmetatable(_G)" 0
                EVAL "local t = {} for k, v in pairs(getmetatable(_G)) do t[#t+1] = k .. ':' .. type(v) end return t" 0
                EVAL "return rawget(getmetatable(_G), '__index') ~= nil" 0
                EVAL "getmetatable(_G).__index = nil" 0
                EVAL "getmetatable(_G).__newindex = function() end" 0
                EVAL "local mt = getmetatable(_G) mt.__index = function() return 1 end return nosuch" 0
                EVAL "rawset(getmetatable(_G), '__index', nil)" 0
                EVAL "setmetatable(getmetatable(_G), {})" 0
                EVAL "return getmetatable(getmetatable(_G))" 0
                EVAL "getmetatable(_G).__index(_G, 'foo')" 0
                EVAL "return type(_G.redis.call)" 0
                EVAL "KEYS[1] = 'x' return KEYS[1]" 0
                EVAL "table.insert(KEYS, 'x') return #KEYS" 0
                EVAL "ARGV.x = 1 return ARGV.x" 0
                EVAL "return {#KEYS, #ARGV}" 1 a b c
                EVAL "return rawget(_G, 'x')" 0
                """);
    }

    @Test
    void libraryTablesAreReadOnly() {
        check("""
                EVAL "redis.call = nil" 0
                EVAL "redis.x = 1" 0
                EVAL "string.upper = nil" 0
                EVAL "string.x = 1" 0
                EVAL "table.concat = nil" 0
                EVAL "math.pi = 3" 0
                EVAL "math.huge = 1" 0
                EVAL "coroutine.create = nil" 0
                EVAL "cjson.encode = nil" 0
                EVAL "cjson.x = 1" 0
                EVAL "cmsgpack.pack = nil" 0
                EVAL "bit.band = nil" 0
                EVAL "struct.x = nil" 0
                EVAL "local s = string s.upper = nil" 0
                EVAL "rawset(string, 'x', 1)" 0
                EVAL "rawset(string, 'upper', 1)" 0
                EVAL "rawset(redis, 'call', nil)" 0
                EVAL "setmetatable(string, {})" 0
                EVAL "setmetatable(redis, nil)" 0
                EVAL "setmetatable(math, {__index = function() return 1 end})" 0
                EVAL "table.insert(redis, 1)" 0
                EVAL "table.insert(string, 1, 'x')" 0
                EVAL "table.insert(math, 'x')" 0
                EVAL "table.remove(redis)" 0
                EVAL "table.remove(redis, 1)" 0
                EVAL "table.sort(redis)" 0
                EVAL "table.setn(redis, 1)" 0
                EVAL "return table.concat(redis)" 0
                EVAL "return table.getn(string)" 0
                EVAL "return table.maxn(string)" 0
                EVAL "return getmetatable('').__index == string" 0
                EVAL "getmetatable('').__index.upper = 1" 0
                EVAL "getmetatable('').x = 1" 0
                EVAL "getmetatable('').__index = 1" 0
                EVAL "rawset(getmetatable(''), '__index', {})" 0
                EVAL "setmetatable(getmetatable(''), {})" 0
                EVAL "local n = 0 for k in pairs(getmetatable('')) do n = n + 1 end return n" 0
                EVAL "return getmetatable(getmetatable(''))" 0
                EVAL "return ('abc'):upper()" 0
                EVAL "return ('x'):rep(3)" 0
                EVAL "local ok, e = pcall(function() string.x = 1 end) return e" 0
                EVAL "return {pcall(rawset, _G, 'x', 1)}" 0
                EVAL "return {pcall(setmetatable, string, nil)}" 0
                EVAL "return {pcall(table.insert, redis, 1)}" 0
                EVAL "return {pcall(function() _G.x = 1 end)}" 0
                """);
        // nothing of the refused writes is left for the next script (one Lua state serves them all)
        check("""
                EVAL "pcall(function() redis.call = nil end) pcall(rawset, redis, 'call', nil) return redis.call('ping')" 0
                EVAL "pcall(function() string.upper = nil end) return string.upper('a')" 0
                EVAL "return redis.call('ping')" 0
                EVAL "return string.upper('x') .. string.rep('y', 2) .. table.concat({1, 2})" 0
                EVAL "return type(rawget(string, 'x'))" 0
                EVAL "return type(getmetatable(string))" 0
                EVAL "return type(getmetatable(redis))" 0
                """);
    }

    @Test
    void viewsReadLikeTheTables() {
        check("""
                EVAL "return rawget(string, 'upper') == string.upper" 0
                EVAL "return rawget(redis, 'nosuch')" 0
                EVAL "return redis.nosuch" 0
                EVAL "return next(string) ~= nil" 0
                EVAL "local k = next(redis) return type(k)" 0
                EVAL "return select(2, pairs(string)) == string" 0
                EVAL "return select(1, pairs({})) == next" 0
                EVAL "return select(1, pairs(string)) == next" 0
                EVAL "return rawequal(string, string)" 0
                EVAL "return #string" 0
                EVAL "return unpack(string)" 0
                EVAL "return getmetatable(string)" 0
                EVAL "return getmetatable(cjson.null)" 0
                EVAL "return type(cjson.null)" 0
                EVAL "return tostring(cjson.null)" 0
                EVAL "local n = 0 table.foreach(string, function() n = n + 1 end) return n" 0
                EVAL "local t = {} table.foreach(redis, function(k) t[#t+1] = k end) table.sort(t) return t" 0
                EVAL "local t = {} for i, v in ipairs(string) do t[#t+1] = i end return #t" 0
                EVAL "local t={} for k,v in pairs(_G) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(string) do t[#t+1]=k..':'..type(v) end return t" 0
                EVAL "local t={} for k,v in pairs(table) do t[#t+1]=k..':'..type(v) end return t" 0
                EVAL "local t={} for k,v in pairs(math) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k,v in pairs(coroutine) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k,v in pairs(bit) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k,v in pairs(cmsgpack) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k,v in pairs(redis) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(cjson) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k in pairs(_G) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k in pairs(redis) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k in pairs(cjson) do t[#t+1]=k end return t" 0
                EVAL "local t={} for k in next, _G do t[#t+1]=k end return t" 0
                EVAL "return cmsgpack.pack(redis)" 0
                EVAL "local t = {} for k in next, math do t[#t+1] = k end return #t" 0
                EVAL "return cjson.encode(string)" 0
                EVAL "return cjson.encode({string})" 0
                EVAL "return cjson.encode(getmetatable(''))" 0
                EVAL "return cmsgpack.pack(string)" 0
                EVAL "return cmsgpack.pack(math.pi, table)" 0
                EVAL "return {(string.gsub('abc', '%w', {a = '1'}))}" 0
                EVAL "return ('abc'):gsub('b', string.upper)" 0
                EVAL "return {string.format('%s', 'x'), math.floor(2.5), bit.band(3, 1), type(coroutine.running)}" 0
                """);
    }

    @Test
    void removedGlobals() {
        check("""
                EVAL "print('x')" 0
                EVAL "return print" 0
                EVAL "loadfile('x')" 0
                EVAL "dofile('x')" 0
                EVAL "setfenv(1, {})" 0
                EVAL "return getfenv()" 0
                EVAL "return newproxy()" 0
                EVAL "module('x')" 0
                EVAL "require('x')" 0
                EVAL "return os.time()" 0
                EVAL "return type(os)" 0
                EVAL "return io" 0
                EVAL "return debug.getinfo(1)" 0
                EVAL "return package" 0
                EVAL "return __mr_java" 0
                EVAL "return __jthrowable__" 0
                EVAL "return {type(loadstring), type(load), type(unpack), type(gcinfo), type(collectgarbage)}" 0
                """);
    }

    @Test
    void binaryChunksAreRefused() {
        check("""
                EVAL "return loadstring(string.dump(function() return 1 end))" 0
                EVAL "return {loadstring(string.dump(function() return 1 end))}" 0
                EVAL "return select('#', loadstring(string.dump(function() return 1 end)))" 0
                EVAL "return {loadstring(string.dump(function() end), 'name')}" 0
                EVAL "return {loadstring(string.dump(function() end), '=name')}" 0
                EVAL "return {loadstring(string.dump(function() end), '@file')}" 0
                EVAL "return {loadstring(string.dump(function() end), 12)}" 0
                EVAL "return {load(string.dump(function() return 1 end))}" 0
                EVAL "local n = 0 return {load(function() n = n + 1 if n == 1 then return string.dump(function() end) end end)}" 0
                EVAL "local n = 0 return {load(function() n = n + 1 if n == 1 then return string.dump(function() end) end end, 'nm')}" 0
                EVAL "return type(string.dump(function() end))" 0
                """);
    }

    @Test
    void loadedCodeRunsInTheSandbox() {
        check("""
                EVAL "return loadstring('return 1', 'name')()" 0
                EVAL "return loadstring(12)()" 0
                EVAL "return {loadstring('x x', 'chunk')}" 0
                EVAL "return {loadstring('x x', '=chunk')}" 0
                EVAL "return {loadstring('x x', '@chunk')}" 0
                EVAL "return {loadstring('x x')}" 0
                EVAL "loadstring('x = 1')()" 0
                EVAL "loadstring('string.x = 1')()" 0
                EVAL "loadstring('redis.call = 1')()" 0
                EVAL "return loadstring('return _G == ...')(_G)" 0
                EVAL "return loadstring('return nosuch')()" 0
                EVAL "return loadstring('return redis.call(\\\\'ping\\\\')')()" 0
                EVAL "local f = pcall(loadstring, 'string.rep = nil') return type(f)" 0
                EVAL "local ok, f = pcall(loadstring, 'string.rep = nil') f()" 0
                EVAL "local n = 0 local f = load(function() n = n + 1 if n == 1 then return 'return 5' end end) return f()" 0
                EVAL "local n = 0 local f = load(function() n = n + 1 if n == 1 then return 'x = 1' end end) f()" 0
                EVAL "return {load(function() return {} end)}" 0
                EVAL "return {load(function() error('in reader') end)}" 0
                EVAL "return {load(function() return nil end, 'nm')}" 0
                EVAL "return string.rep('x', 3)" 0
                """);
    }

    @Test
    void sandboxFunctionsRaiseAsTheCFunctions() {
        check("""
                EVAL "rawset()" 0
                EVAL "rawset(1)" 0
                EVAL "rawset({})" 0
                EVAL "rawset({}, 1)" 0
                EVAL "rawset({}, nil, 1)" 0
                EVAL "rawset({}, 0/0, 1)" 0
                EVAL "local r = rawset r(5, 1, 1)" 0
                EVAL "rawget()" 0
                EVAL "rawget({})" 0
                EVAL "rawget(1, 2)" 0
                EVAL "next()" 0
                EVAL "next(nil)" 0
                EVAL "next({}, 'nokey')" 0
                EVAL "for k in next, 5 do end" 0
                EVAL "pairs()" 0
                EVAL "pairs(1)" 0
                EVAL "local n = next({}) return n" 0
                EVAL "setmetatable()" 0
                EVAL "setmetatable({})" 0
                EVAL "setmetatable({}, 1)" 0
                EVAL "setmetatable(1, {})" 0
                EVAL "local t = setmetatable({}, {__metatable = 'no'}) setmetatable(t, {})" 0
                EVAL "local t = setmetatable({}, {__metatable = 'no'}) return getmetatable(t)" 0
                EVAL "local t = setmetatable({}, {__index = {a = 1}}) return t.a" 0
                EVAL "local x = getmetatable()" 0
                EVAL "return getmetatable(nil)" 0
                EVAL "return getmetatable(1)" 0
                EVAL "table.insert()" 0
                EVAL "table.insert(1, 2)" 0
                EVAL "table.insert({}, 'a', 'b')" 0
                EVAL "table.insert({}, 1, 2, 3)" 0
                EVAL "table.insert({})" 0
                EVAL "table.insert(string, 'x', 1)" 0
                EVAL "local t = {} table.insert(t, '1', 'b') return t" 0
                EVAL "local t = {1, 2, 3} table.insert(t, 1, nil) return {t[1], t[2], #t}" 0
                EVAL "local t = {} table.insert(t, 'x') table.insert(t, 1, 'y') return t" 0
                EVAL "table.foreach()" 0
                EVAL "table.foreach({})" 0
                EVAL "table.foreach(redis, 1)" 0
                EVAL "local x = string.dump()" 0
                EVAL "local x = string.dump(next)" 0
                EVAL "local x = string.dump(pairs)" 0
                EVAL "local x = string.dump(string.rep)" 0
                EVAL "local x = string.dump(pcall)" 0
                EVAL "local x = string.dump(redis.call)" 0
                EVAL "local x = string.dump(string.upper)" 0
                EVAL "local x = string.dump(getmetatable(_G).__index)" 0
                EVAL "return string.dump(__redis__err__handler) ~= nil" 0
                EVAL "loadstring()" 0
                EVAL "loadstring({})" 0
                EVAL "loadstring('x', {})" 0
                EVAL "load()" 0
                EVAL "load('x')" 0
                EVAL "load(function() return nil end, {})" 0
                EVAL "local x = string.rep()" 0
                EVAL "local x = string.rep('x')" 0
                EVAL "local x = string.rep('x', 'y')" 0
                EVAL "local x = ('x'):rep()" 0
                EVAL "local x = string.rep(12, 2) return x" 0
                EVAL "local x = string.rep('ab', '2') return x" 0
                EVAL "local t = {} next(t) next(t) next()" 0
                EVAL "local t = {} next(t) next(nil)" 0
                EVAL "local t = {} table.insert(t, 1) table.insert(t, 2) table.insert(nil, 1)" 0
                EVAL "local t = {} table.insert(t, 1) table.insert(redis, 1)" 0
                EVAL "local t = {} table.insert(t, 1) local ok = pcall(table.insert, string, 1) table.insert(t, 2) return t" 0
                EVAL "local mt = {} setmetatable({}, mt) setmetatable({}, mt) setmetatable({})" 0
                EVAL "local mt = {} setmetatable({}, mt) setmetatable(_G, mt)" 0
                EVAL "return {pcall()}" 0
                EVAL "return {pcall(nil)}" 0
                EVAL "return {pcall(error)}" 0
                EVAL "return {pcall(error, {err=1})}" 0
                EVAL "return {pcall(error, {err={}})}" 0
                EVAL "return select('#', pcall(error, {a=1}))" 0
                EVAL "local a, b, c = pcall(error, {err=true}) return {type(a), type(b), type(c)}" 0
                EVAL "local t = setmetatable({}, {__index = function() return 'via index' end}) return {pcall(error, t)}" 0
                EVAL "return {pcall(rawset)}" 0
                EVAL "return {pcall(next)}" 0
                """);
    }

    @Test
    void errorRepliesCarryRedisPositions() {
        check("""
                SET str abc
                EVAL "local function f() local x = nil; return x.y end return f()" 0
                EVAL "local a = 1\\nlocal function f()\\n  error('x')\\nend\\nf()" 0
                EVAL "local a = 1\\nlocal function f()\\n  local t = nil\\n  return t.x\\nend\\nreturn f()" 0
                EVAL "error('x')" 0
                EVAL "error('x', 0)" 0
                EVAL "error('x', 2)" 0
                EVAL "\\nlocal function f() error('x', 2) end\\nf()" 0
                EVAL "error('x', 3)" 0
                EVAL "local function f() error('x', 3) end local function g() f() end g()" 0
                EVAL "error({err='x'})" 0
                EVAL "error({err='MY x'})" 0
                EVAL "error(nil)" 0
                EVAL "error()" 0
                EVAL "error(123)" 0
                EVAL "error(true)" 0
                EVAL "error('')" 0
                EVAL "error(redis.error_reply('MY err'))" 0
                EVAL "error(redis.error_reply('x'))" 0
                EVAL "return redis.error_reply('MY err')" 0
                EVAL "local ok, e = pcall(error, 'x') error(e)" 0
                EVAL "local ok, e = pcall(function() error('x') end) error(e)" 0
                EVAL "local ok, e = pcall(function() error({err='E x'}) end) error(e)" 0
                EVAL "local ok, e = pcall(function() redis.call('nosuch') end) error(e)" 0
                EVAL "local ok, e = pcall(redis.call, 'nosuch') error(e)" 0
                EVAL "redis.call('nosuch')" 0
                EVAL "\\n\\nredis.call('get')" 0
                EVAL "redis.call('lpush', 'str', 'v')" 0
                EVAL "return redis.call('incr', 'str')" 0
                EVAL "return redis.pcall('incr', 'str')" 0
                EVAL "return error('x')" 0
                EVAL "return error({err='x'})" 0
                EVAL "local co = coroutine.create(function() error('x') end) local ok, e = coroutine.resume(co) return e" 0
                EVAL "local co = coroutine.wrap(function() error('x') end) co()" 0
                EVAL "local co = coroutine.wrap(function() local x = nil; return x.y end) co()" 0
                EVAL "local co = coroutine.create(function() redis.call('nosuch') end) local ok, e = coroutine.resume(co) return e" 0
                EVAL "local co = coroutine.create(function() redis.call('nosuch') end) local ok, e = coroutine.resume(co) error(e)" 0
                EVAL "local co = coroutine.wrap(function() redis.call('nosuch') end) co()" 0
                EVAL "local t = setmetatable({}, {__index = function() error('in meta') end}) return t.x" 0
                EVAL "local t = setmetatable({}, {__add = function() error('in add') end}) return t + 1" 0
                EVAL "local t = setmetatable({}, {__index = function() local x = nil; return x.y end}) return t.x" 0
                EVAL "local t = setmetatable({}, {__index = function() redis.call('nosuch') end}) return t.x" 0
                EVAL "return 1 + {}" 0
                EVAL "return #nil" 0
                EVAL "return ('x'):bad()" 0
                EVAL "return string.format('%d', 'x')" 0
                EVAL "return tonumber()" 0
                EVAL "return math.floor('x')" 0
                EVAL "return unpack({}, 1, 1e8)" 0
                EVAL "assert(false)" 0
                EVAL "assert(false, 'msg')" 0
                EVAL "assert(nil, {err='E z'})" 0
                EVAL "return cjson.decode('{')" 0
                EVAL "return cjson.encode(function() end)" 0
                EVAL "local x = 1\\nlocal y = 'a' .. nil" 0
                EVAL "error(string)" 0
                EVAL "error(_G)" 0
                EVAL "error(getmetatable(''))" 0
                EVAL "table.sort({3, 2, 1}, error)" 0
                EVAL "table.foreach({1}, error)" 0
                EVAL "table.foreach({'x'}, error)" 0
                EVAL "table.foreach({1}, rawset)" 0
                EVAL "table.foreach({1}, setmetatable)" 0
                EVAL "table.foreach({[redis] = 1}, table.insert)" 0
                EVAL "table.foreach({1}, next)" 0
                EVAL "string.gsub('a', 'a', error)" 0
                EVAL "string.gsub('a', 'a', string.rep)" 0
                EVAL "string.gsub('a', '(a)', function(x) error(x) end)" 0
                EVAL "table.sort({3, 2, 1}, function(a, b) return nil + 1 end)" 0
                EVAL "local t = setmetatable({}, {__index = error}) return t.x" 0
                EVAL "local t = setmetatable({}, {__index = redis.call}) return t.x" 0
                EVAL "return tostring(setmetatable({}, {__tostring = function() error('ts') end}))" 0
                EVAL "return coroutine.wrap(function() rawset(_G, 'x', 1) end)()" 0
                EVAL "return coroutine.wrap(function() _G.x = 1 end)()" 0
                EVAL "local co = coroutine.create(function() rawset(_G, 'x', 1) end) return {coroutine.resume(co)}" 0
                EVAL "local co = coroutine.create(function() string.x = 1 end) return {coroutine.resume(co)}" 0
                EVAL "return cjson.encode({a = {b = function() end}})" 0
                EVAL "local function f() return cjson.decode('[') end return f()" 0
                EVAL "return cmsgpack.unpack()" 0
                EVAL "local function f()" 0
                EVAL "return 1 +" 0
                EVAL "x x" 0
                EVAL "\\n\\nend" 0
                """);
    }

    @Test
    void functionsHaveTheSameRules() {
        String[] libraries = {
            "x = 1",
            "redis.register_function('f', function() return 1 end) x = 1",
            "redis.register_function('f', function() x = 1 end)",
            "redis.register_function('f', function() return x end)",
            "redis.register_function('f', function() _G.x = 1 end)",
            "redis.register_function('f', function() rawset(_G, 'x', 1) end)",
            "redis.register_function('f', function() return type(getmetatable(_G)) end)",
            "redis.register_function('f', function() local t = {} for k in pairs(getmetatable(_G)) do t[#t+1] = k end"
                    + " return t end)",
            "redis.register_function('f', function() setmetatable(_G, {}) end)",
            "redis.register_function('f', function() redis.call = nil end)",
            "redis.register_function('f', function() redis.x = 1 end)",
            "redis.register_function('f', function() string.upper = nil end)",
            "redis.register_function('f', function() table.insert(redis, 1) end)",
            "redis.register_function('f', function() rawset(redis, 'call', 1) end)",
            "redis.register_function('f', function() redis.register_function('g', function() end) end)",
            "redis.register_function('f', function() return type(redis.breakpoint) end)",
            "redis.register_function('f', function() return type(KEYS) end)",
            "redis.register_function('f', function() error('x') end)",
            "redis.register_function('f', function() error({err='x'}) end)",
            "redis.register_function('f', function() redis.call('nosuch') end)",
            "redis.register_function('f', function() local x = nil return x.y end)",
            "redis.register_function('f', function() print(1) end)",
            "redis.register_function('f', function() return loadstring('return redis.call(\"ping\")')() end)",
            "redis.register_function('f', function() return loadstring('x = 1')() end)",
            "redis.register_function('f', function() return {loadstring(string.dump(function() end))} end)",
            "redis.register_function('f', function() local t = {} for k in pairs(_G) do t[#t+1] = k end"
                    + " table.sort(t) return t end)",
            "redis.register_function('f', function() local t = {} for k in pairs(redis) do t[#t+1] = k end"
                    + " table.sort(t) return t end)",
            "redis.register_function('f', function() return redis.call('ping') end)",
            "redis.register_function('f', function() local t = {} for k in pairs(_G) do t[#t+1] = k end return t end)",
            "redis.register_function('f', function() local t = {} for k in pairs(redis) do t[#t+1] = k end return t"
                    + " end)",
            "local t = {} for k in pairs(_G) do t[#t+1] = k end",
            "redis.x = 1",
            "redis.log = nil",
            "rawset(redis, 'log', nil)",
            "_G.redis = nil",
            "redis.call('ping')",
            "return nosuch",
            "local x = nil + 1",
            "redis.register_function('f', function() end",
            "redis.register_function('f', function() local function g() error('deep') end g() end)",
            "redis.register_function('f', function() error('x', 0) end)",
            "redis.register_function('f', function() error(redis.error_reply('MY e')) end)",
            "redis.register_function('f', function() local ok, e = pcall(redis.call, 'nosuch') error(e) end)",
            "redis.register_function('f', function() return coroutine.wrap(function() error('co') end)() end)",
            "redis.register_function('f', function() table.sort({3, 2, 1}, error) end)",
            "redis.register_function('f', function() error(string) end)",
        };
        for (String library : libraries) {
            same("FUNCTION", "FLUSH");
            same("FUNCTION", "LOAD", "#!lua name=lib\n" + library);
            same("FCALL", "f", "0");
        }
        // a refused write in a function leaves nothing behind for EVAL scripts or other functions
        same(
                "FUNCTION",
                "LOAD",
                "REPLACE",
                "#!lua name=lib\nredis.register_function('f', function() "
                        + "pcall(function() redis.call = nil end) pcall(function() string.upper = nil end) "
                        + "return string.upper(redis.call('ping')) end)");
        same("FCALL", "f", "0");
        same("FCALL", "f", "0");
        same("EVAL", "return string.upper(redis.call('ping'))", "0");
    }

    @Test
    void sortOfASetInsideAScriptIsSorted() {
        check("""
                SADD s c a b 10 2 1
                RPUSH l c a b 10 2
                ZADD z 3 c 1 a 2 b
                SADD is 3 1 2 10
                EVAL "return redis.call('sort', 's', 'by', 'nosort')" 0
                EVAL "return redis.call('sort', 's', 'by', 'nosort', 'alpha')" 0
                EVAL "return redis.call('sort', 's', 'by', 'const')" 0
                EVAL "return redis.call('sort', 's', 'by', 'const', 'desc')" 0
                EVAL "return redis.call('sort', 's', 'by', 'nosort', 'limit', 0, 2)" 0
                EVAL "return redis.call('sort', 's', 'by', 'nosort', 'get', '#')" 0
                EVAL "return redis.call('sort', 's', 'by', 'nosort', 'get', 'x_*')" 0
                EVAL "return redis.call('sort_ro', 's', 'by', 'nosort')" 0
                EVAL "return redis.call('sort', 'is', 'by', 'nosort')" 0
                EVAL "return redis.call('sort', 'is', 'by', 'nosort', 'store', 'dst')" 0
                LRANGE dst 0 -1
                EVAL "return redis.call('sort', 'l', 'by', 'nosort')" 0
                EVAL "return redis.call('sort', 'z', 'by', 'nosort')" 0
                EVAL "return redis.call('sort', 'z', 'by', 'nosort', 'desc', 'limit', 1, 1)" 0
                EVAL "return redis.call('sort', 's')" 0
                EVAL "return redis.call('sort', 's', 'alpha')" 0
                SORT is BY nosort
                SORT l BY nosort
                """);
    }

    @Test
    void disableDenyScripts() {
        check("""
                EVAL "return redis.call('debug', 'protocol', 'bignum')" 0
                EVAL "return redis.call('config', 'get', 'maxmemory')" 0
                DEBUG SET-DISABLE-DENY-SCRIPTS
                DEBUG SET-DISABLE-DENY-SCRIPTS 1 2
                DEBUG SET-DISABLE-DENY-SCRIPTS 1
                EVAL "return redis.call('debug', 'protocol', 'bignum')" 0
                EVAL "return redis.call('debug', 'protocol', 'attrib')" 0
                EVAL "redis.setresp(3) return redis.call('debug', 'protocol', 'bignum')" 0
                EVAL "return redis.call('config', 'get', 'maxmemory')" 0
                EVAL "return redis.call('watch', 'x')" 0
                EVAL "return redis.call('unwatch')" 0
                EVAL "return redis.call('auth', 'x')" 0
                EVAL "return redis.call('exec')" 0
                EVAL "return redis.call('discard')" 0
                EVAL "return redis.call('blpop', 'x', 0)" 0
                EVAL "return redis.call('subscribe', 'x')" 0
                EVAL "return redis.call('psubscribe', 'x')" 0
                EVAL "return redis.call('ssubscribe', 'x')" 0
                DEBUG SET-DISABLE-DENY-SCRIPTS 0
                EVAL "return redis.call('debug', 'protocol', 'bignum')" 0
                DEBUG SET-DISABLE-DENY-SCRIPTS x
                EVAL "return redis.call('debug', 'protocol', 'bignum')" 0
                DEBUG SET-DISABLE-DENY-SCRIPTS -1
                EVAL "return redis.call('debug', 'protocol', 'bignum')" 0
                """);
        // EVAL, FCALL, SCRIPT and FUNCTION stay refused inside a script: Redis crashes running them there
        RespReply refused = actual.call("EVAL", "return redis.call('eval', 'return 1', 0)", "0");
        assertThat(refused.toString()).contains("ERR This Redis command is not allowed from script");
        assertThat(actual.call("EVAL", "return redis.call('script', 'flush')", "0")
                        .toString())
                .contains("ERR This Redis command is not allowed from script");
        assertThat(actual.call("EVAL", "return redis.call('function', 'flush')", "0")
                        .toString())
                .contains("ERR This Redis command is not allowed from script");
    }

    @Test
    void scriptDebug() {
        check("""
                SCRIPT DEBUG NO
                SCRIPT DEBUG no
                SCRIPT DEBUG bad
                SCRIPT DEBUG
                SCRIPT DEBUG NO extra
                MULTI
                SCRIPT DEBUG NO
                SCRIPT DEBUG YES
                SCRIPT DEBUG bad
                EXEC
                SCRIPT HELP
                EVAL "return redis.call('script', 'debug', 'no')" 0
                """);
        assertThat(pipelined(expected)).isEqualTo(pipelined(actual));
        // no Lua debugger: YES and SYNC say so instead of answering OK (Redis would start a debugging session)
        assertThat(actual.call("SCRIPT", "DEBUG", "YES").toString())
                .contains("ERR SCRIPT DEBUG YES/SYNC is not supported: mini-redis has no Lua debugger (LDB)");
        assertThat(actual.call("SCRIPT", "DEBUG", "SYNC").toString())
                .contains("ERR SCRIPT DEBUG YES/SYNC is not supported: mini-redis has no Lua debugger (LDB)");
        assertThat(actual.call("EVAL", "return 1", "0").toString()).contains("1");
    }

    /** PING then three SCRIPT DEBUG in one write: each must see the replies pending before it. */
    private static String pipelined(RespClient client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] command : new String[][] {
            {"PING"}, {"SCRIPT", "DEBUG", "NO"}, {"SCRIPT", "DEBUG", "bad"}, {"SCRIPT", "DEBUG", "NO"}
        }) {
            byte[][] args = new byte[command.length][];
            for (int i = 0; i < command.length; i++) {
                args[i] = command[i].getBytes(StandardCharsets.UTF_8);
            }
            out.writeBytes(RespClient.encode(args));
        }
        client.send(out.toByteArray());
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            replies.append(client.read()).append('\n');
        }
        return replies.toString();
    }
}
