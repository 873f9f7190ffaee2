package io.miniredis.scripting;

/**
 * The Lua code that turns a fresh Lua 5.1 state into Redis 7.0's script environment. It runs once, with the Java
 * functions in a temporary global {@code __mr_java}, and returns the internal functions Java keeps in the registry.
 *
 * <ul>
 *   <li>Only Redis's globals are visible: no {@code os}, {@code io}, {@code package}, {@code require}, {@code
 *   loadfile}, {@code dofile}, {@code print}, {@code debug}, {@code setfenv}, {@code getfenv}, {@code newproxy},
 *   {@code module}, and nothing of LuaJava's.</li>
 *   <li>Read-only tables, as Redis 7.0's patched Lua has them. Plain Lua 5.1 cannot refuse the overwrite of an
 *   existing field ({@code __newindex} only sees new ones), and the native library must stay the portable one, so
 *   scripts never hold the real tables: they get <em>views</em>, empty tables whose metatable reads through to the
 *   real table ({@code __index} is the table itself: one more hash lookup, no function call) and refuses every write
 *   ({@code __newindex}). The globals, {@code redis}, {@code string}, {@code table}, {@code math}, {@code
 *   coroutine}, {@code bit}, {@code cjson}, {@code struct}, {@code cmsgpack}, the globals' metatable and the string
 *   metatable are seen this way. The functions that see past metatables are replaced by Lua versions that know the
 *   views: {@code rawget}, {@code next}, {@code pairs}, {@code table.foreach} read the real table; {@code rawset},
 *   {@code setmetatable}, {@code table.insert} refuse to write a view; {@code getmetatable} answers nil where Redis's
 *   table has no metatable. Their argument errors are written as the C function's would be (message, name as the
 *   caller wrote it, the caller's line), and the read-only error of a write "from C" carries no position, as in
 *   Redis. One Lua state serves every script, so this is what keeps a script from changing the next one's world.</li>
 *   <li>The real global table of the state is private: LuaJava writes {@code __jthrowable__} there after every Java
 *   call. Code that {@code loadstring} / {@code load} compiles gets its caller's sandbox environment, and binary
 *   (precompiled) chunks are refused with the error Redis's Lua gives them.</li>
 *   <li>{@code pcall} hands back the text of an error table ({@code {err=...}}, what redis.call raises), as Redis
 *   7.0's does; {@code __redis__err__handler} adds the failing script line to an error.</li>
 *   <li>{@code string.rep} refuses a result over the Lua memory limit before allocating it.</li>
 *   <li>{@code string.find}, {@code match}, {@code gmatch} and {@code gsub} are {@link LuaPatternLibrary}'s, whose
 *   matching can be interrupted (Lua's own runs in one C call that no hook reaches).</li>
 * </ul>
 */
final class LuaSandbox {

    private LuaSandbox() {}

