package io.miniredis.scripting;

/**
 * The {@code cjson} (lua-cjson 2.1.0) and {@code cmsgpack} (lua-cmsgpack 0.4.0) libraries Redis 7.0 ships, written
 * in Lua and run by the same Lua 5.1 interpreter as the scripts.
 *
 * <p>Why Lua rather than Java: both libraries walk tables with {@code lua_next}, so the order of an object's keys
 * in {@code cjson.encode} and of a map's entries in {@code cmsgpack.pack} is the Lua hash order; code running in the
 * same interpreter with {@code next} reproduces it exactly, which a Java walk through JNI would too but at the cost
 * of a JNI call per element. Numbers are formatted by Lua's {@code string.format('%.14g')}, the C printf lua-cjson
 * uses. No dependency is needed (core has no JSON or MessagePack library, and a Java one would have its own number
 * formatting and key order).
 *
 * <p>This is a block of the sandbox prelude ({@link LuaSandbox}); it runs with the prelude's locals in scope
 * ({@code G}, {@code base_pcall}, {@code newproxy_}, and {@code real_of} / {@code HIDDEN} of the read-only views).
 */
final class LuaCodecs {

    private LuaCodecs() {
    }

    static final String SOURCE = """
            do
            local cjson, cmsgpack = G.cjson, G.cmsgpack
            local type, tostring, tonumber, select, error, next, rawget = type, tostring, tonumber, select, error, next, rawget
            local format, byte, char, sub, find, gsub, match = string.format, string.byte, string.char, string.sub,
                string.find, string.gsub, string.match
            local concat, floor, huge, frexp, ldexp, unpack_ = table.concat, math.floor, math.huge, math.frexp,
                math.ldexp, unpack
            local pcall = base_pcall
            -- errors carry the position of the script line that called the library, as lua-cjson's luaL_error
            -- does; the public functions are C trampolines (Scripting#trampoline), so a tail call from the script
            -- keeps the script's frame on the stack
            local function located_error(msg)
                if type(msg) ~= 'string' then error(msg, 0) end
                local level = 2
                local i = getinfo(level, 'Sl')
                while i and (i.what == 'C' or i.what == 'tail' or i.source == '=sandbox') do
                    level = level + 1
                    i = getinfo(level, 'Sl')
                end
                if i and i.currentline >= 0 then msg = i.short_src .. ':' .. i.currentline .. ': ' .. msg end
                error(msg, 0)
            end

            -- ---- cjson
            local null = newproxy_(true)
            getmetatable(null).__tostring = function() return 'userdata: (nil)' end
            getmetatable(null).__metatable = HIDDEN -- Redis's null is a light userdata: no metatable to see
            local cfg = {sparse_convert = false, sparse_ratio = 2, sparse_safe = 10, enc_depth = 1000,
                dec_depth = 1000, enc_invalid = false, dec_invalid = true, keep = true, precision = 14}
            local escapes = {['"'] = '\\\\"', ['\\\\'] = '\\\\\\\\', ['/'] = '\\\\/', ['\\b'] = '\\\\b', ['\\f'] = '\\\\f',
                ['\\n'] = '\\\\n', ['\\r'] = '\\\\r', ['\\t'] = '\\\\t', [char(127)] = '\\\\u007f'}
            for i = 0, 31 do
                if not escapes[char(i)] then escapes[char(i)] = format('\\\\u%04x', i) end
            end
            local function quote(s)
                return '"' .. (gsub(s, '[%c"\\\\/]', escapes)) .. '"'
            end
            local function number(n)
                if n ~= n or n == huge or n == -huge then
                    if cfg.enc_invalid == 'null' then return 'null' end
                    if not cfg.enc_invalid then error('Cannot serialise number: must not be NaN or Inf', 0) end
                    if n ~= n then return 'nan' end
                end
                return format('%.' .. cfg.precision .. 'g', n)
            end
            local encode_value
            local function encode_table(t, depth, out)
                t = real_of[t] or t -- a library table scripts see through a read-only view: its contents
                depth = depth + 1
                if depth > cfg.enc_depth then error(format('Cannot serialise, excessive nesting (%d)', depth), 0) end
                local max, items, array = 0, 0, true
                for k in next, t do
                    if type(k) == 'number' and k >= 1 and floor(k) == k then
                        if k > max then max = k end
                        items = items + 1
                    else
                        array = false
                        break
                    end
                end
                if array and max > 0 and cfg.sparse_ratio > 0 and max > items * cfg.sparse_ratio
                        and max > cfg.sparse_safe then
                    if not cfg.sparse_convert then
                        error('Cannot serialise table: excessively sparse array', 0)
                    end
                    array = false
                end
                if array and max > 0 then
                    out[#out + 1] = '['
                    for i = 1, max do
                        if i > 1 then out[#out + 1] = ',' end
                        encode_value(rawget(t, i), depth, out)
                    end
                    out[#out + 1] = ']'
                    return
                end
                out[#out + 1] = '{'
                local first = true
                for k, v in next, t do
                    if not first then out[#out + 1] = ',' end
                    first = false
                    local kt = type(k)
                    if kt == 'string' then
                        out[#out + 1] = quote(k)
                    elseif kt == 'number' then
                        out[#out + 1] = '"' .. number(k) .. '"'
                    else
                        error('Cannot serialise ' .. kt .. ': table key must be a number or string', 0)
                    end
                    out[#out + 1] = ':'
                    encode_value(v, depth, out)
                end
                out[#out + 1] = '}'
            end
            encode_value = function(v, depth, out)
                local t = type(v)
                if t == 'string' then out[#out + 1] = quote(v)
                elseif t == 'number' then out[#out + 1] = number(v)
                elseif t == 'boolean' then out[#out + 1] = v and 'true' or 'false'
                elseif t == 'nil' or v == null then out[#out + 1] = 'null'
                elseif t == 'table' then encode_table(v, depth, out)
                else error('Cannot serialise ' .. t .. ': type not supported', 0) end
            end
            local function encode(...)
                if select('#', ...) ~= 1 then located_error("bad argument #1 to 'encode' (expected 1 argument)") end
                local out = {}
                local ok, e = pcall(encode_value, (...), 0, out)
                if not ok then located_error(e) end
                return concat(out)
            end

            local unescape = {['"'] = '"', ['\\\\'] = '\\\\', ['/'] = '/', b = '\\b', f = '\\f', n = '\\n', r = '\\r',
                t = '\\t'}
            local function utf8(cp)
                if cp < 0x80 then return char(cp) end
                if cp < 0x800 then return char(0xc0 + floor(cp / 64), 0x80 + cp % 64) end
                if cp < 0x10000 then
                    return char(0xe0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
                end
                return char(0xf0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64,
                    0x80 + cp % 64)
            end
            local function scan_string(s, i)
                local parts, j = {}, i + 1
                while true do
                    local k = find(s, '["\\\\]', j)
                    if not k then return 'T_ERROR', 'unexpected end of string', #s + 1, #s + 1 end
                    parts[#parts + 1] = sub(s, j, k - 1)
                    if sub(s, k, k) == '"' then return 'T_STRING', concat(parts), i, k + 1 end
                    local e = sub(s, k + 1, k + 1)
                    if unescape[e] then
                        parts[#parts + 1] = unescape[e]
                        j = k + 2
                    elseif e == 'u' then
                        local hex = match(s, '^%x%x%x%x', k + 2)
                        local cp = hex and tonumber(hex, 16)
                        j = k + 6
                        if cp and cp >= 0xd800 and cp <= 0xdbff then
                            local low = sub(s, k + 6, k + 7) == '\\\\u' and match(s, '^%x%x%x%x', k + 8)
                            low = low and tonumber(low, 16)
                            if low and low >= 0xdc00 and low <= 0xdfff then
                                cp = 0x10000 + (cp - 0xd800) * 1024 + (low - 0xdc00)
                                j = k + 12
                            else
                                cp = nil
                            end
                        elseif cp and cp >= 0xdc00 and cp <= 0xdfff then
                            cp = nil
                        end
                        if not cp then return 'T_ERROR', 'invalid unicode escape code', k, k end
                        parts[#parts + 1] = utf8(cp)
                    else
                        return 'T_ERROR', 'invalid escape code', k, k
                    end
                end
            end
            local function scan_number(s, i)
                local m = match(s, '^-?0[xX]%x+', i) or match(s, '^-?[iI][nN][fF][iI][nN][iI][tT][yY]', i)
                    or match(s, '^-?[iI][nN][fF]', i) or match(s, '^-?[nN][aA][nN]', i)
                    or match(s, '^-?%d*%.?%d*[eE][+-]?%d+', i) or match(s, '^-?%d*%.?%d*', i)
                local n = tonumber(m)
                if not n or (not cfg.dec_invalid and find(m, '[xXiInN]')) then
                    return 'T_ERROR', 'invalid number', i, i
                end
                return 'T_NUMBER', n, i, i + #m
            end
            local singles = {['{'] = 'T_OBJ_BEGIN', ['}'] = 'T_OBJ_END', ['['] = 'T_ARR_BEGIN', [']'] = 'T_ARR_END',
                [':'] = 'T_COLON', [','] = 'T_COMMA'}
            -- kind, value, position (1-based, for errors), position after the token
            local function next_token(s, i)
                i = find(s, '[^ \\t\\n\\r]', i)
                if not i then return 'T_END', nil, #s + 1, #s + 1 end
                local c = sub(s, i, i)
                if singles[c] then return singles[c], nil, i, i + 1 end
                if c == '"' then return scan_string(s, i) end
                if c == '-' or find(c, '%d') then return scan_number(s, i) end
                if c == 't' and sub(s, i, i + 3) == 'true' then return 'T_BOOLEAN', true, i, i + 4 end
                if c == 'f' and sub(s, i, i + 4) == 'false' then return 'T_BOOLEAN', false, i, i + 5 end
                if c == 'n' and sub(s, i, i + 3) == 'null' then return 'T_NULL', null, i, i + 4 end
                if cfg.dec_invalid and find(c, '[iInN]') then return scan_number(s, i) end
                return 'T_ERROR', 'invalid token', i, i
            end
            local function expected(what, kind, value, pos)
                error(format('Expected %s but found %s at character %d', what,
                    kind == 'T_ERROR' and value or kind, pos), 0)
            end
            local function parse_value(s, kind, value, pos, i, depth)
                if kind == 'T_OBJ_BEGIN' then
                    depth = depth + 1
                    if depth > cfg.dec_depth then
                        error(format('Found too many nested data structures (%d) at character %d', depth, pos), 0)
                    end
                    local t, v = {}
                    kind, value, pos, i = next_token(s, i)
                    if kind == 'T_OBJ_END' then return t, i end
                    while true do
                        if kind ~= 'T_STRING' then expected('object key string', kind, value, pos) end
                        local key = value
                        kind, value, pos, i = next_token(s, i)
                        if kind ~= 'T_COLON' then expected('colon', kind, value, pos) end
                        kind, value, pos, i = next_token(s, i)
                        v, i = parse_value(s, kind, value, pos, i, depth)
                        t[key] = v
                        kind, value, pos, i = next_token(s, i)
                        if kind == 'T_OBJ_END' then return t, i end
                        if kind ~= 'T_COMMA' then expected('comma or object end', kind, value, pos) end
                        kind, value, pos, i = next_token(s, i)
                    end
                elseif kind == 'T_ARR_BEGIN' then
                    depth = depth + 1
                    if depth > cfg.dec_depth then
                        error(format('Found too many nested data structures (%d) at character %d', depth, pos), 0)
                    end
                    local t, n, v = {}, 0
                    kind, value, pos, i = next_token(s, i)
                    if kind == 'T_ARR_END' then return t, i end
                    while true do
                        v, i = parse_value(s, kind, value, pos, i, depth)
                        n = n + 1
                        t[n] = v
                        kind, value, pos, i = next_token(s, i)
                        if kind == 'T_ARR_END' then return t, i end
                        if kind ~= 'T_COMMA' then expected('comma or array end', kind, value, pos) end
                        kind, value, pos, i = next_token(s, i)
                    end
                elseif kind == 'T_STRING' or kind == 'T_NUMBER' or kind == 'T_BOOLEAN' or kind == 'T_NULL' then
                    return value, i
                end
                expected('value', kind, value, pos)
            end
            local function decode_text(s)
                local kind, value, pos, i = next_token(s, 1)
                local v
                v, i = parse_value(s, kind, value, pos, i, 0)
                kind, value, pos = next_token(s, i)
                if kind ~= 'T_END' then expected('the end', kind, value, pos) end
                return v
            end
            local function decode(...)
                if select('#', ...) ~= 1 then located_error("bad argument #1 to 'decode' (expected 1 argument)") end
                local s = ...
                local t = type(s)
                if t == 'number' then s = tostring(s)
                elseif t ~= 'string' then
                    located_error("bad argument #1 to 'decode' (string expected, got " .. (t == 'nil' and 'nil' or t) .. ')')
                end
                local ok, v = pcall(decode_text, s)
                if not ok then located_error(v) end
                return v
            end
            local function setting(name)
                return function(v)
                    if v ~= nil then cfg[name] = v end
                    return cfg[name]
                end
            end
            local function fill_cjson(t)
                t.encode, t.decode, t.null = encode, decode, null
                t._NAME, t._VERSION = 'cjson', '2.1.0'
                t.encode_sparse_array = function(convert, ratio, safe)
                    if convert ~= nil then cfg.sparse_convert = convert end
                    if ratio ~= nil then cfg.sparse_ratio = ratio end
                    if safe ~= nil then cfg.sparse_safe = safe end
                    return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
                end
                t.encode_max_depth = setting('enc_depth')
                t.decode_max_depth = setting('dec_depth')
                t.encode_number_precision = setting('precision')
                t.encode_keep_buffer = setting('keep')
                t.encode_invalid_numbers = setting('enc_invalid')
                t.decode_invalid_numbers = setting('dec_invalid')
                t.new = function() local n = {} fill_cjson(n) return n end
            end
            fill_cjson(cjson)

            -- ---- cmsgpack
            local MAX_NESTING = 16
            local function be(n, bytes) -- n >= 0, big endian
                local t = {}
                for k = bytes, 1, -1 do
                    t[k] = n % 256
                    n = floor(n / 256)
                end
                return char(unpack_(t))
            end
            local function be_negative(n, bytes) -- two's complement of n < 0, exact for any integral double
                local t = {}
                n = -n
                local carry = 1
                for k = bytes, 1, -1 do
                    local b = 255 - n % 256 + carry
                    carry = b > 255 and 1 or 0
                    t[k] = b % 256
                    n = floor(n / 256)
                end
                return char(unpack_(t))
            end
            local function ieee(x, ebits, mbits)
                local bias = 2 ^ (ebits - 1) - 1
                local sign = (x < 0 or (x == 0 and 1 / x < 0)) and 1 or 0
                if sign == 1 then x = -x end
                local e, m
                if x ~= x then e, m = 2 ^ ebits - 1, 2 ^ (mbits - 1)
                elseif x == huge then e, m = 2 ^ ebits - 1, 0
                elseif x == 0 then e, m = 0, 0
                else
                    local fm, fe = frexp(x)
                    e = fe + bias - 1
                    if e <= 0 then
                        m = floor(ldexp(x, mbits + bias - 1))
                        e = 0
                    else
                        m = (fm * 2 - 1) * 2 ^ mbits -- exact: the value fits this format
                    end
                end
                if mbits < 32 then return be(sign * 2 ^ (ebits + mbits) + e * 2 ^ mbits + m, 4) end
                -- 64 bits do not fit a double's integers: the high and low words apart
                return be(sign * 2 ^ 31 + e * 2 ^ (mbits - 32) + floor(m / 2 ^ 32), 4) .. be(m % 2 ^ 32, 4)
            end
            local function fits_float(x)
                if x ~= x then return false end
                if x == 0 or x == huge or x == -huge then return true end
                local ax = x < 0 and -x or x
                if ax >= 2 ^ 128 then return false end
                local fm, fe = frexp(ax)
                local bits = fe >= -125 and 24 or 24 - (-125 - fe)
                if bits <= 0 then return false end
                local scaled = ldexp(fm, bits)
                return scaled == floor(scaled)
            end
            local function pack_number(n)
                if n == n and n ~= huge and n ~= -huge and floor(n) == n and n >= -2 ^ 63 and n < 2 ^ 63 then
                    if n >= 0 then
                        if n <= 127 then return char(n) end
                        if n <= 0xff then return '\\204' .. char(n) end
                        if n <= 0xffff then return '\\205' .. be(n, 2) end
                        if n <= 0xffffffff then return '\\206' .. be(n, 4) end
                        return '\\207' .. be(n, 8)
                    end
                    if n >= -32 then return char(256 + n) end
                    if n >= -128 then return '\\208' .. be_negative(n, 1) end
                    if n >= -32768 then return '\\209' .. be_negative(n, 2) end
                    if n >= -2147483648 then return '\\210' .. be_negative(n, 4) end
                    return '\\211' .. be_negative(n, 8)
                end
                if fits_float(n) then return '\\202' .. ieee(n, 8, 23) end
                return '\\203' .. ieee(n, 11, 52)
            end
            local pack_value
            local function pack_table(t, level, out)
                t = real_of[t] or t
                local max, count, array = 0, 0, true
                for k in next, t do
                    if type(k) == 'number' and k > 0 and floor(k) == k then
                        if k > max then max = k end
                    else
                        array = false
                    end
                    count = count + 1
                end
                if array and max == count then
                    if count < 16 then out[#out + 1] = char(0x90 + count)
                    elseif count <= 0xffff then out[#out + 1] = '\\220' .. be(count, 2)
                    else out[#out + 1] = '\\221' .. be(count, 4) end
                    for k = 1, count do pack_value(rawget(t, k), level + 1, out) end
                    return
                end
                if count < 16 then out[#out + 1] = char(0x80 + count)
                elseif count <= 0xffff then out[#out + 1] = '\\222' .. be(count, 2)
                else out[#out + 1] = '\\223' .. be(count, 4) end
                for k, v in next, t do
                    pack_value(k, level + 1, out)
                    pack_value(v, level + 1, out)
                end
            end
            pack_value = function(v, level, out)
                local t = type(v)
                if t == 'string' then
                    local n = #v
                    if n < 32 then out[#out + 1] = char(0xa0 + n)
                    elseif n <= 0xff then out[#out + 1] = '\\217' .. char(n)
                    elseif n <= 0xffff then out[#out + 1] = '\\218' .. be(n, 2)
                    else out[#out + 1] = '\\219' .. be(n, 4) end
                    out[#out + 1] = v
                elseif t == 'number' then out[#out + 1] = pack_number(v)
                elseif t == 'boolean' then out[#out + 1] = v and '\\195' or '\\194'
                elseif t == 'table' and level < MAX_NESTING then pack_table(v, level, out)
                else out[#out + 1] = '\\192' end
            end
            local function pack(...)
                local n = select('#', ...)
                if n == 0 then located_error("bad argument #0 to 'pack' (MessagePack pack needs input.)") end
                local out = {}
                for k = 1, n do pack_value((select(k, ...)), 0, out) end
                return concat(out)
            end

            local EOF, BAD = {}, {}
            local function uint(s, i, bytes)
                if i + bytes - 1 > #s then error(EOF) end
                local n = 0
                for k = i, i + bytes - 1 do n = n * 256 + byte(s, k) end
                return n
            end
            local function int(s, i, bytes)
                local n = uint(s, i, bytes)
                if byte(s, i) >= 128 then n = n - 2 ^ (8 * bytes) end
                return n
            end
            local function float(s, i, ebits, mbits)
                local bytes = (ebits + mbits + 1) / 8
                local hi = uint(s, i, 4) -- sign, exponent and the top of the mantissa
                local lo = bytes == 8 and uint(s, i + 4, 4) or 0
                local hbits = bytes == 8 and mbits - 32 or mbits
                local sign = hi >= 2 ^ 31 and -1 or 1
                if sign < 0 then hi = hi - 2 ^ 31 end
                local e = floor(hi / 2 ^ hbits)
                local m = (hi - e * 2 ^ hbits) * (bytes == 8 and 2 ^ 32 or 1) + lo
                if e == 2 ^ ebits - 1 then return m == 0 and sign * huge or 0 / 0 end
                local bias = 2 ^ (ebits - 1) - 1
                if e == 0 then return sign * ldexp(m, 1 - bias - mbits) end
                return sign * ldexp(m + 2 ^ mbits, e - bias - mbits)
            end
            local unpack_value
            local function unpack_items(s, i, n)
                local t = {}
                for k = 1, n do t[k], i = unpack_value(s, i) end
                return t, i
            end
            local function unpack_pairs(s, i, n)
                local t, k, v = {}
                for _ = 1, n do
                    k, i = unpack_value(s, i)
                    v, i = unpack_value(s, i)
                    t[k] = v
                end
                return t, i
            end
            local function str(s, i, n)
                if i + n - 1 > #s then error(EOF) end
                return sub(s, i, i + n - 1), i + n
            end
            unpack_value = function(s, i)
                local c = byte(s, i)
                if not c then error(EOF) end
                i = i + 1
                if c < 0x80 then return c, i end
                if c >= 0xe0 then return c - 256, i end
                if c < 0x90 then return unpack_pairs(s, i, c - 0x80) end
                if c < 0xa0 then return unpack_items(s, i, c - 0x90) end
                if c < 0xc0 then return str(s, i, c - 0xa0) end
                if c == 0xc0 then return nil, i end
                if c == 0xc2 then return false, i end
                if c == 0xc3 then return true, i end
                if c == 0xca then return float(s, i, 8, 23), i + 4 end
                if c == 0xcb then return float(s, i, 11, 52), i + 8 end
                if c == 0xcc then return uint(s, i, 1), i + 1 end
                if c == 0xcd then return uint(s, i, 2), i + 2 end
                if c == 0xce then return uint(s, i, 4), i + 4 end
                if c == 0xcf then return uint(s, i, 8), i + 8 end
                if c == 0xd0 then return int(s, i, 1), i + 1 end
                if c == 0xd1 then return int(s, i, 2), i + 2 end
                if c == 0xd2 then return int(s, i, 4), i + 4 end
                if c == 0xd3 then return int(s, i, 8), i + 8 end
                if c == 0xd9 then return str(s, i + 1, uint(s, i, 1)) end
                if c == 0xda then return str(s, i + 2, uint(s, i, 2)) end
                if c == 0xdb then return str(s, i + 4, uint(s, i, 4)) end
                if c == 0xdc then return unpack_items(s, i + 2, uint(s, i, 2)) end
                if c == 0xdd then return unpack_items(s, i + 4, uint(s, i, 4)) end
                if c == 0xde then return unpack_pairs(s, i + 2, uint(s, i, 2)) end
                if c == 0xdf then return unpack_pairs(s, i + 4, uint(s, i, 4)) end
                error(BAD)
            end
            local function unpack_all(s, limit, offset, all)
                local out, n, i = {}, 0, offset + 1
                while i <= #s and (all or n < limit) do
                    n = n + 1
                    out[n], i = unpack_value(s, i)
                end
                return out, n, i
            end
            local function unpack_full(s, limit, offset, level)
                local len = #s
                if offset < 0 or limit < 0 then
                    located_error(format('Invalid request to unpack with offset of %d and limit of %d.', offset, len))
                elseif offset > len then
                    located_error(format('Start offset %d greater than input length %d.', offset, len))
                end
                local all = limit == 0 and offset == 0
                local ok, out, n, i = pcall(unpack_all, s, limit, offset, all)
                if not ok then
                    if out == EOF then located_error('Missing bytes in input.') end
                    if out == BAD then located_error('Bad data format in input.') end
                    error(out, 0)
                end
                if all then return unpack_(out, 1, n) end
                return i > len and -1 or i - 1, unpack_(out, 1, n)
            end
            local function checkstring(v, name, n)
                local t = type(v)
                if t == 'number' then return tostring(v) end
                if t ~= 'string' then
                    located_error('bad argument #' .. n .. " to '" .. name .. "' (string expected, got "
                        .. (t == 'nil' and 'no value' or t) .. ')')
                end
                return v
            end
            local function checkint(v, name, n, default)
                if v == nil and default then return default end
                local x = tonumber(v)
                if not x then
                    located_error('bad argument #' .. n .. " to '" .. name .. "' (number expected, got "
                        .. (v == nil and 'no value' or type(v)) .. ')')
                end
                return x >= 0 and floor(x) or -floor(-x)
            end
            cmsgpack.pack = pack
            cmsgpack.unpack = function(s)
                return unpack_full(checkstring(s, 'unpack', 1), 0, 0, 2)
            end
            cmsgpack.unpack_one = function(s, offset)
                s = checkstring(s, 'unpack_one', 1)
                return unpack_full(s, 1, checkint(offset, 'unpack_one', 2, 0), 2)
            end
            cmsgpack.unpack_limit = function(s, limit, offset)
                s = checkstring(s, 'unpack_limit', 1)
                return unpack_full(s, checkint(limit, 'unpack_limit', 2), checkint(offset, 'unpack_limit', 3, 0), 2)
            end
            cmsgpack._NAME = 'cmsgpack'
            cmsgpack._VERSION = 'lua-cmsgpack 0.4.0'
            cmsgpack._COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo'
            cmsgpack._DESCRIPTION = 'MessagePack C implementation for Lua'
            end
            """;
}
