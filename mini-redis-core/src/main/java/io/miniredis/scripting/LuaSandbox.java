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
 *   <li>{@code string.find}, {@code match}, {@code gmatch} and {@code gsub} are {@link LuaPatternLibrary}'s, whose
 *   matching can be interrupted (Lua's own runs in one C call that no hook reaches).</li>
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
            local newproxy_ = newproxy
            local keep = {ARGV=1, KEYS=1, _G=1, _VERSION=1, assert=1, bit=1, cjson=1, cmsgpack=1,
                collectgarbage=1, coroutine=1, error=1, gcinfo=1, getmetatable=1, ipairs=1, load=1, loadstring=1,
                math=1, next=1, pairs=1, pcall=1, rawequal=1, rawget=1, rawset=1, redis=1, select=1,
                setmetatable=1, string=1, struct=1, table=1, tonumber=1, tostring=1, type=1, unpack=1, xpcall=1}
            local drop = {}
            for name in pairs(G) do if not keep[name] then drop[#drop + 1] = name end end
            for _, name in ipairs(drop) do G[name] = nil end
            G.KEYS = {}
            G.ARGV = {}
            """ + LuaCodecs.SOURCE + """

            local function fix_pcall(ok, ...)
                if not ok then
                    local e = ...
                    if type(e) == 'table' and rawget(e, 'err') ~= nil then return false, rawget(e, 'err') end
                end
                return ok, ...
            end
            G.pcall = function(...) return fix_pcall(base_pcall(...)) end

            -- an error a gsub callback raised, and where (see the string patterns below)
            local located, raised, raised_at, gsub_, rawequal_ = false, nil, nil, nil, rawequal
            G.__redis__err__handler = function(err)
                local level = 2
                local i = getinfo(level, 'nSl')
                while i and (i.what == 'C' or i.source == '=sandbox') do
                    level = level + 1
                    i = getinfo(level, 'nSl')
                end
                local raiser = getinfo(2, 'f')
                if located and raiser and raiser.func == gsub_ and rawequal_(err, raised) then i = raised_at end
                located, raised, raised_at = false, nil, nil
                if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end
                if i then
                    err['source'] = i.source
                    err['line'] = i.currentline
                end
                return err
            end

            -- string.find/match/gmatch/gsub run in Java (LuaPatternLibrary), where a runaway pattern can be
            -- interrupted. An error in a gsub callback is caught there and raised again by gsub; the handler of that
            -- call notes where it was first raised (unless gsub raised it, passing on an inner gsub's), for
            -- __redis__err__handler to report that line, as with Lua's gsub, when gsub is what raised its error.
            local patterns = java.patterns
            gsub_ = patterns.gsub
            patterns.set_helpers(function(err)
                local raiser = getinfo(2, 'f')
                if not (located and raiser and raiser.func == gsub_ and rawequal_(err, raised)) then
                    local level = 2
                    local i = getinfo(level, 'nSl')
                    while i and (i.what == 'C' or i.source == '=sandbox') do
                        level = level + 1
                        i = getinfo(level, 'nSl')
                    end
                    located, raised, raised_at = true, err, i
                end
                return err
            end, function(t, k) return t[k] end)
            string.find, string.match, string.gmatch, string.gsub =
                patterns.find, patterns.match, patterns.gmatch, patterns.gsub

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

            -- ---- Redis 7 functions (FUNCTION LOAD / FCALL): see FunctionLibraries
            local ipairs_, next_, tostring_, sfind, slower = ipairs, next, tostring, string.find, string.lower
            local function fail(text) error({err = text}) end
            local function missing(t, k)
                error("Script attempted to access nonexistent global variable '" .. tostring_(k) .. "'", 2)
            end
            -- what a function sees while it runs: Redis's globals without KEYS/ARGV, a redis table without the
            -- EVAL-only debugging and replication calls
            local FR = {}
            local eval_only = {breakpoint = 1, debug = 1, replicate_commands = 1}
            for k, v in next_, G.redis do if not eval_only[k] then FR[k] = v end end
            setmetatable(FR, {__newindex = readonly})
            local FG = {}
            local not_in_functions = {KEYS = 1, ARGV = 1, __redis__err__handler = 1, __jthrowable__ = 1}
            for k, v in next_, G do if not not_in_functions[k] then FG[k] = v end end
            FG.redis = FR
            FG._G = FG
            setmetatable(FG, {__index = missing, __newindex = readonly})

            local loading, loading_names
            local known_flags = {['no-writes'] = 1, ['allow-oom'] = 1, ['allow-stale'] = 1, ['no-cluster'] = 1,
                ['allow-cross-slot-keys'] = 1}
            local function is_text(v) local t = type(v) return t == 'string' or t == 'number' end
            local function register(...)
                if not loading then fail('ERR redis.register_function can only be called on FUNCTION LOAD command') end
                local n = select('#', ...)
                local name, callback, flags, description
                if n == 1 then
                    local args = ...
                    if type(args) ~= 'table' then
                        fail('ERR calling redis.register_function with a single argument is only applicable to '
                            .. 'Lua table (representing named arguments).')
                    end
                    for k, v in next_, args do
                        if k == 'function_name' then
                            if not is_text(v) then
                                fail('ERR function_name argument given to redis.register_function must be a string')
                            end
                            name = tostring_(v)
                        elseif k == 'callback' then
                            if type(v) ~= 'function' then
                                fail('ERR callback argument given to redis.register_function must be a function')
                            end
                            callback = v
                        elseif k == 'flags' then
                            if type(v) ~= 'table' then
                                fail('ERR flags argument to redis.register_function must be a table representing '
                                    .. 'function flags')
                            end
                            flags = {}
                            for _, flag in ipairs_(v) do
                                if type(flag) ~= 'string' or not known_flags[flag] then fail('ERR unknown flag given') end
                                flags[flag] = true
                            end
                        elseif k == 'description' then
                            if not is_text(v) then
                                fail('ERR description argument given to redis.register_function must be a string')
                            end
                            description = tostring_(v)
                        else
                            fail('ERR unknown argument given to redis.register_function')
                        end
                    end
                    if name == nil then fail('ERR redis.register_function must get a function name argument') end
                    if callback == nil then fail('ERR redis.register_function must get a callback argument') end
                elseif n == 2 then
                    local first, second = ...
                    if not is_text(first) then fail('ERR first argument to redis.register_function must be a string') end
                    if type(second) ~= 'function' then
                        fail('ERR second argument to redis.register_function must be a function')
                    end
                    name, callback = tostring_(first), second
                else
                    fail('ERR wrong number of arguments to redis.register_function')
                end
                if #name == 0 or sfind(name, '[^%w_]') then
                    fail('ERR Library names can only contain letters, numbers, or underscores(_) and must be at '
                        .. 'least one character long')
                end
                if loading_names[name] then fail('ERR Function already exists in the library') end
                loading_names[name] = true
                loading[#loading + 1] = {name = name, callback = callback, flags = flags or {},
                    description = description}
            end
            -- what a library's code sees while FUNCTION LOAD runs it: only redis.register_function, redis.log and
            -- the constants; anything else is a nonexistent global
            local LR = {register_function = register, log = G.redis.log, REDIS_VERSION = G.redis.REDIS_VERSION,
                REDIS_VERSION_NUM = G.redis.REDIS_VERSION_NUM, LOG_DEBUG = G.redis.LOG_DEBUG,
                LOG_VERBOSE = G.redis.LOG_VERBOSE, LOG_NOTICE = G.redis.LOG_NOTICE, LOG_WARNING = G.redis.LOG_WARNING}
            setmetatable(LR, {__index = missing, __newindex = readonly})
            local LG = setmetatable({redis = LR}, {__index = missing, __newindex = readonly})
            local handler = G.__redis__err__handler
            -- returns 'ok', the registered functions | 'compile', error text | 'run', error text
            internals.load_functions = function(body)
                local f, err = loadstring(body, '@user_function')
                if not f then return 'compile', err end
                -- one environment per library, seen by the code and every closure it makes: the load-time view
                -- while loading, the run-time view once loaded
                local mt = {__index = LG, __newindex = readonly}
                setfenv(f, setmetatable({}, mt))
                loading, loading_names = {}, {}
                local ok, e = xpcall(f, handler)
                local registered = loading
                loading, loading_names = nil, nil
                if not ok then
                    if type(e) == 'table' then e = rawget(e, 'err') end
                    return 'run', tostring_(e)
                end
                mt.__index = FG
                return 'ok', registered
            end
            sethook(java.hook, '', java.hook_period)
            return internals
            """;
}
