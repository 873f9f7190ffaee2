package io.miniredis.scripting;

/**
 * The Lua code that turns a fresh Lua 5.1 state into Redis 7.0's script environment. It runs once, with the Java
 * functions in a temporary global {@code __mr_java}, and returns the internal functions Java keeps in the registry.
 *
 * <ul>
 *   <li>Only Redis's globals stay: no {@code os}, {@code io}, {@code package}, {@code require}, {@code loadfile},
 *   {@code dofile}, {@code print}, {@code debug}, {@code setfenv}, {@code getfenv}, {@code newproxy}, {@code
 *   module}, and nothing of LuaJava's.</li>
 *   <li>Reading a missing global fails with "Script attempted to access nonexistent global variable"; creating one
 *   with "Attempt to modify a readonly table". Redis 7.0 patches Lua with read-only tables; plain Lua cannot, so
 *   scripts run with an empty environment table whose writes fail and whose reads fall through to the globals, and
 *   library tables refuse new fields. (Overwriting an existing field of a library table is not caught.)</li>
 *   <li>{@code pcall} hands back the text of an error table ({@code {err=...}}, what redis.call raises), as Redis
 *   7.0's does; {@code __redis__err__handler} adds the failing script line to an error.</li>
 *   <li>{@code string.rep} refuses a result over the Lua memory limit before allocating it.</li>
 * </ul>
 */
final class LuaSandbox {

    private LuaSandbox() {
    }

    static final String PRELUDE = """
            local java = __mr_java
            rawset(_G, '__mr_java', nil)
            local G = _G
            local getinfo, sethook = debug.getinfo, debug.sethook
            local setfenv, loadstring, setmetatable, rawget, rawset, type, tostring, error, select =
                  setfenv, loadstring, setmetatable, rawget, rawset, type, tostring, error, select
            local base_pcall = pcall
            local keep = {ARGV=1, KEYS=1, _G=1, _VERSION=1, assert=1, bit=1, cjson=1, cmsgpack=1,
                collectgarbage=1, coroutine=1, error=1, gcinfo=1, getmetatable=1, ipairs=1, load=1, loadstring=1,
                math=1, next=1, pairs=1, pcall=1, rawequal=1, rawget=1, rawset=1, redis=1, select=1,
                setmetatable=1, string=1, struct=1, table=1, tonumber=1, tostring=1, type=1, unpack=1, xpcall=1}
            local drop = {}
            for name in pairs(G) do if not keep[name] then drop[#drop + 1] = name end end
            for _, name in ipairs(drop) do G[name] = nil end
            G.KEYS = {}
            G.ARGV = {}

            local function fix_pcall(ok, ...)
                if not ok then
                    local e = ...
                    if type(e) == 'table' and rawget(e, 'err') ~= nil then return false, rawget(e, 'err') end
                end
                return ok, ...
            end
            G.pcall = function(...) return fix_pcall(base_pcall(...)) end

            G.__redis__err__handler = function(err)
                local level = 2
                local i = getinfo(level, 'nSl')
                while i and (i.what == 'C' or i.source == '=sandbox') do
                    level = level + 1
                    i = getinfo(level, 'nSl')
                end
                if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end
                if i then
                    err['source'] = i.source
                    err['line'] = i.currentline
                end
                return err
            end

            local rep = string.rep
            local limit = java.memory_limit
            string.rep = function(s, n)
                if type(s) == 'string' and type(n) == 'number' and #s * n > limit then
                    error('string.rep: result too large', 2)
                end
                return rep(s, n)
            end

            local function readonly() error('Attempt to modify a readonly table', 2) end
            for _, lib in ipairs({string, table, math, coroutine, redis, bit, cjson, struct, cmsgpack}) do
                setmetatable(lib, {__newindex = readonly})
            end
            setmetatable(G, {
                __index = function(t, k)
                    error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
                end,
                __newindex = function(t, k, v)
                    -- LuaJava clears this global after every Java call; everything else is refused
                    if k == '__jthrowable__' then rawset(t, k, v) return end
                    error('Attempt to modify a readonly table', 2)
                end})
            local ENV = setmetatable({}, {__index = G, __newindex = readonly})

            local internals = {}
            internals.handler = G.__redis__err__handler
            internals.compile = function(body, name)
                local f, err = loadstring(body, name)
                if not f then return nil, err end
                setfenv(f, ENV)
                return f
            end
            internals.load_library = function(body, name, env)
                local f, err = loadstring(body, name)
                if not f then return nil, err end
                setfenv(f, env)
                return f
            end
            internals.globals = G
            sethook(java.hook, '', java.hook_period)
            return internals
            """;
}