    static final String PRELUDE = """
            local java = __mr_java
            rawset(_G, '__mr_java', nil)
            local G = _G
            local getinfo, sethook, gethook = debug.getinfo, debug.sethook, debug.gethook
            local setfenv, loadstring, setmetatable, rawget, rawset, type, tostring, error, select =
                  setfenv, loadstring, setmetatable, rawget, rawset, type, tostring, error, select
            local base_pcall = pcall
            local newproxy_ = newproxy
            local getfenv, debug_getmetatable = getfenv, debug.getmetatable
            -- the read-only views (see "read-only tables" below): the real table behind each view, and the
            -- __metatable of a view whose table has no metatable in Redis (getmetatable answers nil for it)
            local real_of, HIDDEN = {}, {}
            -- C functions put in front of sandbox Lua functions (coroutine.wrap's), which error positions count as
            -- one C frame with them, as cjson's trampolines (see is_trampoline)
            local c_wrap, wrappers = G.cjson.wrap, setmetatable({}, {__mode = 'k'})
            -- The Lua functions that stand for C ones raise an argument error as luaL_argerror would in the C
            -- function: named as the caller wrote the call, at the caller's line. When the caller tail-called it, Lua
            -- 5.1 has lost the caller's frame (its line, the name it used): the C function's usual name stands in.
            -- Level 3 is the function calling badarg / typeerror (which never tail-call raise_badarg, and are never
            -- tail-called themselves: each call is a statement of its own).
            local function raise_badarg(narg, extramsg, usual_name)
                local ar = getinfo(3, 'n')
                local name = ar.name
                if name == nil and getinfo(4, 'S').what == 'tail' then name = usual_name end
                if ar.namewhat == 'method' then
                    narg = narg - 1
                    if narg == 0 then
                        error("calling '" .. tostring(name) .. "' on bad self (" .. extramsg .. ')', 4)
                    end
                end
                error('bad argument #' .. narg .. " to '" .. (name or '?') .. "' (" .. extramsg .. ')', 4)
            end
            local function badarg(narg, extramsg, usual_name)
                raise_badarg(narg, extramsg, usual_name)
            end
            -- "<tname> expected, got <type>" for argument narg of n given
            local function typeerror(narg, tname, n, v, usual_name)
                raise_badarg(narg, tname .. ' expected, got ' .. (narg > n and 'no value' or type(v)), usual_name)
            end
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
                    if type(e) == 'table' then
                        -- Redis's pcall replaces the table with its err when that is a string; otherwise it leaves
                        -- what it read on its stack, so the err field comes back as a third value
                        local text = e.err
                        local t = type(text)
                        if t == 'string' or t == 'number' then return false, text end
                        return false, e, text
                    end
                end
                return ok, ...
            end
            G.pcall = function(...)
                -- Redis's pcall then calls the placeholder it put before the arguments for its result
                if select('#', ...) == 0 then return false, 'attempt to call a boolean value' end
                return fix_pcall(base_pcall(...))
            end

            -- The frame an error is reported at ("on <source>:<line>."), picked as Redis's handler picks it: the
            -- function that raised the error or, when that is a C function, its caller (a C one too: "=[C]:-1").
            -- The sandbox's Lua functions stand for C functions: a run of their frames, with the C function they
            -- called (below) and the C trampoline that called them (above: cjson's and cmsgpack's functions, see
            -- Scripting#trampolines), counts as one C frame. Levels are frame_at's: 2 is error_frame, 3 the
            -- handler, 4 the function that raised the error.
            local C_FRAME = {source = '=[C]', currentline = -1, what = 'C'}
            -- an error a gsub callback raised, and where (see the string patterns below)
            local located, raised, raised_at, gsub_, rawequal_ = false, nil, nil, nil, rawequal
            local trampolines
            local function is_trampoline(level)
                if not trampolines then -- the first error: Java has put the trampolines in place by now
                    trampolines = {}
                    for _, lib in ipairs({G.cjson, G.cmsgpack}) do
                        for _, f in next, lib do trampolines[f] = true end
                    end
                end
                local f = getinfo(level + 1, 'f').func -- level + 1: as seen from frame_at
                return trampolines[f] == true or wrappers[f] == true
            end
            local function frame_at(level)
                local i = getinfo(level, 'Sl')
                if i == nil then return nil, level end
                local sandbox = i.source == '=sandbox'
                if not sandbox and i.what == 'C' then
                    local above = getinfo(level + 1, 'S')
                    sandbox = above ~= nil and above.source == '=sandbox'
                end
                if not sandbox then return i, level + 1 end
                if i.what == 'C' then level = level + 1 end
                local j = getinfo(level, 'S')
                while j and j.source == '=sandbox' do
                    level = level + 1
                    j = getinfo(level, 'S')
                end
                if j and j.what == 'C' and is_trampoline(level) then level = level + 1 end
                return C_FRAME, level
            end
            local function error_frame(err)
                -- gsub raising again the error its callback raised: reported where the callback raised it
                local raiser = getinfo(3, 'f')
                local noted = located and raiser and raiser.func == gsub_ and rawequal_(err, raised) and raised_at
                located, raised, raised_at = false, nil, nil
                if noted then return noted end
                local i, level = frame_at(4)
                if i and i.what == 'C' then i = frame_at(level) end
                -- a 'tail' level is what is left of a script frame that tail-called a sandbox function: no line
                if i and i.what == 'tail' then return nil end
                return i
            end
            -- The handler is a chunk of its own, named and laid out so that an error it hits itself reads as in
            -- Redis: error(string) makes it write a field of a read-only table, at err_handler_def:10.
            G.__redis__err__handler = loadstring([[
            local error_frame = ...
            return function(err)
              local i = error_frame(err)
              if type(err) ~= 'table' then
                err = {err = 'ERR ' .. tostring(err)}
              end
              if i then
                -- the next line is line 10: where Redis's handler fails on a
                -- table that refuses new fields
                err['source'] = i.source
                err['line'] = i.currentline
              end
              return err
            end]], '@err_handler_def')(error_frame)

            -- string.find/match/gmatch/gsub run in Java (LuaPatternLibrary), where a runaway pattern can be
            -- interrupted. An error in a gsub callback is caught there and raised again by gsub; the handler of that
            -- call notes where it was first raised (unless gsub raised it, passing on an inner gsub's), for
            -- __redis__err__handler to report that line, as with Lua's gsub, when gsub is what raised its error.
            local patterns = java.patterns
            gsub_ = patterns.gsub
            patterns.set_helpers(function(err)
                local raiser = getinfo(2, 'f')
                if not (located and raiser and raiser.func == gsub_ and rawequal_(err, raised)) then
                    local i, level = frame_at(3) -- as error_frame sees the function that raised it
                    if i and i.what == 'C' then i = frame_at(level) end
                    if i and i.what == 'tail' then i = nil end
                    located, raised, raised_at = true, err, i
                end
                return err
            end, function(t, k) return t[k] end)
            string.find, string.match, string.gmatch, string.gsub =
                patterns.find, patterns.match, patterns.gmatch, patterns.gsub

            local rep = string.rep
            local limit = java.memory_limit
            string.rep = function(...)
                local s, n = ...
                local ts = type(s)
                if ts ~= 'string' and ts ~= 'number' then typeerror(1, 'string', select('#', ...), s, 'rep') end
                local count = tonumber(n)
                if count == nil then typeerror(2, 'number', select('#', ...), n, 'rep') end
                if count > 0 and (ts == 'string' and #s or #tostring(s)) * count > limit then
                    error('string.rep: result too large', 2)
                end
                return rep(s, n)
            end

            -- ---- the count hook, and a stop no script can catch (see Scripting.hook)
            -- Every HOOK_PERIOD instructions the hook asks Java; an answer is the error that must end the script.
            -- From then on this Lua thread raises it before every instruction: a pcall that catches it returns
            -- into code that raises it again, an error handler that loops fails with it ("error in error
            -- handling"), so it reaches the top. The sandbox's own code is let through (the error handler, so that
            -- the reply still names the script line, and what returns into the script). Coroutines get the hook of
            -- the thread that creates them.
            local java_hook, period = java.hook, java.hook_period
            local stop_text
            local function stopped_hook()
                local i = getinfo(2, 'S')
                -- the error handler, and the sandbox's code that returns into the script
                if i and (i.source == '=sandbox' or i.source == '@err_handler_def') then return end
                error({err = stop_text})
            end
            local function hook()
                local stop = java_hook()
                if stop then
                    stop_text = stop
                    sethook(stopped_hook, '', 1)
                    error({err = stop})
                end
            end
            -- A user's error handler would run with hooks off when the stop is raised from the hook, so after a
            -- stop it is skipped: the stop error goes through unchanged.
            local base_xpcall = xpcall
            G.xpcall = function(f, h)
                return base_xpcall(f, function(e)
                    if stop_text then return e end
                    return h(e)
                end)
            end
            -- A coroutine gets the hook of its creator; and each creation asks Java too, since a script that keeps
            -- spawning coroutines may run few instructions in each.
            local co = {create = coroutine.create, resume = coroutine.resume}
            coroutine.create = function(f)
                if type(f) ~= 'function' then error("bad argument #1 to 'create' (Lua function expected)", 2) end
                local stop = stop_text or java_hook()
                if stop then
                    stop_text = stop
                    sethook(stopped_hook, '', 1)
                    error({err = stop})
                end
                local thread = co.create(f)
                sethook(thread, gethook())
                return thread
            end
            local create = coroutine.create
            local function packed(...) return {n = select('#', ...), ...} end
            -- as the C auxwrap: results, or the error with the caller's position before a string
            coroutine.wrap = function(f)
                if type(f) ~= 'function' then error("bad argument #1 to 'wrap' (Lua function expected)", 2) end
                local thread = create(f)
                -- a C function in front, as auxwrap is one: a script's `return co()` keeps the script's frame
                local wrapper = c_wrap(function(...)
                    local results = packed(co.resume(thread, ...))
                    if results[1] then return unpack(results, 2, results.n) end
                    local e = results[2]
                    if type(e) == 'string' then
                        local i = getinfo(3, 'Sl') -- 1 this function, 2 the C wrapper, 3 its caller
                        if i and i.currentline > 0 then e = i.short_src .. ':' .. i.currentline .. ': ' .. e end
                    end
                    error(e, 0)
                end)
                wrappers[wrapper] = true
                return wrapper
            end

            -- ---- read-only tables (see the class comment)
            local READONLY = 'Attempt to modify a readonly table'
            local function readonly() error(READONLY, 2) end
            local function view(real, shown_metatable)
                local v = setmetatable({}, {__index = real, __newindex = readonly,
                    __metatable = shown_metatable or HIDDEN})
                real_of[v] = real
                return v
            end
            local raw_next, raw_getmetatable, raw_insert, raw_foreach, raw_load, raw_dump =
                next, getmetatable, table.insert, table.foreach, load, string.dump
            local sbyte, ssub, tonumber = string.byte, string.sub, tonumber
            -- the sandbox's Lua functions standing for C functions: string.dump refuses them as it refuses those
            local c_functions = {[G.pcall] = true, [string.rep] = true}

            -- The last plain table (not a view) a hot function was given, weakly held: a loop appending to one table
            -- or walking it checks its type once (type() is a C call, about as dear as the function itself).
            local last_plain = setmetatable({}, {__mode = 'v'})
            local function view_next(...)
                local t, k = ...
                if t == nil or t ~= last_plain[1] then -- (a collected entry reads nil)
                    local real = real_of[t]
                    if real then return raw_next(real, k) end
                    if type(t) ~= 'table' then typeerror(1, 'table', select('#', ...), t, 'next') end
                    last_plain[1] = t
                end
                return raw_next(t, k)
            end
            -- as in Lua 5.1, the iterator pairs returns is not the global next (a closure of its own there): plain
            -- tables get the C next, iterating at full speed
            local function pairs_next(t, k)
                return raw_next(real_of[t] or t, k)
            end
            local function view_pairs(...)
                local t = ...
                if type(t) ~= 'table' then typeerror(1, 'table', select('#', ...), t, 'pairs') end
                if real_of[t] then return pairs_next, t, nil end
                return raw_next, t, nil
            end
            local function view_rawget(...)
                local t, k = ...
                local n = select('#', ...)
                if type(t) ~= 'table' then typeerror(1, 'table', n, t, 'rawget') end
                if n < 2 then badarg(2, 'value expected', 'rawget') end
                return rawget(real_of[t] or t, k)
            end
            -- Redis refuses these writes inside the C function: no position in the message
            local function view_rawset(...)
                local t, k, v = ...
                local n = select('#', ...)
                if type(t) ~= 'table' then typeerror(1, 'table', n, t, 'rawset') end
                if n < 2 then badarg(2, 'value expected', 'rawset') end
                if n < 3 then badarg(3, 'value expected', 'rawset') end
                if real_of[t] then error(READONLY, 0) end
                return rawset(t, k, v)
            end
            local function view_getmetatable(...)
                if select('#', ...) == 0 then badarg(1, 'value expected', 'getmetatable') end
                local mt = raw_getmetatable((...))
                if mt == HIDDEN then return nil end
                return mt
            end
            local checked_metatable = setmetatable({}, {__mode = 'v'}) -- the last one found to be a table
            local function view_setmetatable(...)
                local t, mt = ...
                if type(t) ~= 'table' then typeerror(1, 'table', select('#', ...), t, 'setmetatable') end
                if mt == nil or mt ~= checked_metatable[1] then
                    if mt == nil then
                        if select('#', ...) < 2 then badarg(2, 'nil or table expected', 'setmetatable') end
                    elseif type(mt) ~= 'table' then
                        badarg(2, 'nil or table expected', 'setmetatable')
                    else
                        checked_metatable[1] = mt
                    end
                end
                if real_of[t] then error(READONLY, 0) end
                local old = debug_getmetatable(t)
                if old and rawget(old, '__metatable') ~= nil then error('cannot change a protected metatable', 2) end
                return setmetatable(t, mt)
            end
            -- table.insert is the hot one (the idiom for appending): one argument count, one lookup
            local function view_insert(...)
                local n = select('#', ...)
                local t, pos, v = ...
                if n == 2 and t ~= nil and t == last_plain[1] then return raw_insert(t, pos) end
                if type(t) ~= 'table' then typeerror(1, 'table', n, t, 'insert') end
                if n == 2 then
                    if real_of[t] then error(READONLY, 0) end
                    last_plain[1] = t
                    return raw_insert(t, pos)
                end
                if n ~= 3 then error("wrong number of arguments to 'insert'", 2) end
                if tonumber(pos) == nil then typeerror(2, 'number', 2, pos, 'insert') end
                if real_of[t] then error(READONLY, 0) end
                return raw_insert(t, pos, v)
            end
            local function view_foreach(...)
                local t, f = ...
                local n = select('#', ...)
                if type(t) ~= 'table' then typeerror(1, 'table', n, t, 'foreach') end
                if type(f) ~= 'function' then typeerror(2, 'function', n, f, 'foreach') end
                return raw_foreach(real_of[t] or t, f)
            end
            local function view_dump(...)
                local f = ...
                if type(f) ~= 'function' then typeerror(1, 'function', select('#', ...), f, 'dump') end
                if c_functions[f] or getinfo(f, 'S').what == 'C' then error('unable to dump given function', 2) end
                return raw_dump(f)
            end

            -- Code compiled by loadstring / load runs in the environment of the script or library that compiled
            -- it (the state's own global table is not for scripts): the first Lua caller with a sandbox environment.
            local envs = setmetatable({}, {__mode = 'k'})
            local function caller_env()
                local level = 3
                while true do
                    local info = getinfo(level, 'f')
                    if not info then return nil end
                    local env = info.func and getfenv(info.func)
                    if envs[env] then return env end
                    level = level + 1
                end
            end
            -- Redis's Lua has no undump: a binary chunk goes to the parser as text, which stops at its first byte
            local function binary_refused(chunkname)
                local _, msg = loadstring(')', chunkname)
                return ssub(msg, 1, -27) .. "unexpected symbol near 'char(27)'" -- replaces "unexpected symbol near ')'"
            end
            local function view_loadstring(...)
                local s, name = ...
                local n = select('#', ...)
                local t = type(s)
                if t ~= 'string' and t ~= 'number' then typeerror(1, 'string', n, s, 'loadstring') end
                if name ~= nil then
                    t = type(name)
                    if t ~= 'string' and t ~= 'number' then typeerror(2, 'string', 2, name, 'loadstring') end
                end
                if sbyte(s, 1) == 27 then return nil, binary_refused(name or s) end
                local f, err = loadstring(s, name)
                if not f then return nil, err end
                local env = caller_env()
                if env then setfenv(f, env) end
                return f
            end
            local function view_load(...)
                local reader, name = ...
                local n = select('#', ...)
                if type(reader) ~= 'function' then typeerror(1, 'function', n, reader, 'load') end
                if name == nil then
                    name = '=(load)'
                else
                    local t = type(name)
                    if t ~= 'string' and t ~= 'number' then typeerror(2, 'string', 2, name, 'load') end
                end
                -- load's own reader raises at its caller's line
                local info = getinfo(2, 'Sl')
                local where = ''
                if info and info.currentline > 0 then where = info.short_src .. ':' .. info.currentline .. ': ' end
                local first = true
                local f, err = raw_load(function()
                    local piece = reader()
                    if piece == nil then return nil end
                    local t = type(piece)
                    if t ~= 'string' and t ~= 'number' then
                        error(where .. 'reader function must return a string', 0)
                    end
                    if first and piece ~= '' then
                        first = false
                        if sbyte(piece, 1) == 27 then error(binary_refused(name), 0) end
                    end
                    return piece
                end, name)
                if not f then return nil, err end
                local env = caller_env()
                if env then setfenv(f, env) end
                return f
            end
            table.insert, table.foreach, string.dump = view_insert, view_foreach, view_dump

            -- ---- iteration orders
            -- pairs() walks a table's hash part in slot order, which follows from the order its keys went in (and
            -- from keys since removed, whose slots stay taken). These orders, found by replaying Lua 5.1's table
            -- insertion against the pairs() order of Redis 7.0.15's tables, give the globals, redis and cjson
            -- tables Redis's iteration order; 'gone' keys go in and out again, as those Redis removes.
            local function table_in_order(keys, gone)
                local fields = {}
                for i, k in ipairs(keys) do fields[i] = '[' .. string.format('%q', k) .. ']=true' end
                local t = loadstring('return {' .. table.concat(fields, ',') .. '}')() -- a constructor: no rehash
                for _, k in ipairs(gone or {}) do t[k] = nil end
                return t
            end
            local GLOBALS_ORDER = {'cjson', 'tonumber', 'pcall', 'getmetatable', 'load', 'loadstring', 'math',
                'newproxy', 'next', 'rawget', 'type', '_G', 'setmetatable', '_VERSION', 'string', 'tostring', 'ipairs',
                'pairs', 'struct', 'KEYS', 'select', 'unpack', '__redis__err__handler', 'rawequal', 'getfenv',
                'coroutine', 'require', 'table', 'gcinfo', 'rawset', 'cmsgpack', 'io', 'bit', 'redis', 'setfenv',
                'xpcall', 'print', 'package', 'error', 'ARGV', 'assert', 'collectgarbage'}
            local GLOBALS_GONE = {'print', 'setfenv', 'getfenv', 'newproxy', 'require', 'package', 'io'}
            local function filled(t, from)
                for k in raw_next, t do t[k] = from[k] end
                return t
            end
            G.redis = filled(table_in_order({'REDIS_VERSION_NUM', 'set_repl', 'pcall', 'LOG_NOTICE', 'error_reply',
                'LOG_WARNING', 'debug', 'REPL_NONE', 'sha1hex', 'replicate_commands', 'log', 'REPL_ALL', 'call',
                'LOG_VERBOSE', 'REPL_REPLICA', 'REPL_AOF', 'REPL_SLAVE', 'REDIS_VERSION', 'breakpoint', 'LOG_DEBUG',
                'status_reply', 'setresp', 'acl_check_cmd'}), G.redis)
            G.cjson = filled(table_in_order({'encode_sparse_array', 'decode', 'encode_invalid_numbers',
                'encode_max_depth', 'new', 'encode_number_precision', 'null', 'encode_keep_buffer',
                'decode_invalid_numbers', '_VERSION', 'decode_max_depth', 'encode', '_NAME'}), G.cjson)

            -- the scripts' globals: Redis's, with the libraries as views
            local V = table_in_order(GLOBALS_ORDER, GLOBALS_GONE)
            for name in raw_next, V do V[name] = G[name] end
            V.next, V.pairs, V.rawget, V.rawset = view_next, view_pairs, view_rawget, view_rawset
            V.getmetatable, V.setmetatable, V.loadstring, V.load =
                view_getmetatable, view_setmetatable, view_loadstring, view_load
            for _, name in ipairs({'string', 'table', 'math', 'coroutine', 'redis', 'bit', 'cjson', 'struct',
                    'cmsgpack'}) do
                V[name] = view(G[name])
            end
            V.__redis__err__handler = G.__redis__err__handler
            local function missing(t, k)
                error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
            end
            setmetatable(V, {__index = missing})
            -- what getmetatable(_G) shows: Redis's globals metatable has just __index
            local globals_metatable = view({__index = missing})
            local ENV = view(V, globals_metatable)
            V._G = ENV
            envs[ENV] = true
            -- strings index the real string table (the VM reads __index raw); getmetatable('') shows a view whose
            -- __index is the string view
            rawset(getmetatable(''), '__metatable', view({__index = V.string}))
            for _, f in ipairs({view_next, pairs_next, view_pairs, view_rawget, view_rawset, view_getmetatable,
                    view_setmetatable, view_insert, view_foreach, view_dump, view_loadstring, view_load, missing,
                    G.xpcall, G.coroutine.create, G.coroutine.wrap}) do
                c_functions[f] = true
            end

            local internals = {}
            internals.handler = G.__redis__err__handler
            internals.compile = function(body, name)
                local f, err = loadstring(body, name)
                if not f then return nil, err end
                setfenv(f, ENV)
                return f
            end
            internals.globals = V

            -- ---- Redis 7 functions (FUNCTION LOAD / FCALL): see FunctionLibraries
            local ipairs_, next_, tostring_, sfind, slower = ipairs, next, tostring, string.find, string.lower
            local function fail(text) error({err = text}) end
            -- what a function sees while it runs: Redis's globals without KEYS/ARGV, a redis table without the
            -- EVAL-only debugging and replication calls
            local FR = filled(table_in_order({'set_repl', 'REPL_ALL', 'sha1hex', 'log', 'REPL_AOF', 'LOG_WARNING',
                'REPL_SLAVE', 'LOG_NOTICE', 'REDIS_VERSION_NUM', 'error_reply', 'setresp', 'REPL_NONE', 'call',
                'LOG_DEBUG', 'REDIS_VERSION', 'LOG_VERBOSE', 'status_reply', 'acl_check_cmd', 'REPL_REPLICA',
                'pcall'}), G.redis)
            local FG = table_in_order(GLOBALS_ORDER, GLOBALS_GONE)
            for _, name in ipairs({'KEYS', 'ARGV', '__redis__err__handler'}) do FG[name] = nil end
            filled(FG, V)
            FG.redis = view(FR)
            FG._G = view(FG, globals_metatable)
            setmetatable(FG, {__index = missing})

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
            setmetatable(LR, {__index = missing})
            local LG = setmetatable({redis = view(LR)}, {__index = missing})
            local handler = G.__redis__err__handler
            -- returns 'ok', the registered functions | 'compile', error text | 'run', error text
            internals.load_functions = function(body)
                local f, err = loadstring(body, '@user_function')
                if not f then return 'compile', err end
                -- one environment per library, seen by the code and every closure it makes: the load-time view
                -- while loading, the run-time view once loaded
                local mt = {__index = LG, __newindex = readonly}
                local env = setmetatable({}, mt)
                envs[env] = true
                setfenv(f, env)
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
            internals.reset_hook = function()
                stop_text = nil
                sethook(hook, '', period)
            end
            sethook(hook, '', period)
            return internals
            """;
}
