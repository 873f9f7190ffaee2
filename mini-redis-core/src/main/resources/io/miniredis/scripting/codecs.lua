-- Redis 7.0's cjson (lua-cjson 2.1.0) and cmsgpack (lua-cmsgpack 0.4.0), written in Lua: see LuaCodecs.java for
-- why. A block of the sandbox prelude: G, getinfo and real_of (the read-only views' real tables) are the prelude's
-- locals. The Java half (LuaCodecNatives) left
-- four things in the cjson table Scripting made: null (the light userdata NULL), wrap (puts a C function in front of
-- a Lua one), double_bits and bits_double (a double's raw IEEE bits, for NaN payloads Lua cannot see).
do
local natives = G.cjson
local null, wrap, double_bits, bits_double = natives.null, natives.wrap, natives.double_bits, natives.bits_double
local type, tostring, tonumber, select, error, next, rawget = type, tostring, tonumber, select, error, next, rawget
local format, byte, char, sub, find, gsub, match, lower = string.format, string.byte, string.char, string.sub,
    string.find, string.gsub, string.match, string.lower
local concat, floor, huge, frexp, ldexp, unpack_ = table.concat, math.floor, math.huge, math.frexp, math.ldexp,
    unpack

-- Lua 5.1's LUAI_MAXCSTACK: how many values a C function may have on its stack. The C libraries check it
-- (lua_checkstack) while they nest, so their "stack overflow" and nesting errors come at depths derived from it.
local MAXCSTACK = 8000

-- ---- errors as the C functions raise them
-- Every public function is called through a C trampoline (wrap), as the C library function is called in Redis. The
-- first C frame above our Lua frames is that trampoline: its caller gives luaL_where's "user_script:1: " (none
-- when the caller is C, e.g. pcall), and its call site gives luaL_argerror's function name.
local function locate()
    local level = 2
    local info = getinfo(level, 'S')
    while info and info.what ~= 'C' do
        level = level + 1
        info = getinfo(level, 'S')
    end
    if not info then return '' end
    local called = getinfo(level, 'n')
    local caller = getinfo(level + 1, 'Sl')
    local where = ''
    if caller and caller.currentline > 0 then where = caller.short_src .. ':' .. caller.currentline .. ': ' end
    return where, called.name, called.namewhat
end
-- luaL_error
local function raise(msg)
    error(locate() .. msg, 0)
end
-- luaL_argerror: narg counts from the first argument; a method call (lib:f()) does not count the table
local function arg_error(narg, extramsg)
    local where, name, namewhat = locate()
    if namewhat == 'method' then
        narg = narg - 1
        if narg == 0 then error(format("%scalling '%s' on bad self (%s)", where, name, extramsg), 0) end
    end
    error(format("%sbad argument #%d to '%s' (%s)", where, narg, name or '?', extramsg), 0)
end
local function type_error(narg, expected, v, present)
    arg_error(narg, expected .. ' expected, got ' .. (present and type(v) or 'no value'))
end
-- luaL_checklstring: a number is turned into its text
local function check_string(v, present, narg)
    local t = type(v)
    if t == 'string' then return v end
    if t == 'number' then return tostring(v) end
    type_error(narg, 'string', v, present)
end
-- lua_Integer from a double as x86-64 C converts it: truncated; out of range (or NaN) is INT64_MIN
local function int64(d)
    if d ~= d or d >= 9223372036854775808 or d < -9223372036854775808 then return -9223372036854775808 end
    if d >= 0 then return floor(d) end
    return -floor(-d)
end
-- the low 32 bits of an integral value, signed: an int64 stored in a C int, or printed with %d
local function int32(i)
    i = i % 4294967296
    if i >= 2147483648 then return i - 4294967296 end
    return i
end
-- luaL_checkinteger (a numeric string is accepted)
local function check_integer(v, present, narg)
    local d = tonumber(v)
    if not d then type_error(narg, 'number', v, present) end
    return int64(d)
end

-- ================================================================ cjson
local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n',
    ['\r'] = '\\r', ['\t'] = '\\t'}
for i = 0, 31 do
    if not escapes[char(i)] then escapes[char(i)] = format('\\u%04x', i) end
end
escapes[char(127)] = '\\u007f'
local function quote(s)
    if find(s, '[%c"\\/]') then s = gsub(s, '[%c"\\/]', escapes) end
    return '"' .. s .. '"'
end
-- (int)(a * b) for ints a, b >= 0, wrapping as C's int multiplication does (items * encode_sparse_ratio)
local function mul32(a, b)
    local p = a * b
    if p < 2147483648 then return p end
    return int32(a * (b % 65536) + (a * floor(b / 65536) % 65536) * 65536)
end

local token_name = {['{'] = 'T_OBJ_BEGIN', ['}'] = 'T_OBJ_END', ['['] = 'T_ARR_BEGIN', [']'] = 'T_ARR_END',
    [':'] = 'T_COLON', [','] = 'T_COMMA'}
local singles = {}
for c, name in next, token_name do singles[byte(c)] = name end
-- the characters lua-cjson looks at further (true/false/null, strings, numbers, inf/nan); the rest are invalid
local unknown = {}
for c in ('fiInNt"+-0123456789'):gmatch('.') do unknown[byte(c)] = true end
-- the tokens that are a whole value (the rest start a container, or are an error)
local scalar = {T_STRING = true, T_NUMBER = true, T_BOOLEAN = true, T_NULL = true}
local unescape = {[34] = '"', [92] = '\\', [47] = '/', [98] = '\b', [102] = '\f', [110] = '\n', [114] = '\r',
    [116] = '\t'}

-- The longest prefix of s at i that C's strtod reads, and its value (Lua's tonumber is strtod): decimal, hex
-- (with binary exponent), inf/infinity, nan with an optional (chars) part; nil when it reads nothing.
local function strtod(s, i)
    local e = match(s, '^[+-]?%d+()', i)
    if e then
        local c = byte(s, e)
        if c ~= 46 and c ~= 101 and c ~= 69 and c ~= 120 and c ~= 88 then return tonumber(sub(s, i, e - 1)), e end
    end
    local j = i
    local c = byte(s, j)
    if c == 43 or c == 45 then j = j + 1 end
    local word = lower(sub(s, j, j + 2))
    if word == 'inf' then
        e = lower(sub(s, j, j + 7)) == 'infinity' and j + 8 or j + 3
        return tonumber(sub(s, i, e - 1)), e
    elseif word == 'nan' then
        e = match(s, '^%([%w_]*%)()', j + 3) or j + 3
        return tonumber(sub(s, i, e - 1)), e
    end
    if byte(s, j) == 48 and (byte(s, j + 1) == 120 or byte(s, j + 1) == 88) then
        local m = match(s, '^%x*%.?%x*', j + 2)
        if not find(m, '%x') then return tonumber(sub(s, i, j)), j + 1 end -- "0x" without digits reads "0"
        e = j + 2 + #m
        e = match(s, '^[pP][+-]?%d+()', e) or e
        return tonumber(sub(s, i, e - 1)), e
    end
    local m = match(s, '^%d*%.?%d*', j)
    if not find(m, '%d') then return nil end
    e = j + #m
    e = match(s, '^[eE][+-]?%d+()', e) or e
    return tonumber(sub(s, i, e - 1)), e
end
-- lua-cjson's test for numbers JSON does not allow: +1, 0x1, 01, inf, nan (a sign before them included)
local function is_invalid_number(s, i)
    local c = byte(s, i)
    if c == 43 then return true end
    if c == 45 then
        i = i + 1
        c = byte(s, i)
    end
    if c == 48 then
        local c2 = byte(s, i + 1)
        return c2 ~= nil and (c2 == 120 or c2 == 88 or (c2 >= 48 and c2 <= 57))
    end
    if not c or c <= 57 or c >= 128 then return false end -- C compares a signed char with '9'
    local word = lower(sub(s, i, i + 2))
    return word == 'inf' or word == 'nan'
end
local function number_token(s, i)
    local v, e = strtod(s, i)
    if v == nil then return 'T_ERROR', 'invalid number', i, i end
    return 'T_NUMBER', v, i, e
end
local function utf8(cp)
    if cp < 0x80 then return char(cp) end
    if cp < 0x800 then return char(0xc0 + floor(cp / 64), 0x80 + cp % 64) end
    if cp < 0x10000 then return char(0xe0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64) end
    return char(0xf0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end
local function hex4(s, i)
    local h = match(s, '^%x%x%x%x', i)
    return h and tonumber(h, 16)
end
-- kind, value, position (1-based, for errors), position after the token
local function string_token(s, i)
    local k = find(s, '["\\]', i + 1)
    if k and byte(s, k) == 34 then return 'T_STRING', sub(s, i + 1, k - 1), i, k + 1 end
    local parts, n, j = {}, 0, i + 1
    while true do
        if not k then return 'T_ERROR', 'unexpected end of string', #s + 1, #s + 1 end
        n = n + 1
        parts[n] = sub(s, j, k - 1)
        local e = byte(s, k + 1)
        if byte(s, k) == 34 then return 'T_STRING', concat(parts), i, k + 1 end
        if unescape[e] then
            n = n + 1
            parts[n] = unescape[e]
            j = k + 2
        elseif e == 117 then -- \u
            local cp = hex4(s, k + 2)
            j = k + 6
            if cp and cp >= 0xd800 and cp <= 0xdfff then
                -- a UTF-16 surrogate: must be a high one, followed by \u and a low one
                local low = cp < 0xdc00 and sub(s, k + 6, k + 7) == '\\u' and hex4(s, k + 8)
                if low and low >= 0xdc00 and low <= 0xdfff then
                    cp = 0x10000 + (cp - 0xd800) * 1024 + (low - 0xdc00)
                    j = k + 12
                else
                    cp = nil
                end
            end
            if not cp then return 'T_ERROR', 'invalid unicode escape code', k, k end
            n = n + 1
            parts[n] = utf8(cp)
        else
            return 'T_ERROR', 'invalid escape code', k, k
        end
        k = find(s, '["\\]', j)
    end
end

-- One cjson module: its settings and its functions (cjson.new() makes another with its own settings).
local function new_cjson()
    -- enumerated settings hold C's option index: 0 off, 1 on, 2 null
    local cfg = {sparse_convert = 0, sparse_ratio = 2, sparse_safe = 10, enc_depth = 1000, dec_depth = 1000,
        enc_invalid = 0, dec_invalid = 1, keep = 1, precision = 14, numfmt = '%.14g'}

    local function number(n)
        if n - n ~= 0 then -- NaN or an infinity
            local mode = cfg.enc_invalid
            if mode == 0 then raise('Cannot serialise number: must not be NaN or Inf') end
            if mode == 2 then return 'null' end
            if n ~= n then return 'nan' end
        end
        return format(cfg.numfmt, n)
    end
    local encode_value
    -- slots: the values lua-cjson would have on the Lua stack at this table; it checks room for 3 more
    local function encode_table(t, depth, slots, out, n)
        t = real_of[t] or t -- a library table scripts see through a read-only view: its contents
        depth = depth + 1
        if depth > cfg.enc_depth or slots + 3 > MAXCSTACK then
            raise(format('Cannot serialise, excessive nesting (%d)', depth))
        end
        -- lua_array_length: positive integer keys only; the largest kept in a C int (a key past INT_MAX
        -- becomes INT_MIN there, so such a table is not an array unless a later key raises it again)
        local max, items = 0, 0
        local k = next(t)
        while k ~= nil do
            if type(k) == 'number' and k >= 1 and floor(k) == k then
                if k > max then max = k < 2147483648 and k or -2147483648 end
                items = items + 1
                k = next(t, k)
            else
                max = nil
                break
            end
        end
        if max and cfg.sparse_ratio > 0 and max > mul32(items, cfg.sparse_ratio) and max > cfg.sparse_safe then
            if cfg.sparse_convert == 0 then raise('Cannot serialise table: excessively sparse array') end
            max = nil
        end
        if max and max > 0 then
            n = n + 1
            out[n] = '['
            for i = 1, max do
                if i > 1 then
                    n = n + 1
                    out[n] = ','
                end
                n = encode_value(rawget(t, i), depth, slots + 1, out, n)
            end
            n = n + 1
            out[n] = ']'
            return n
        end
        n = n + 1
        out[n] = '{'
        local first = true
        for key, v in next, t do
            if first then first = false else
                n = n + 1
                out[n] = ','
            end
            local kt = type(key)
            if kt == 'string' then
                if find(key, '[%c"\\/]') then key = gsub(key, '[%c"\\/]', escapes) end
            elseif kt == 'number' then
                key = number(key)
            else
                raise('Cannot serialise ' .. kt .. ': table key must be a number or string')
            end
            out[n + 1] = '"'
            out[n + 2] = key
            out[n + 3] = '":'
            n = encode_value(v, depth, slots + 2, out, n + 3)
        end
        n = n + 1
        out[n] = '}'
        return n
    end
    encode_value = function(v, depth, slots, out, n)
        local t = type(v)
        if t == 'table' then return encode_table(v, depth, slots, out, n) end
        if t == 'string' then
            if find(v, '[%c"\\/]') then v = gsub(v, '[%c"\\/]', escapes) end
            out[n + 1] = '"'
            out[n + 2] = v
            out[n + 3] = '"'
            return n + 3
        end
        n = n + 1
        if t == 'number' then out[n] = number(v)
        elseif t == 'boolean' then out[n] = v and 'true' or 'false'
        elseif v == nil or v == null then out[n] = 'null'
        else raise('Cannot serialise ' .. t .. ': type not supported') end
        return n
    end
    local function encode(...)
        if select('#', ...) ~= 1 then arg_error(1, 'expected 1 argument') end
        local v = ...
        local t = type(v)
        if t == 'string' then return quote(v) end
        if t == 'number' then return number(v) end
        local out = {}
        return concat(out, '', 1, encode_value(v, 0, 1, out, 0))
    end

    local function next_token(s, i)
        local c = byte(s, i)
        while c == 32 or c == 9 or c == 10 or c == 13 do
            i = i + 1
            c = byte(s, i)
        end
        if not c then return 'T_END', nil, i, i end
        local single = singles[c]
        if single then return single, nil, i, i + 1 end
        if c == 34 then return string_token(s, i) end
        if c == 45 or (c >= 48 and c <= 57) then
            if cfg.dec_invalid == 0 and is_invalid_number(s, i) then return 'T_ERROR', 'invalid number', i, i end
            return number_token(s, i)
        end
        if unknown[c] then
            if c == 116 and sub(s, i, i + 3) == 'true' then return 'T_BOOLEAN', true, i, i + 4 end
            if c == 102 and sub(s, i, i + 4) == 'false' then return 'T_BOOLEAN', false, i, i + 5 end
            if c == 110 and sub(s, i, i + 3) == 'null' then return 'T_NULL', null, i, i + 4 end
            if cfg.dec_invalid ~= 0 and is_invalid_number(s, i) then return number_token(s, i) end
        end
        return 'T_ERROR', 'invalid token', i, i
    end
    local function expected(what, kind, value, pos)
        raise(format('Expected %s but found %s at character %d', what, kind == 'T_ERROR' and value or kind, pos))
    end
    -- slots: the values lua-cjson has on the Lua stack here; an object needs room for 3 more, an array for 2
    local function parse(s, kind, value, pos, i, depth, slots)
        if kind == 'T_OBJ_BEGIN' then
            depth = depth + 1
            if depth > cfg.dec_depth or slots + 3 > MAXCSTACK then
                raise(format('Found too many nested data structures (%d) at character %d', depth, i - 1))
            end
            local t = {}
            kind, value, pos, i = next_token(s, i)
            if kind == 'T_OBJ_END' then return t, i end
            while true do
                if kind ~= 'T_STRING' then expected('object key string', kind, value, pos) end
                local key = value
                kind, value, pos, i = next_token(s, i)
                if kind ~= 'T_COLON' then expected('colon', kind, value, pos) end
                kind, value, pos, i = next_token(s, i)
                if not scalar[kind] then value, i = parse(s, kind, value, pos, i, depth, slots + 2) end
                t[key] = value
                kind, value, pos, i = next_token(s, i)
                if kind == 'T_OBJ_END' then return t, i end
                if kind ~= 'T_COMMA' then expected('comma or object end', kind, value, pos) end
                kind, value, pos, i = next_token(s, i)
            end
        elseif kind == 'T_ARR_BEGIN' then
            depth = depth + 1
            if depth > cfg.dec_depth or slots + 2 > MAXCSTACK then
                raise(format('Found too many nested data structures (%d) at character %d', depth, i - 1))
            end
            local t, n = {}, 0
            kind, value, pos, i = next_token(s, i)
            if kind == 'T_ARR_END' then return t, i end
            while true do
                n = n + 1
                if not scalar[kind] then value, i = parse(s, kind, value, pos, i, depth, slots + 1) end
                t[n] = value
                kind, value, pos, i = next_token(s, i)
                if kind == 'T_ARR_END' then return t, i end
                if kind ~= 'T_COMMA' then expected('comma or array end', kind, value, pos) end
                kind, value, pos, i = next_token(s, i)
            end
        elseif scalar[kind] then
            return value, i
        end
        expected('value', kind, value, pos)
    end
    local function decode(...)
        if select('#', ...) ~= 1 then arg_error(1, 'expected 1 argument') end
        local s = check_string((...), true, 1)
        if #s >= 2 and (byte(s, 1) == 0 or byte(s, 2) == 0) then
            raise('JSON parser does not support UTF-16 or UTF-32')
        end
        -- lua-cjson reads a C string: a NUL ends the text
        local z = find(s, '\0', 1, true)
        if z then s = sub(s, 1, z - 1) end
        local kind, value, pos, i = next_token(s, 1)
        value, i = parse(s, kind, value, pos, i, 0, 1)
        local after, what, at = next_token(s, i)
        if after ~= 'T_END' then expected('the end', after, what, at) end
        return value
    end

    -- the settings functions: at most n arguments; nil leaves a setting as it is
    local function at_most(n, count)
        if count > n then arg_error(n + 1, 'found too many arguments') end
    end
    local function integer_option(name, v, narg, min, max)
        if v ~= nil then
            local value = int32(check_integer(v, true, narg))
            if value < min or value > max then
                arg_error(1, format('expected integer between %d and %d', min, max))
            end
            cfg[name] = value
        end
        return cfg[name]
    end
    local bool_options = {'off', 'on'}
    local function enum_option(name, v, options)
        options = options or bool_options
        if v ~= nil then
            if type(v) == 'boolean' then
                cfg[name] = v and 1 or 0
            else
                local text = check_string(v, true, 1)
                local index
                for k = 1, #options do
                    if options[k] == text then index = k - 1 end
                end
                if not index then arg_error(1, "invalid option '" .. match(text, '^[^%z]*') .. "'") end
                cfg[name] = index
            end
        end
        local setting = cfg[name]
        if setting <= 1 then return setting == 1 end
        return options[setting + 1]
    end
    local M = {}
    M.encode = wrap(encode)
    M.decode = wrap(decode)
    M.encode_sparse_array = wrap(function(...)
        at_most(3, select('#', ...))
        local convert, ratio, safe = ...
        return enum_option('sparse_convert', convert), integer_option('sparse_ratio', ratio, 2, 0, 2147483647),
            integer_option('sparse_safe', safe, 3, 0, 2147483647)
    end)
    M.encode_max_depth = wrap(function(...)
        at_most(1, select('#', ...))
        return integer_option('enc_depth', (...), 1, 1, 2147483647)
    end)
    M.decode_max_depth = wrap(function(...)
        at_most(1, select('#', ...))
        return integer_option('dec_depth', (...), 1, 1, 2147483647)
    end)
    M.encode_number_precision = wrap(function(...)
        at_most(1, select('#', ...))
        local precision = integer_option('precision', (...), 1, 1, 14)
        cfg.numfmt = '%.' .. precision .. 'g'
        return precision
    end)
    -- lua-cjson keeps its output buffer between calls or not: nothing a script can observe
    M.encode_keep_buffer = wrap(function(...)
        at_most(1, select('#', ...))
        return enum_option('keep', (...))
    end)
    local invalid_options = {'off', 'on', 'null'}
    M.encode_invalid_numbers = wrap(function(...)
        at_most(1, select('#', ...))
        return enum_option('enc_invalid', (...), invalid_options)
    end)
    M.decode_invalid_numbers = wrap(function(...)
        at_most(1, select('#', ...))
        return enum_option('dec_invalid', (...))
    end)
    M.new = wrap(new_cjson)
    M.null = null
    M._NAME = 'cjson'
    M._VERSION = '2.1.0'
    return M
end

-- ================================================================ cmsgpack
local MAX_NESTING = 16 -- LUACMSGPACK_MAX_NESTING: a table nested deeper is packed as nil
local function u16(n)
    return char(floor(n / 256), n % 256)
end
local function u32(n)
    return char(floor(n / 16777216), floor(n / 65536) % 256, floor(n / 256) % 256, n % 256)
end
-- two's complement of an integral n, -2^63 <= n < 2^63, in 8 bytes: the high and low words apart (exact)
local function i64(n)
    local hi = floor(n / 4294967296)
    return u32(hi % 4294967296) .. u32(n - hi * 4294967296)
end
-- the IEEE bits of a finite or infinite x that the format holds exactly
local function ieee(x, ebits, mbits)
    local bias = 2 ^ (ebits - 1) - 1
    local sign = (x < 0 or (x == 0 and 1 / x < 0)) and 1 or 0
    if sign == 1 then x = -x end
    local e, m
    if x == huge then e, m = 2 ^ ebits - 1, 0
    elseif x == 0 then e, m = 0, 0
    else
        local fm, fe = frexp(x)
        e = fe + bias - 1
        if e <= 0 then
            m = ldexp(x, mbits + bias - 1)
            e = 0
        else
            m = (fm * 2 - 1) * 2 ^ mbits
        end
    end
    if mbits < 32 then return u32(sign * 2 ^ (ebits + mbits) + e * 2 ^ mbits + m) end
    return u32(sign * 2 ^ 31 + e * 2 ^ (mbits - 32) + floor(m / 2 ^ 32)) .. u32(m % 2 ^ 32)
end
-- whether C's (double)(float)x == x: x is exactly a float (normal or subnormal), or infinite
local function fits_float(x)
    if x == huge or x == -huge then return true end
    local ax = x < 0 and -x or x
    if ax >= 2 ^ 128 then return false end
    local fm, fe = frexp(ax)
    local bits = fe >= -125 and 24 or 149 + fe
    if bits <= 0 then return false end
    local scaled = ldexp(fm, bits)
    return scaled == floor(scaled)
end
local function pack_number(x)
    if x == floor(x) and x >= -9223372036854775808 and x < 9223372036854775808 then -- fits an int64
        if x >= 0 then
            if x <= 127 then return char(x) end
            if x <= 0xff then return '\204' .. char(x) end
            if x <= 0xffff then return '\205' .. u16(x) end
            if x <= 0xffffffff then return '\206' .. u32(x) end
            return '\207' .. i64(x)
        end
        if x >= -32 then return char(256 + x) end
        if x >= -128 then return '\208' .. char(256 + x) end
        if x >= -32768 then return '\209' .. u16(65536 + x) end
        if x >= -2147483648 then return '\210' .. u32(4294967296 + x) end
        return '\211' .. i64(x)
    end
    if x ~= x then
        local hi, lo = double_bits(x) -- the NaN's own sign and payload, as C copies them
        return '\203' .. u32(hi) .. u32(lo)
    end
    if fits_float(x) then return '\202' .. ieee(x, 8, 23) end
    return '\203' .. ieee(x, 11, 52)
end
local pack_value
local function pack_table(t, level, out, n)
    t = real_of[t] or t
    -- an array when its keys are exactly 1..count (each a positive integer that fits a C int)
    local count, max = 0, 0
    local k = next(t)
    while k ~= nil do
        if type(k) ~= 'number' or k <= 0 or k >= 2147483648 or floor(k) ~= k then
            max = -1
            break
        end
        if k > max then max = k end
        count = count + 1
        k = next(t, k)
    end
    if max == count then
        n = n + 1
        if count < 16 then out[n] = char(0x90 + count)
        elseif count <= 0xffff then out[n] = '\220' .. u16(count)
        else out[n] = '\221' .. u32(count) end
        for i = 1, count do n = pack_value(rawget(t, i), level + 1, out, n) end
        return n
    end
    count = 0
    for _ in next, t do count = count + 1 end
    n = n + 1
    if count < 16 then out[n] = char(0x80 + count)
    elseif count <= 0xffff then out[n] = '\222' .. u16(count)
    else out[n] = '\223' .. u32(count) end
    for key, v in next, t do
        n = pack_value(key, level + 1, out, n)
        n = pack_value(v, level + 1, out, n)
    end
    return n
end
pack_value = function(v, level, out, n)
    local t = type(v)
    if t == 'table' and level < MAX_NESTING then return pack_table(v, level, out, n) end
    n = n + 1
    if t == 'number' then
        out[n] = pack_number(v)
    elseif t == 'string' then
        local len = #v
        if len < 32 then out[n] = char(0xa0 + len)
        elseif len <= 0xff then out[n] = '\217' .. char(len)
        elseif len <= 0xffff then out[n] = '\218' .. u16(len)
        else out[n] = '\219' .. u32(len) end
        n = n + 1
        out[n] = v
    elseif t == 'boolean' then
        out[n] = v and '\195' or '\194'
    else
        out[n] = '\192'
    end
    return n
end
local function pack(...)
    local count = select('#', ...)
    if count == 0 then arg_error(0, 'MessagePack pack needs input.') end
    -- lua-cmsgpack asks for room for one more value per argument
    if count + count > MAXCSTACK then arg_error(0, 'Too many arguments for MessagePack pack.') end
    local out, n = {}, 0
    if count == 1 then
        n = pack_value((...), 0, out, 0)
    else
        local args = {...}
        for i = 1, count do n = pack_value(args[i], 0, out, n) end
    end
    return concat(out, '', 1, n)
end

-- big-endian unsigned integer of 1 to 4 bytes at i
local function uint(s, i, bytes)
    local a, b, c, d = byte(s, i, i + bytes - 1)
    if bytes == 1 then return a end
    if bytes == 2 then return a * 256 + b end
    return ((a * 256 + b) * 256 + c) * 256 + d
end
-- an 8-byte two's complement integer as lua-cmsgpack pushes it (uint 64 too): one rounding to a double
local function int64_at(s, i)
    local hi = uint(s, i, 4)
    if hi >= 2147483648 then hi = hi - 4294967296 end
    return hi * 4294967296 + uint(s, i + 4, 4)
end
local function float_at(s, i)
    local bits = uint(s, i, 4)
    local sign = bits >= 2147483648 and -1 or 1
    if sign < 0 then bits = bits - 2147483648 end
    local e = floor(bits / 8388608)
    local m = bits % 8388608
    if e == 255 then
        if m == 0 then return sign * huge end
        -- C's float to double conversion: quiet, the payload moved to the top of the double's mantissa
        m = m + (m >= 4194304 and 0 or 4194304)
        return bits_double((sign < 0 and 2147483648 or 0) + 0x7ff00000 + floor(m / 8), m % 8 * 536870912)
    end
    if e == 0 then return sign * ldexp(m, -149) end
    return sign * ldexp(m + 8388608, e - 150)
end
local function double_at(s, i)
    local hi, lo = uint(s, i, 4), uint(s, i + 4, 4)
    local sign = hi >= 2147483648 and -1 or 1
    local h = sign < 0 and hi - 2147483648 or hi
    local e = floor(h / 1048576)
    local m = (h % 1048576) * 4294967296 + lo
    if e == 2047 then
        if m == 0 then return sign * huge end
        return bits_double(hi, lo)
    end
    if e == 0 then return sign * ldexp(m, -1074) end
    return sign * ldexp(m + 4503599627370496, e - 1075)
end

local function missing() raise('Missing bytes in input.') end
local unpack_value
-- slots: the values lua-cmsgpack has on the Lua stack before pushing this one; it checks room for one more
local function unpack_array(s, i, count, slots)
    if slots + 2 > MAXCSTACK then raise('stack overflow (in function mp_decode_to_lua_array)') end
    local t, v = {}
    for k = 1, count do
        v, i = unpack_value(s, i, slots + 2)
        t[k] = v
    end
    return t, i
end
local function unpack_map(s, i, count, slots)
    local t, k, v = {}
    for _ = 1, count do
        k, i = unpack_value(s, i, slots + 1)
        v, i = unpack_value(s, i, slots + 2)
        -- lua_settable raises these from C: no position
        if k == nil then error('table index is nil', 0) end
        if k ~= k then error('table index is NaN', 0) end
        t[k] = v
    end
    return t, i
end
local function need(s, i, bytes)
    if i + bytes - 1 > #s then missing() end
end
local function str(s, i, len)
    need(s, i, len)
    return sub(s, i, i + len - 1), i + len
end
local int_sizes = {[0xcc] = 1, [0xcd] = 2, [0xce] = 4, [0xd0] = 1, [0xd1] = 2, [0xd2] = 4}
unpack_value = function(s, i, slots)
    local c = byte(s, i)
    if not c then missing() end
    if slots + 1 > MAXCSTACK then
        raise('stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)')
    end
    i = i + 1
    if c < 0x80 then return c, i end
    if c >= 0xe0 then return c - 256, i end
    if c < 0x90 then return unpack_map(s, i, c - 0x80, slots) end
    if c < 0xa0 then return unpack_array(s, i, c - 0x90, slots) end
    if c < 0xc0 then return str(s, i, c - 0xa0) end
    local size = int_sizes[c]
    if size then
        need(s, i, size)
        local n = uint(s, i, size)
        if c >= 0xd0 and n >= 2 ^ (8 * size - 1) then n = n - 2 ^ (8 * size) end
        return n, i + size
    end
    if c == 0xc0 then return nil, i end
    if c == 0xc2 then return false, i end
    if c == 0xc3 then return true, i end
    if c == 0xca then
        need(s, i, 4)
        return float_at(s, i), i + 4
    end
    if c == 0xcb or c == 0xcf or c == 0xd3 then
        need(s, i, 8)
        if c == 0xcb then return double_at(s, i), i + 8 end
        return int64_at(s, i), i + 8
    end
    if c == 0xd9 then
        need(s, i, 1)
        return str(s, i + 1, uint(s, i, 1))
    end
    if c == 0xda then
        need(s, i, 2)
        return str(s, i + 2, uint(s, i, 2))
    end
    if c == 0xdb then
        need(s, i, 4)
        return str(s, i + 4, uint(s, i, 4))
    end
    if c == 0xdc or c == 0xde then
        need(s, i, 2)
        if c == 0xdc then return unpack_array(s, i + 2, uint(s, i, 2), slots) end
        return unpack_map(s, i + 2, uint(s, i, 2), slots)
    end
    if c == 0xdd or c == 0xdf then
        need(s, i, 4)
        if c == 0xdd then return unpack_array(s, i + 4, uint(s, i, 4), slots) end
        return unpack_map(s, i + 4, uint(s, i, 4), slots)
    end
    raise('Bad data format in input.') -- bin, ext, 0xc1: lua-cmsgpack 0.4.0 does not read them
end
-- values 1..n of t as results: unpack alone stops short of the nearly 8000 values lua-cmsgpack can return
local function spread(t, n)
    if n < 7900 then return unpack_(t, 1, n) end
    return t[1], t[2], unpack_(t, 3, n)
end
local function unpack_full(s, limit, offset)
    local len = #s
    if offset < 0 or limit < 0 then
        raise(format('Invalid request to unpack with offset of %d and limit of %d.', int32(offset), int32(len)))
    elseif offset > len then
        raise(format('Start offset %d greater than input length %d.', int32(offset), int32(len)))
    end
    local all = limit == 0 and offset == 0
    if all then limit = huge end
    local out, count, i = {}, 0, offset + 1
    while i <= len and count < limit do
        out[count + 1], i = unpack_value(s, i, 1 + count)
        count = count + 1
    end
    if all then return spread(out, count) end
    if count + 2 > MAXCSTACK then raise('stack overflow (in function mp_unpack_full)') end
    return i > len and -1 or i - 1, spread(out, count)
end

local cmsgpack = {}
cmsgpack.pack = wrap(pack)
cmsgpack.unpack = wrap(function(...)
    return unpack_full(check_string((...), select('#', ...) >= 1, 1), 0, 0)
end)
-- the numbers are read before the string, as lua-cmsgpack does
cmsgpack.unpack_one = wrap(function(...)
    local s, offset = ...
    offset = offset == nil and 0 or check_integer(offset, true, 2)
    return unpack_full(check_string(s, select('#', ...) >= 1, 1), 1, offset)
end)
cmsgpack.unpack_limit = wrap(function(...)
    local s, limit, offset = ...
    local count = select('#', ...)
    limit = check_integer(limit, count >= 2, 2)
    offset = offset == nil and 0 or check_integer(offset, true, 3)
    return unpack_full(check_string(s, count >= 1, 1), limit, offset)
end)
cmsgpack._NAME = 'cmsgpack'
cmsgpack._VERSION = 'lua-cmsgpack 0.4.0'
cmsgpack._COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo'
cmsgpack._DESCRIPTION = 'MessagePack C implementation for Lua'

-- fresh tables filled in the C libraries' order, so pairs() walks them as in Redis
rawset(G, 'cjson', new_cjson())
rawset(G, 'cmsgpack', cmsgpack)
end
