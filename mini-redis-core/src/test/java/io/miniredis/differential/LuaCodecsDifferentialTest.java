package io.miniredis.differential;

import static org.assertj.core.api.Assertions.fail;

import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cjson and cmsgpack libraries of Lua scripts, against Redis 7.0.15's lua-cjson 2.1.0 and lua-cmsgpack 0.4.0:
 * every function of both, on a corpus of values and malformed input, and on seeded random nested values. Scripts
 * return the encoded bytes themselves (binary-safe bulk strings) or walk decoded values into a reply that shows each
 * value's Lua type, its exact number ({@code %.17g}) and whether it is integral, so a wrong type or a rounding shows.
 */
class LuaCodecsDifferentialTest extends DifferentialTestBase {

    /** cjson's settings live as long as the Lua state: every test starts from lua-cjson's defaults. */
    @BeforeEach
    void defaultCodecSettings() {
        same("EVAL", """
                return {cjson.encode_max_depth(1000), cjson.decode_max_depth(1000), cjson.encode_number_precision(14),
                    cjson.encode_sparse_array(false, 2, 10), cjson.encode_invalid_numbers(false),
                    cjson.decode_invalid_numbers(true), cjson.encode_keep_buffer(true)}""", "0");
    }

    /** Runs each script of {@code scripts} (separated by lines "----") with EVAL; replies must be the same bytes. */
    private void evalEach(String scripts) {
        for (String script : scripts.split("\n----\n")) {
            if (!script.isBlank()) {
                same(
                        "EVAL".getBytes(StandardCharsets.US_ASCII),
                        script.getBytes(StandardCharsets.ISO_8859_1),
                        "0".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** The library tables: fields, their pairs() order, cjson.null, what a script sees of them. */
    @Test
    void libraryTables() {
        evalEach("""
                local t={} for k,v in pairs(cjson) do t[#t+1]=k..':'..type(v) end table.sort(t) return t
                ----
                local t={} for k,v in pairs(cmsgpack) do t[#t+1]=k..':'..type(v) end table.sort(t) return t
                ----
                local t={} for k,v in pairs(cjson) do t[#t+1]=k end return t
                ----
                local t={} for k,v in pairs(cmsgpack) do t[#t+1]=k end return t
                ----
                local t={} for k,v in pairs(cjson.new()) do t[#t+1]=k end return t
                ----
                return cjson.null
                ----
                return {getmetatable(cjson.null) == nil, type(cjson.null)}
                ----
                return tostring(cjson.null)
                ----
                return {cjson.decode('null') == cjson.null}
                ----
                local t = {} t[cjson.null] = 1 return t[cjson.null]
                """);
    }

    /** The bug report: types of pack results, pack/unpack of mixed tables, table.concat over encodings. */
    @Test
    void bugReportSmoke() {
        evalEach("""
                return type(cmsgpack.pack(1.5))
                ----
                return {type(cmsgpack.pack(-2^40)), #cmsgpack.pack(-2^40)}
                ----
                local t = {} t.self = t return type(cmsgpack.pack(t))
                ----
                local t = {} t[1] = t return cmsgpack.pack(t)
                ----
                local t = {} t.a = t return cmsgpack.pack(t)
                ----
                return cmsgpack.pack(1.5)
                ----
                local r = {} for i, v in ipairs({cmsgpack.unpack(cmsgpack.pack(1, 2.5, 'x', {1,2}, {a=1}))}) do r[i] = type(v) end return r
                ----
                return table.concat({cjson.encode({a={b={c=1}}}), cjson.encode({1,{2,{3}}})}, '|')
                ----
                return table.concat({cmsgpack.pack(1.5), cmsgpack.pack(-2^40)}, '|')
                ----
                local x = cmsgpack.unpack(cmsgpack.pack(1.5)) return {type(x), tostring(x)}
                ----
                local p = cmsgpack.pack({1,2,3}, {a=1}, 1.5) return {#p, p}
                """);
    }

    /** cjson settings (they persist between scripts, as in Redis), and how argument errors are worded and located. */
    @Test
    void cjsonSettingsAndArgumentErrors() {
        evalEach("""
                return cjson.encode_max_depth(5)
                ----
                return cjson.encode_max_depth()
                ----
                return cjson.encode_max_depth(1000)
                ----
                return cjson.encode_max_depth(0)
                ----
                return cjson.encode_max_depth('x')
                ----
                return cjson.encode_max_depth('7')
                ----
                return cjson.encode_max_depth(1000, 2)
                ----
                return cjson.encode_max_depth(1000.7)
                ----
                return cjson.encode_max_depth(-1)
                ----
                return cjson.encode_max_depth(2^31)
                ----
                return cjson.encode_max_depth(1000)
                ----
                return {cjson.encode_sparse_array(true, 3, 4)}
                ----
                return {cjson.encode_sparse_array('on')}
                ----
                return {cjson.encode_sparse_array('off', 2, 10)}
                ----
                return {cjson.encode_sparse_array('bad')}
                ----
                return {cjson.encode_sparse_array(1)}
                ----
                return {cjson.encode_sparse_array(nil, -1)}
                ----
                return {cjson.encode_sparse_array(nil, nil, -1)}
                ----
                return {cjson.encode_sparse_array(nil, nil, nil, 1)}
                ----
                return {cjson.encode_sparse_array(false, 2, 10)}
                ----
                return cjson.encode_number_precision(15)
                ----
                return cjson.encode_number_precision(0)
                ----
                return cjson.encode_number_precision(3)
                ----
                return cjson.encode({1/3, 123456, 1e20})
                ----
                return cjson.encode_number_precision(14)
                ----
                return cjson.encode_invalid_numbers('null')
                ----
                return cjson.encode({1/0, -1/0, 0/0})
                ----
                return cjson.encode_invalid_numbers(true)
                ----
                return cjson.encode({1/0, -1/0, 0/0, -(0/0)})
                ----
                return cjson.encode_invalid_numbers('on')
                ----
                return cjson.encode_invalid_numbers('off')
                ----
                return cjson.encode_invalid_numbers('x')
                ----
                return cjson.encode_invalid_numbers(1)
                ----
                return cjson.encode_invalid_numbers(false)
                ----
                return cjson.decode_invalid_numbers()
                ----
                return cjson.decode_invalid_numbers(false)
                ----
                return cjson.decode('[0x10]')
                ----
                return cjson.decode('[nan]')
                ----
                return cjson.decode('[1]')
                ----
                return cjson.decode('[-Inf]')
                ----
                return cjson.decode('[+1]')
                ----
                return cjson.decode('[01]')
                ----
                return cjson.decode_invalid_numbers(true)
                ----
                return cjson.encode_keep_buffer()
                ----
                return cjson.encode_keep_buffer(false)
                ----
                return cjson.encode({1,2})
                ----
                return cjson.encode_keep_buffer('on')
                ----
                return cjson.encode_keep_buffer(true, 1)
                ----
                return cjson.decode_max_depth(2)
                ----
                return cjson.decode('[[1]]')
                ----
                return cjson.decode('[[[1]]]')
                ----
                return cjson.decode('{"a":{"b":{}}}')
                ----
                return cjson.decode_max_depth(1000)
                ----
                return cjson.encode_max_depth(2)
                ----
                return cjson.encode({{1}})
                ----
                return cjson.encode({{{1}}})
                ----
                return cjson.encode({a={b={}}})
                ----
                return cjson.encode_max_depth(1000)
                ----
                local c = cjson.new() c.encode_max_depth(1) return {c.encode_max_depth(), cjson.encode_max_depth()}
                ----
                local c = cjson.new() local t={} for k,v in pairs(c) do t[#t+1]=k..':'..type(v) end table.sort(t) return t
                ----
                local c = cjson.new() return {c.null == cjson.null, c.new == cjson.new, c.encode == cjson.encode, c._NAME, c._VERSION}
                ----
                local c = cjson.new() return c.encode({a=1})
                ----
                local c = cjson.new() return c.encode(1/0)
                ----
                local c = cjson.new() return c.encode()
                ----
                local c = cjson.new() return {pcall(c.encode)}
                ----
                return {pcall(cjson.encode)}
                ----
                return {pcall(cjson.decode, '[')}
                ----
                return {pcall(cjson.encode_max_depth, 0)}
                ----
                local ok, e = pcall(function() return cjson.encode_max_depth(0) end) return e
                ----
                local ok, e = pcall(function() local x = cjson.encode_max_depth(0) return x end) return e
                ----
                return cjson:encode()
                ----
                return cjson:decode()
                ----
                local f = cjson.encode return f()
                ----
                local f = cjson.encode_max_depth return f(0)
                ----
                return cjson.encode_max_depth(1000)
                """);
    }

    /** cjson.encode: numbers, strings, keys, arrays against objects, sparse arrays, nesting, unsupported values. */
    @Test
    void cjsonEncode() {
        evalEach("""
                return cjson.encode({2^53, 2^53+1, 2^63, -2^63, 2^64, -0, 0, 1e300, -1e300, 1e-300, 5e-324, 123456789012345678})
                ----
                return cjson.encode({0.1, 0.2, 0.3, 1/3, 2/3, 3.14159265358979, 100, 1e14, 1e15, 1e16, 123456789012345, 12345678901234.5})
                ----
                return cjson.encode(-0)
                ----
                return cjson.encode(0/0)
                ----
                return cjson.encode(-(0/0))
                ----
                return cjson.encode(1/0)
                ----
                return cjson.encode(-1/0)
                ----
                return cjson.encode({[1/0]=1})
                ----
                return cjson.encode({[-1/0]=1})
                ----
                local t = {} for i = 0, 255 do t[#t+1] = string.char(i) end return cjson.encode(table.concat(t))
                ----
                return cjson.encode({'"', '\\\\', '/', '\\b\\f\\n\\r\\t', '\\0', '\\127', '\\128\\255'})
                ----
                return cjson.encode({[''] = 1})
                ----
                return cjson.encode({['1'] = 'a', ['2'] = 'b'})
                ----
                return cjson.encode({[1] = 'a', ['2'] = 'b'})
                ----
                return cjson.encode({[0] = 'a'})
                ----
                return cjson.encode({[-1] = 'a'})
                ----
                return cjson.encode({[1.5] = 'a'})
                ----
                return cjson.encode({[2^53] = 'a'})
                ----
                return cjson.encode({[1e300] = 'a'})
                ----
                return cjson.encode({[0.1] = 'a'})
                ----
                return cjson.encode({[2^31] = 'a'})
                ----
                return cjson.encode({[2^31-1] = 'a'})
                ----
                return cjson.encode({[2^32] = 'a'})
                ----
                return cjson.encode({[2^32+1] = 'a'})
                ----
                return cjson.encode({[2^40] = 'a', [1] = 'b'})
                ----
                return cjson.encode({[11] = 'a'})
                ----
                return cjson.encode({[10] = 'a'})
                ----
                return cjson.encode({[1]=1, [2]=2, [3]=3, [8]=8})
                ----
                return cjson.encode({[1]=1, [12]=2})
                ----
                return cjson.encode({[1]=1, [2]=1, [3]=1, [4]=1, [5]=1, [6]=1, [20]=2})
                ----
                return cjson.encode({[1]=1, [2]=1, [3]=1, [4]=1, [5]=1, [6]=1, [7]=1, [8]=1, [9]=1, [10]=1, [20]=2})
                ----
                return cjson.encode({[1]=1, [2]=1, [3]=1, [4]=1, [5]=1, [6]=1, [7]=1, [8]=1, [9]=1, [10]=1, [21]=2})
                ----
                return cjson.encode({nil, nil, 3})
                ----
                return cjson.encode({[1]=true, a=false})
                ----
                return cjson.encode({a={}, b={{}}, c={[1]={}}})
                ----
                return cjson.encode({cjson.null, cjson.null})
                ----
                return cjson.encode({a=cjson.null})
                ----
                return cjson.encode({[true]=1})
                ----
                return cjson.encode({[cjson.null]=1})
                ----
                return cjson.encode({[{}]=1})
                ----
                return cjson.encode(function() end)
                ----
                return cjson.encode(coroutine.create(function() end))
                ----
                return cjson.encode({coroutine.create(function() end)})
                ----
                return cjson.encode({a=function() end, b=1})
                ----
                return cjson.encode(nil)
                ----
                return cjson.encode('')
                ----
                return cjson.encode(12)
                ----
                return cjson.encode('12')
                ----
                local t = {} t[1] = t return cjson.encode(t)
                ----
                local t = {} t.a = t return cjson.encode(t)
                ----
                local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)
                ----
                local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return #cjson.encode(t)
                ----
                local t = {} local c = t for i = 1, 1000 do c.a = {} c = c.a end return cjson.encode(t)
                ----
                local t = {} local c = t for i = 1, 999 do c.a = {} c = c.a end return #cjson.encode(t)
                ----
                return cjson.encode(setmetatable({}, {__index = function() return 1 end}))
                ----
                return cjson.encode(setmetatable({1,2}, {__len = function() return 5 end}))
                ----
                return cjson.encode({1, 2, 3, n = 3})
                ----
                local t = {1,2,3} t[2] = nil return cjson.encode(t)
                ----
                local t = {} for i = 1, 100 do t[i] = i end for i = 1, 99 do t[i] = nil end return cjson.encode(t)
                ----
                local t = {} for i = 1, 1000 do t[i] = i * 1.5 end return cjson.encode(t)
                ----
                local t = {} for i = 1, 50 do t['key' .. i] = i end return cjson.encode(t)
                ----
                local t = {} for i = 1, 50 do t[i * 2] = i end return cjson.encode(t)
                ----
                local t = {} for i = 1, 50 do t[i] = {x = i, y = {i, tostring(i)}} end return cjson.encode(t)
                ----
                return cjson.encode({["a\\0b"] = "c\\0d"})
                ----
                return cjson.encode({1, 'two', {three = 3}, {4, {5}}, true, false, cjson.null})
                ----
                return cjson.encode(string.rep('\\1', 10))
                ----
                return cjson.encode(1e308 * 10)
                ----
                return cjson.encode({1e15, 1e16, 1e17, 1e21, 1e-5, 1e-4, 0.00001, 123e-20})
                ----
                return cjson.encode({-1, -1.5, -1e-10, -123456789})
                """);
    }

    /** cjson.decode: numbers as strtod reads them, strings and escapes, NULs, whitespace, malformed text and its positions. */
    @Test
    void cjsonDecode() {
        evalEach("""
                return cjson.encode(cjson.decode('[1, 2.5, -3, 1e2, 1E-2, -0, 0.5e+3, 123456789012345678901234567890]'))
                ----
                local v = cjson.decode('[-0]') return tostring(v[1])
                ----
                return cjson.decode('[01]')
                ----
                return cjson.decode('[00]')
                ----
                return cjson.decode('[-01]')
                ----
                return cjson.decode('[0x1F]')
                ----
                return cjson.decode('[-0x1F]')
                ----
                return cjson.decode('[0X1f]')
                ----
                return cjson.decode('[0x]')
                ----
                return cjson.decode('[0x1p3]')
                ----
                return cjson.decode('[0x1.8p1]')
                ----
                return cjson.decode('[+1]')
                ----
                return cjson.decode('[+]')
                ----
                return cjson.decode('[1.]')
                ----
                return cjson.decode('[1.e2]')
                ----
                return cjson.decode('[.5]')
                ----
                return cjson.decode('[1e]')
                ----
                return cjson.decode('[1e+]')
                ----
                return cjson.decode('[-]')
                ----
                return cjson.decode('[--1]')
                ----
                return cjson.decode('[1-]')
                ----
                return cjson.decode('[1.5.5]')
                ----
                return tostring(cjson.decode('[nan]')[1])
                ----
                return tostring(cjson.decode('[-nan]')[1])
                ----
                return tostring(cjson.decode('[NaN]')[1])
                ----
                return tostring(cjson.decode('[NAN]')[1])
                ----
                return tostring(cjson.decode('[nan(123)]')[1])
                ----
                return tostring(cjson.decode('[inf]')[1])
                ----
                return tostring(cjson.decode('[-inf]')[1])
                ----
                return tostring(cjson.decode('[Infinity]')[1])
                ----
                return tostring(cjson.decode('[-infinity]')[1])
                ----
                return tostring(cjson.decode('[infinit]')[1])
                ----
                return tostring(cjson.decode('[infx]')[1])
                ----
                return tostring(cjson.decode('[+inf]')[1])
                ----
                return tostring(cjson.decode('[+nan]')[1])
                ----
                return tostring(cjson.decode('[Inf]')[1])
                ----
                return tostring(cjson.decode('[iNf]')[1])
                ----
                return tostring(cjson.decode('[in]')[1])
                ----
                return tostring(cjson.decode('[i]')[1])
                ----
                return tostring(cjson.decode('[n]')[1])
                ----
                return tostring(cjson.decode('[nul]')[1])
                ----
                return tostring(cjson.decode('[Null]')[1])
                ----
                return tostring(cjson.decode('[True]')[1])
                ----
                return tostring(cjson.decode('[truex]')[1])
                ----
                return tostring(cjson.decode('[nullx]')[1])
                ----
                return tostring(cjson.decode('[1x]')[1])
                ----
                return tostring(cjson.decode('nan'))
                ----
                return tostring(cjson.decode('inf'))
                ----
                return tostring(cjson.decode('-'))
                ----
                return tostring(cjson.decode('1e400'))
                ----
                return tostring(cjson.decode('-1e400'))
                ----
                return tostring(cjson.decode('1e-400'))
                ----
                return tostring(cjson.decode('4.9e-324'))
                ----
                return tostring(cjson.decode('2.2250738585072011e-308'))
                ----
                return cjson.decode('"\\\\u0041\\\\u00e9\\\\u20ac\\\\ud83d\\\\ude00"')
                ----
                return cjson.decode('"\\\\u0000"')
                ----
                return cjson.decode('"\\\\ud800"')
                ----
                return cjson.decode('"\\\\ud800x"')
                ----
                return cjson.decode('"\\\\ud800\\\\u0041"')
                ----
                return cjson.decode('"\\\\udc00"')
                ----
                return cjson.decode('"\\\\udc00\\\\ud800"')
                ----
                return cjson.decode('"\\\\ud800\\\\udbff"')
                ----
                return cjson.decode('"\\\\ud800\\\\ud800"')
                ----
                return cjson.decode('"\\\\udbff\\\\udfff"')
                ----
                return cjson.decode('"\\\\u12"')
                ----
                return cjson.decode('"\\\\u12g4"')
                ----
                return cjson.decode('"\\\\u"')
                ----
                return cjson.decode('"\\\\U0041"')
                ----
                return cjson.decode('"\\\\x41"')
                ----
                return cjson.decode('"abc\\\\')
                ----
                return cjson.decode('"abc\\\\"')
                ----
                return cjson.decode('"\\\\"\\\\\\\\\\\\/\\\\b\\\\f\\\\n\\\\r\\\\t"')
                ----
                return cjson.decode('"\\\\\\'"')
                ----
                return cjson.decode('"a\\0b"')
                ----
                return cjson.decode('[1]\\0garbage')
                ----
                return cjson.decode('\\0')
                ----
                return cjson.decode('1\\0')
                ----
                return cjson.decode('"\\0')
                ----
                return cjson.decode('a\\0')
                ----
                return cjson.decode('\\0\\0')
                ----
                return cjson.decode(' \\0')
                ----
                return cjson.decode('"\\128\\255\\192\\193"')
                ----
                return cjson.decode('"\\1\\2\\31\\n"')
                ----
                return cjson.decode('\\128')
                ----
                return cjson.decode(' ')
                ----
                return cjson.decode('')
                ----
                return cjson.decode(' \\t\\r\\n[ \\t\\r\\n1 \\t\\r\\n, \\t\\r\\n2 \\t\\r\\n] \\t\\r\\n')
                ----
                return cjson.decode('\\f[1]')
                ----
                return cjson.decode('\\v[1]')
                ----
                return cjson.decode('[1] [2]')
                ----
                return cjson.decode('[1],')
                ----
                return cjson.decode('{}x')
                ----
                return cjson.decode('{"a":1,"a":2}').a
                ----
                return cjson.decode('{"a":1,"b":{"c":[1,{"d":null}]}}').b.c[2].d == cjson.null
                ----
                return cjson.decode('{"a" : 1 , "b" :2}').b
                ----
                return cjson.decode('{"a":}')
                ----
                return cjson.decode('{"a"}')
                ----
                return cjson.decode('{"a":1 "b":2}')
                ----
                return cjson.decode('{,}')
                ----
                return cjson.decode('{')
                ----
                return cjson.decode('{"a":1')
                ----
                return cjson.decode('{"a":1,')
                ----
                return cjson.decode('[')
                ----
                return cjson.decode('[,]')
                ----
                return cjson.decode('[1 2]')
                ----
                return cjson.decode(']')
                ----
                return cjson.decode('}')
                ----
                return cjson.decode(':')
                ----
                return cjson.decode(',')
                ----
                return cjson.decode('{"a":[}')
                ----
                return cjson.decode('[{]')
                ----
                return cjson.decode('{[]:1}')
                ----
                return cjson.decode('{null:1}')
                ----
                return cjson.decode('{1:1}')
                ----
                return cjson.decode('[true,false,null]')
                ----
                return #cjson.decode('[null,null,null]')
                ----
                return cjson.decode('"x"')
                ----
                return cjson.decode('12.5')
                ----
                return cjson.decode('true')
                ----
                return cjson.decode('false')
                ----
                return cjson.decode('null')
                ----
                return type(cjson.decode('null'))
                ----
                return cjson.decode(12)
                ----
                return cjson.decode(1.5)
                ----
                return cjson.decode(1e100)
                ----
                return cjson.decode(true)
                ----
                return cjson.decode(cjson.null)
                ----
                return cjson.decode('1', '2')
                ----
                return cjson.decode(string.rep('[', 999) .. string.rep(']', 999))[1] ~= nil
                ----
                return cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))[1] ~= nil
                ----
                return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))
                ----
                return cjson.decode(string.rep('{"a":', 1001) .. '1' .. string.rep('}', 1001))
                ----
                return cjson.decode('  ' .. string.rep('[', 1001))
                ----
                return cjson.decode('[1,2,3')
                ----
                return cjson.decode('"unterminated')
                ----
                return cjson.decode('[1, "a\\\\qb"]')
                ----
                return cjson.decode('{"a":1}}')
                ----
                return cjson.decode('[1]]')
                ----
                return cjson.decode('@')
                ----
                return cjson.decode("'a'")
                ----
                return cjson.decode('[1,\\n2,\\n x]')
                ----
                local t = cjson.decode('{"1":"a","2":"b"}') return {t['1'], t[1]}
                ----
                local t = cjson.decode('[[],{},[[]],{"a":{}}]') return cjson.encode(t)
                ----
                return cjson.decode('"' .. string.rep('x', 100000) .. '"') == string.rep('x', 100000)
                """);
    }

    /** cmsgpack.pack: integers and floats at every size boundary, strings, arrays against maps, nesting, argument limits. */
    @Test
    void cmsgpackPack() {
        evalEach("""
                return cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 2^32-1, 2^32, 2^53, 2^53+2, 2^63-1024, 2^63, 2^64, 2^64*2)
                ----
                return cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2^31, -2^31-1, -2^53, -2^63, -2^63-4096, -2^64)
                ----
                return cmsgpack.pack(-0, 0.5, 0.1, 1.5, -1.5, 1e38, 3.4028234663852886e38, 3.4028235677973366e38, 1e39, 1.401298464324817e-45, 7e-46, 1e-45, 2^-149, 2^-150, 2^-126, 2^-127, 1.17549435e-38)
                ----
                return cmsgpack.pack(0/0)
                ----
                return cmsgpack.pack(-(0/0))
                ----
                return cmsgpack.pack(1/0, -1/0)
                ----
                return cmsgpack.pack(1e300, -1e300, 5e-324, 2^1023 * 1.5, 16777217, 16777216, 16777218, 0.1 + 0.2)
                ----
                return cmsgpack.pack('')
                ----
                return cmsgpack.pack(string.rep('a', 31), string.rep('a', 32))
                ----
                return #cmsgpack.pack(string.rep('a', 255)) .. ' ' .. cmsgpack.pack(string.rep('a', 255)):byte(1) .. ' ' .. cmsgpack.pack(string.rep('a', 255)):byte(2)
                ----
                return {#cmsgpack.pack(string.rep('a', 256)), cmsgpack.pack(string.rep('a', 256)):byte(1, 3)}
                ----
                return {#cmsgpack.pack(string.rep('a', 65535)), cmsgpack.pack(string.rep('a', 65535)):byte(1, 3)}
                ----
                return {#cmsgpack.pack(string.rep('a', 65536)), cmsgpack.pack(string.rep('a', 65536)):byte(1, 5)}
                ----
                return cmsgpack.pack({}, {{}}, {1}, {a={}})
                ----
                return cmsgpack.pack({1, 2, nil, 4})
                ----
                return cmsgpack.pack({nil, 2})
                ----
                return cmsgpack.pack({[1]=1, [2]=2, [4]=4})
                ----
                return cmsgpack.pack({[0]=1})
                ----
                return cmsgpack.pack({[1.5]=1})
                ----
                return cmsgpack.pack({[-1]=1})
                ----
                return cmsgpack.pack({[2^31]=1})
                ----
                return cmsgpack.pack({[1]='a', [2]='b', x='c'})
                ----
                return cmsgpack.pack({[true]=1, [false]=2})
                ----
                return cmsgpack.pack({[cjson.null]=1})
                ----
                return cmsgpack.pack(cjson.null, function() end, coroutine.create(function() end))
                ----
                local t = {} for i = 1, 15 do t[i] = i end return cmsgpack.pack(t)
                ----
                local t = {} for i = 1, 16 do t[i] = i end return cmsgpack.pack(t)
                ----
                local t = {} for i = 1, 65535 do t[i] = 0 end local p = cmsgpack.pack(t) return {#p, p:byte(1, 3)}
                ----
                local t = {} for i = 1, 65536 do t[i] = 0 end local p = cmsgpack.pack(t) return {#p, p:byte(1, 5)}
                ----
                local t = {} for i = 1, 15 do t['k'..i] = i end return cmsgpack.pack(t)
                ----
                local t = {} for i = 1, 16 do t['k'..i] = i end return cmsgpack.pack(t)
                ----
                local t = {} for i = 1, 65536 do t['k'..i] = 0 end local p = cmsgpack.pack(t) return {#p, p:byte(1, 5)}
                ----
                local t = {} local c = t for i = 1, 15 do c[1] = {} c = c[1] end return cmsgpack.pack(t)
                ----
                local t = {} local c = t for i = 1, 16 do c[1] = {} c = c[1] end return cmsgpack.pack(t)
                ----
                local t = {} local c = t for i = 1, 17 do c.x = {} c = c.x end return cmsgpack.pack(t)
                ----
                local t = {} t.a = t t.b = 1 return cmsgpack.pack(t)
                ----
                local t = {} t[1] = t t[2] = t return #cmsgpack.pack(t)
                ----
                return cmsgpack.pack(setmetatable({}, {__index = function(t, k) return k end}))
                ----
                return cmsgpack.pack(setmetatable({1, 2}, {__len = function() return 10 end}))
                ----
                return cmsgpack.pack(true, false, nil, nil)
                ----
                return cmsgpack.pack(nil)
                ----
                return cmsgpack.pack()
                ----
                return {pcall(cmsgpack.pack)}
                ----
                return cmsgpack:pack()
                ----
                local t = {} for i = 1, 4000 do t[i] = i end return #cmsgpack.pack(unpack(t))
                ----
                local t = {} for i = 1, 4001 do t[i] = i end return #cmsgpack.pack(unpack(t))
                ----
                local t = {} for i = 1, 7990 do t[i] = i end return #cmsgpack.pack(unpack(t))
                """);
    }

    /** cmsgpack.unpack, unpack_one, unpack_limit: every type byte, truncated and bad input, offsets, the stack limits. */
    @Test
    void cmsgpackUnpack() {
        evalEach("""
                local function hex(s) return (s:gsub('..', function(h) return string.char(tonumber(h, 16)) end)) end
                local function walk(v) local t = type(v) if t == 'table' then local r = {'table'} for k, x in pairs(v) do r[#r+1] = {walk(k), walk(x)} end return r elseif t == 'number' then return {'number', string.format('%.17g', v), tostring(v), v == math.floor(v) and 1 or 0} else return {t, tostring(v)} end end
                local out = {}
                for _, h in ipairs({'00', '7f', '80', '8f', '90', '9f', 'a0', 'bf', 'c0', 'c2', 'c3', 'e0', 'ff', 'cc80', 'ccff', 'cd0100', 'cdffff', 'ce00010000', 'ceffffffff', 'cf0000000100000000', 'cf001fffffffffffff', 'cf0020000000000001', 'cf7fffffffffffffff', 'cf8000000000000000', 'cfffffffffffffffff', 'cf8000000000000401', 'cf0000000000000400', 'd080', 'd0ff', 'd07f', 'd18000', 'd1ffff', 'd17fff', 'd280000000', 'd2ffffffff', 'd27fffffff', 'd38000000000000000', 'd3ffffffffffffffff', 'd37fffffffffffffff', 'd3ffdfffffffffffff', 'd3ffe0000000000001', 'd38000000000000401', 'ca3fc00000', 'ca00000001', 'ca7f800000', 'caff800000', 'ca80000000', 'ca7f7fffff', 'cb3ff8000000000000', 'cb8000000000000000', 'cb0000000000000001', 'cb7ff0000000000000', 'cbfff0000000000000', 'd90141', 'd900', 'da000141', 'db0000000141', 'dc0001c3', 'dd00000001c2', 'de0001a161c0', 'df00000001a16101', '9301c0 03', '82a161 01a162 02', '8101 02', '91 91 91 00'}) do
                  local ok, r = pcall(function() return {cmsgpack.unpack(hex(h:gsub(' ', '')))} end)
                  if ok then local w = {} for i = 1, #r do w[i] = walk(r[i]) end out[#out+1] = {h, w} else out[#out+1] = {h, r} end
                end
                return out
                ----
                local function hex(s) return (s:gsub('..', function(h) return string.char(tonumber(h, 16)) end)) end
                local out = {}
                for _, h in ipairs({'ca7fc00000', 'caffc00000', 'ca7fc00001', 'cb7ff8000000000000', 'cbfff8000000000000', 'cb7ff8000000000001', 'cb7ff0000000000001'}) do
                  local v = cmsgpack.unpack(hex(h))
                  out[#out+1] = {h, tostring(v), cmsgpack.pack(v)}
                end
                return out
                ----
                local function hex(s) return (s:gsub('..', function(h) return string.char(tonumber(h, 16)) end)) end
                local out = {}
                for _, h in ipairs({'c1', 'c4', 'c40141', 'c5000141', 'c600000001 41', 'c7', 'c70101ff', 'c8000101ff', 'c900000001 01ff', 'd4', 'd401ff', 'd5', 'd6', 'd7', 'd8', 'cc', 'cd01', 'ce000000', 'cf00000000000000', 'd0', 'd100', 'd2000000', 'd300000000000000', 'ca000000', 'cb00000000000000', 'a1', 'a2 41', 'd9', 'd902 41', 'da', 'da00', 'da0002 41', 'db000000', 'db00000002 41', 'dc', 'dc00', 'dc0002 01', 'dd00000002 01', 'de', 'de0001 01', 'df00000001 01', '91', '92 01', '81', '81 01', '81 c0 01', '81 c0', '82 c0 01 01 02', '81 cb7ff8000000000000 01', '81 cbfff8000000000000 01', '91 c1', '01 c1', '01 02 c1', '01 92', 'c0 c0'}) do
                  out[#out+1] = {h, {pcall(cmsgpack.unpack, hex(h:gsub(' ', '')))}}
                end
                return out
                ----
                return cmsgpack.unpack(string.char(0xc1))
                ----
                return cmsgpack.unpack(string.char(0x81, 0xc0, 1))
                ----
                return cmsgpack.unpack(string.char(0x81, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0, 1))
                ----
                return {pcall(cmsgpack.unpack_one, string.char(0x81, 0xc0, 1))}
                ----
                return cmsgpack.unpack(nil)
                ----
                return cmsgpack.unpack()
                ----
                return cmsgpack.unpack({})
                ----
                return cmsgpack.unpack(12)
                ----
                return cmsgpack.unpack(1, 2)
                ----
                return cmsgpack:unpack()
                ----
                return {pcall(cmsgpack.unpack)}
                ----
                return cmsgpack.unpack_one()
                ----
                return cmsgpack.unpack_one(nil)
                ----
                return cmsgpack.unpack_one(nil, 'x')
                ----
                return cmsgpack.unpack_one('\\1', 'x')
                ----
                return {cmsgpack.unpack_one('\\1\\2', '1')}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 1.9)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', -0.5)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 2^32+1)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 2^32)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 2^31)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 2)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 3)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', -1)}
                ----
                return {cmsgpack.unpack_one('\\1\\2', 0, 'extra')}
                ----
                return {cmsgpack.unpack_one('\\1\\2', nil)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3')}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', nil)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 'a')}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', '2')}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 0)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 0, 0)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 0, 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 1, 0)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 2, 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 5, 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 5, 3)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 5, 4)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', -1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', -1, 2)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 1, -1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 2^32 + 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 2^31)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 1, 2^32 + 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\3', 1, 2^32)}
                ----
                return {cmsgpack.unpack_limit(nil, 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\147\\1', 2, 1)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\147\\1', 3, 0)}
                ----
                return {cmsgpack.unpack_limit('\\1\\2\\147\\1\\2\\3', 3, 0)}
                ----
                return {cmsgpack.unpack_one('\\1\\2\\147\\1\\2\\3', 2)}
                ----
                return {pcall(cmsgpack.unpack_limit, '\\1\\2\\3', -1)}
                ----
                return {pcall(cmsgpack.unpack_one, '\\1\\2\\3', 9)}
                ----
                return {pcall(cmsgpack.unpack_one)}
                ----
                local t = {} for i = 1, 7990 do t[i] = i end return select('#', cmsgpack.unpack(string.rep('\\1', 7990)))
                ----
                return select('#', cmsgpack.unpack(string.rep('\\1', 7997)))
                ----
                return select('#', cmsgpack.unpack(string.rep('\\1', 7998)))
                ----
                return select('#', cmsgpack.unpack(string.rep('\\1', 7999)))
                ----
                return select('#', cmsgpack.unpack(string.rep('\\1', 8000)))
                ----
                return select('#', cmsgpack.unpack(string.rep('\\1', 20000)))
                ----
                return select('#', cmsgpack.unpack_limit(string.rep('\\1', 20000), 7997))
                ----
                return select('#', cmsgpack.unpack_limit(string.rep('\\1', 20000), 7998))
                ----
                return select('#', cmsgpack.unpack_limit(string.rep('\\1', 20000), 7999))
                ----
                return select('#', cmsgpack.unpack_limit(string.rep('\\1', 20000), 8000))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 3990) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 3997) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 3998) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 3999) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 4000) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\145', 5000) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\1', 3997) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\1', 3998) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\1', 3999) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\1', 4000) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\1', 5000) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\145\\1', 2000) .. '\\1'))
                ----
                return type(cmsgpack.unpack(string.rep('\\129\\145\\1', 5000) .. '\\1'))
                """);
    }

    /** Raised depth limits against the Lua stack, NaN payloads, cjson.new() instances, coroutines, invalid-number settings. */
    @Test
    void limitsNaNsAndInstances() {
        evalEach("""
                cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 7990 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) cjson.encode_max_depth(1000) return {ok, ok and #e or e}
                ----
                cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 8000 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) cjson.encode_max_depth(1000) return {ok, ok and #e or e}
                ----
                cjson.encode_max_depth(100000) local r = {} for _, n in ipairs({7995, 7996, 7997, 7998}) do local t = {} local c = t for i = 1, n - 1 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) r[#r+1] = ok and #e or e end cjson.encode_max_depth(1000) return r
                ----
                cjson.encode_max_depth(100000) local r = {} for _, n in ipairs({3996, 3997, 3998, 3999, 4000}) do local t = {} local c = t for i = 1, n - 1 do c.a = {} c = c.a end local ok, e = pcall(cjson.encode, t) r[#r+1] = ok and #e or e end cjson.encode_max_depth(1000) return r
                ----
                cjson.decode_max_depth(100000) local r = {} for _, n in ipairs({3997, 3998, 3999, 4000, 7997, 7998, 7999, 8000}) do local ok, e = pcall(cjson.decode, string.rep('[', n) .. string.rep(']', n)) r[#r+1] = ok and 'ok' or e end cjson.decode_max_depth(1000) return r
                ----
                cjson.decode_max_depth(100000) local r = {} for _, n in ipairs({2665, 2666, 2667, 3997, 3998, 3999, 4000}) do local ok, e = pcall(cjson.decode, string.rep('{"a":', n) .. '1' .. string.rep('}', n)) r[#r+1] = ok and 'ok' or e end cjson.decode_max_depth(1000) return r
                ----
                cjson.decode_max_depth(100000) local r = {} for _, n in ipairs({2665, 2666, 2667, 3997, 3998, 3999, 4000}) do local ok, e = pcall(cjson.decode, string.rep('{"a":[', n) .. '1' .. string.rep(']}', n)) r[#r+1] = ok and 'ok' or e end cjson.decode_max_depth(1000) return r
                ----
                local c = cjson.new() c.encode_max_depth(2) local ok, e = pcall(c.encode, {{{}}}) return {ok, e, cjson.encode({{{}}})}
                ----
                local c = cjson.new() return c.encode_max_depth(0)
                ----
                local c = cjson.new() return c.decode('[')
                ----
                local c = cjson.new() local d = c.new() d.encode_invalid_numbers('null') return {d.encode(1/0), c.encode_invalid_numbers(), cjson.encode_invalid_numbers()}
                ----
                local co = coroutine.create(function(x) return cjson.encode(x) end) return {coroutine.resume(co, {1,2})}
                ----
                local co = coroutine.create(function(x) return cjson.encode(x) end) return {coroutine.resume(co, function() end)}
                ----
                local co = coroutine.wrap(function() local c = cjson.new() return c.encode({a=1}) end) return co()
                ----
                local co = coroutine.create(function() return cmsgpack.unpack(cmsgpack.pack({1,2,3})) end) local ok, t = coroutine.resume(co) return t
                ----
                return cjson.encode_invalid_numbers('null')
                ----
                return cjson.encode({[1/0] = 1, [-1/0] = 2})
                ----
                return cjson.encode({1/0, 0/0, -1/0})
                ----
                return cjson.encode_invalid_numbers(false)
                ----
                local r = {} for p = 1, 14 do cjson.encode_number_precision(p) r[p] = cjson.encode({1/3, 123456789.123, 1e300, -2.5e-300, 100, 0.1, 2^53}) end cjson.encode_number_precision(14) return r
                ----
                cjson.encode_sparse_array(true) local r = {cjson.encode({[1]=1, [20]=2}), cjson.encode({[1]=1, [2]=2, [40]=3})} cjson.encode_sparse_array(false) return r
                ----
                cjson.encode_sparse_array(false, 0) local r = {cjson.encode({[1]=1, [20]=2}), cjson.encode({[100]=1})} cjson.encode_sparse_array(false, 2, 10) return r
                ----
                cjson.encode_sparse_array(false, 1, 0) local r = {pcall(cjson.encode, {[1]=1, [3]=2})} r[3] = cjson.encode({1, 2, 3}) cjson.encode_sparse_array(false, 2, 10) return r
                ----
                cjson.encode_sparse_array(false, 2147483647, 0) local r = {pcall(cjson.encode, {[1]=1, [2]=1, [3]=2})} r[3] = cjson.encode({[2]=1}) cjson.encode_sparse_array(false, 2, 10) return r
                ----
                cjson.encode_sparse_array(false, 1073741824, 0) local r = {pcall(cjson.encode, {[1]=1, [2]=1, [3]=2})} r[3] = cjson.encode({[2]=1}) cjson.encode_sparse_array(false, 2, 10) return r
                ----
                return {cjson.encode_sparse_array(nil, '3', '4.7')}
                ----
                return {cjson.encode_sparse_array(nil, 2, 10)}
                ----
                return {cjson.encode_sparse_array(nil, 0/0)}
                ----
                return {cjson.encode_sparse_array(nil, 2^32 + 5)}
                ----
                return {cjson.encode_sparse_array(nil, 2, 10)}
                ----
                return cjson.encode_max_depth(true)
                ----
                return cjson.encode_max_depth({})
                ----
                return cjson.encode_keep_buffer({})
                ----
                return cjson.encode_keep_buffer('a\\0b')
                ----
                return cjson.encode_invalid_numbers('')
                ----
                return cjson:encode_max_depth()
                ----
                return cjson.new():encode()
                ----
                return cjson.decode_invalid_numbers('off')
                ----
                local r = {} for _, s in ipairs({'[1]', '[-1]', '[0]', '[-0]', '[0.5]', '[01]', '[-01]', '[0x1]', '[+1]', '[inf]', '[-inf]', '[nan]', '[NaN]', '[Infinity]', '[1e5]', '[-]', '[i]', '[in]', '[.5]', '[-.5]', '[-x]', '[-\\128]'}) do local ok, e = pcall(cjson.decode, s) r[#r+1] = s .. ' ' .. (ok and tostring(e[1]) or e) end return r
                ----
                return cjson.decode_invalid_numbers(true)
                ----
                local r = {} for _, s in ipairs({'[-.5]', '[-x]', '[-\\128]', '[0x]', '[-0x]', '[0x.8]', '[0x.]', '[1e+5]', '[1E-5]', '[1e5.5]', '[00012]', '[-00]', '[1.5e]', '[0xAbCp-2]', '[0x1P+3]', '[nan()]', '[nan(]', '[nan(a b)]', '[-Infinityx]', '[infinity]'}) do local ok, e = pcall(cjson.decode, s) r[#r+1] = s .. ' ' .. (ok and tostring(e[1]) or e) end return r
                ----
                local r = {} for _, h in ipairs({'ca7fc00000', 'caffc00000', 'ca7fc00001', 'ca7f800001', 'ca7fbfffff', 'cb7ff8000000000000', 'cbfff8000000000000', 'cb7ff8000000000001', 'cb7ff0000000000001', 'cbfff0000000000001', 'cb7fffffffffffffff'}) do local s = h:gsub('..', function(x) return string.char(tonumber(x, 16)) end) local v = cmsgpack.unpack(s) r[#r+1] = {h, tostring(v), cmsgpack.pack(v), cmsgpack.pack({v}), cjson.encode_invalid_numbers()} end return r
                ----
                return {cmsgpack.pack(0/0), cmsgpack.pack(-(0/0)), cmsgpack.pack(math.huge - math.huge), cmsgpack.pack(math.sqrt(-1)), tostring(math.sqrt(-1)), tostring(0/0), tostring(-(0/0))}
                """);
    }

    /** Errors through local functions, pcall and xpcall; codecs over redis.call replies, KEYS and ARGV; numbers out of the reply range. */
    @Test
    void errorsInsideScripts() {
        evalEach("""
                local function f(x) return cjson.encode(x) end
                local function g(x) local y = f(x) return y end
                return g(function() end)
                ----
                local function f(x)
                  return cjson.decode(x)
                end
                return f('[1,')
                ----
                local t = {}
                t[1] = cmsgpack.unpack('\\193')
                return t
                ----
                return pcall(function() error(cjson.null) end)
                ----
                local ok, e = pcall(cjson.encode, {a = function() end}) return e
                ----
                local ok, e = xpcall(function() return cjson.decode('x') end, function(m) return 'H:' .. m end) return e
                ----
                return cjson.encode(redis.call('ping'))
                ----
                return cjson.encode({redis.status_reply('x')})
                ----
                return cmsgpack.pack(redis.error_reply('boom'))
                ----
                return cjson.decode('{"a":[1,2,{"b":null}]}')
                ----
                return cmsgpack.unpack(cmsgpack.pack({1, {2, {3, {4}}}, 'x'}))
                ----
                return {cmsgpack.unpack(cmsgpack.pack(1, nil, 3))}
                ----
                return {cmsgpack.unpack(cmsgpack.pack(nil))}
                ----
                return select('#', cmsgpack.unpack(cmsgpack.pack(nil, nil)))
                ----
                return {cmsgpack.unpack_limit(cmsgpack.pack(nil, nil, 1), 2)}
                ----
                return cjson.encode(KEYS)
                ----
                return cjson.encode(ARGV)
                ----
                return cmsgpack.pack(KEYS, ARGV)
                ----
                return 0/0
                ----
                return 1e100
                ----
                return -1e100
                ----
                return 2^63
                ----
                return -2^63
                ----
                return 1/0
                ----
                return -1/0
                ----
                return {2^63 - 1024, -2^63 - 4096, 0/0}
                ----
                return -0.5
                ----
                return 2^62
                """);
    }

    /** The first checks, in redis-cli syntax. */
    @Test
    void cjsonEncodeInline() {
        check("""
                EVAL "local t={} for k,v in pairs(cjson) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "return {cjson._NAME, cjson._VERSION, tostring(cjson.null), type(cjson.null)}" 0
                EVAL "return cjson.encode({1.5, 1e20, 3, -0, 0.1, 1/3, 2^53, 123456789012345, 1e-7, 12345678901234567890})" 0
                EVAL "return cjson.encode({})" 0
                EVAL "return cjson.encode({a={1,2},b={}})" 0
                EVAL "return cjson.encode({[1]=1,[3]=3})" 0
                EVAL "return cjson.encode({10,20,nil,40})" 0
                EVAL "return cjson.encode({[1]=1,[20]=2})" 0
                EVAL "return cjson.encode('a\\"b\\\\\\\\c/\\\\n\\\\t\\\\1' .. string.char(127, 200, 0))" 0
                EVAL "return cjson.encode(true)" 0
                EVAL "return cjson.encode(cjson.null)" 0
                EVAL "return cjson.encode(1/0)" 0
                EVAL "return cjson.encode(0/0)" 0
                EVAL "return cjson.encode({a=function() end})" 0
                EVAL "return cjson.encode()" 0
                EVAL "return cjson.encode(1,2)" 0
                EVAL "return cjson.encode({[1.5]=1})" 0
                EVAL "return cjson.encode({[true]=1})" 0
                EVAL "return cjson.encode({['1']=1, [2]=2})" 0
                EVAL "return cjson.encode({a=1, b='x', c={1,{d=false}}, e=2.5, f='g', h={}, i=cjson.null, j=-1})" 0
                EVAL "local t = {} for i = 1, 40 do t['k' .. i] = i end return cjson.encode(t)" 0
                EVAL "local t = {} local c = t for i = 1, 1001 do c[1] = {} c = c[1] end return cjson.encode(t)" 0
                EVAL "return {cjson.encode_sparse_array()}" 0
                EVAL "return {cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision(), tostring(cjson.encode_invalid_numbers()), tostring(cjson.decode_invalid_numbers())}" 0
                """);
    }

    @Test
    void cjsonDecodeInline() {
        check("""
                EVAL "return cjson.decode('[1,2,{\\"a\\":null}]')[3].a == cjson.null" 0
                EVAL "return cjson.encode(cjson.decode('{\\"a\\":[1,2.5,\\"x\\",true,false,null],\\"b\\":{}}'))" 0
                EVAL "return cjson.decode('[1,2.5,\\"x\\",true,false]')" 0
                EVAL "return cjson.decode('{\\"a\\":{\\"b\\":[1,2]}}').a.b" 0
                EVAL "return cjson.decode('\\"\\\\\\\\u00e9\\\\\\\\ud83d\\\\\\\\ude00\\\\\\\\n\\\\\\\\/\\"')" 0
                EVAL "return cjson.encode(cjson.decode('[]'))" 0
                EVAL "return cjson.decode('  [1 , 2] ')[2]" 0
                EVAL "return {cjson.decode('0x10'), cjson.decode('-0'), cjson.decode('1E2'), cjson.decode(' 12 ')}" 0
                EVAL "return tostring(cjson.decode('1e400'))" 0
                EVAL "return cjson.decode('bad')" 0
                EVAL "return cjson.decode('[1,2')" 0
                EVAL "return cjson.decode('[1,2] x')" 0
                EVAL "return cjson.decode('[\\"\\\\\\\\x\\"]')" 0
                EVAL "return cjson.decode('[\\"\\\\\\\\ud800\\"]')" 0
                EVAL "return cjson.decode('{\\"a\\":1,}')" 0
                EVAL "return cjson.decode('{\\"a\\" 1}')" 0
                EVAL "return cjson.decode('{1:2}')" 0
                EVAL "return cjson.decode('\\"abc')" 0
                EVAL "return cjson.decode('')" 0
                EVAL "return cjson.decode('[-]')" 0
                EVAL "return cjson.decode('tru')" 0
                EVAL "return cjson.decode('[1,]')" 0
                EVAL "return cjson.decode(string.rep('[', 1001))" 0
                EVAL "return cjson.decode()" 0
                EVAL "return cjson.decode({})" 0
                EVAL "return cjson.decode(nil)" 0
                EVAL "return cjson.decode(12)" 0
                """);
    }

    @Test
    void cmsgpackInline() {
        check("""
                EVAL "local t={} for k,v in pairs(cmsgpack) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}" 0
                EVAL "return cmsgpack.pack(1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, 2^32, -129, -32769, -2^31-1, 2^53, -2^53, -2^63, 2^64)" 0
                EVAL "return cmsgpack.pack(1.5, 0.1, -2.25, 1e300, 1/0, -1/0, 1e-40, 3.4028234663852886e38)" 0
                EVAL "return cmsgpack.pack('abc', string.rep('x', 31), string.rep('x', 40), string.rep('y', 300), string.rep('z', 70000))" 0
                EVAL "return cmsgpack.pack(true, false, nil, {1,2}, {a=1}, {}, {[1]=1,[3]=3}, function() end)" 0
                EVAL "local t = {} for i = 1, 20 do t[i] = i end local m = {} for i = 1, 20 do m['k' .. i] = i end return cmsgpack.pack(t, m)" 0
                EVAL "local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return cmsgpack.pack(t)" 0
                EVAL "return {cmsgpack.unpack(cmsgpack.pack({1,2,{a='b'}}, 'x', 2.5, -7, 2^40))}" 0
                EVAL "return cmsgpack.unpack(cmsgpack.pack({1,2,{a='b'}}))[3].a" 0
                EVAL "local a, b, c = cmsgpack.unpack(cmsgpack.pack(1e300, -2^63, 2^64)) return {tostring(a), tostring(b), tostring(c)}" 0
                EVAL "local a, b = cmsgpack.unpack(cmsgpack.pack(0.1, 1.5)) return {tostring(a), tostring(b)}" 0
                EVAL "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3))}" 0
                EVAL "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 1)}" 0
                EVAL "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 2)}" 0
                EVAL "return {cmsgpack.unpack_one('')}" 0
                EVAL "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2)}" 0
                EVAL "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 0, 1)}" 0
                EVAL "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 5, 1)}" 0
                EVAL "return cmsgpack.unpack_one(cmsgpack.pack(1), 5)" 0
                EVAL "return cmsgpack.unpack_one(cmsgpack.pack(1), -1)" 0
                EVAL "return cmsgpack.unpack(string.char(0xc1))" 0
                EVAL "return cmsgpack.unpack(string.char(0xcd, 1))" 0
                EVAL "return cmsgpack.unpack(string.char(0x92, 1))" 0
                EVAL "return cmsgpack.unpack(string.char(0xc4, 2, 65, 66))" 0
                EVAL "return {cmsgpack.unpack(string.char(0xd9, 1, 67, 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0))}" 0
                EVAL "return cmsgpack.unpack('')" 0
                EVAL "return cmsgpack.unpack()" 0
                EVAL "return cmsgpack.pack()" 0
                """);
    }

    /**
     * Walks one generated value through both libraries and returns everything as bulk strings: the JSON text (or the
     * error), the decoded value walked, the MessagePack bytes, the unpacked value walked, unpack_limit over the bytes
     * twice, and table.concat of it all.
     */
    private static final String ROUND_TRIP = """
            local v = assert(loadstring('return ' .. ARGV[1]))()
            local out = {}
            local function put(x) out[#out + 1] = x end
            local function walk(x)
                local t = type(x)
                if t == 'table' then
                    put('{')
                    for k, y in pairs(x) do walk(k) walk(y) end
                    put('}')
                elseif t == 'number' then
                    put(string.format('n %.17g %s %s', x, tostring(x), tostring(x == math.floor(x))))
                elseif t == 'string' then
                    put('s ' .. x)
                else
                    put(t .. ' ' .. tostring(x))
                end
            end
            local ok, json = pcall(cjson.encode, v)
            put(tostring(ok)) put(json)
            if ok then
                local ok2, back = pcall(cjson.decode, json)
                put(tostring(ok2))
                if ok2 then walk(back) put(cjson.encode(back)) else put(back) end
            end
            local packed = cmsgpack.pack(v)
            put(packed)
            local ok3, unpacked = pcall(cmsgpack.unpack, packed)
            put(tostring(ok3))
            if ok3 then walk(unpacked) put(cmsgpack.pack(unpacked)) else put(unpacked) end
            local limited = {pcall(cmsgpack.unpack_limit, packed .. packed, 1, #packed)}
            for i = 1, 3 do walk(limited[i]) end
            put(cmsgpack.pack(v, v, json))
            put(table.concat(out, '|'))
            return out
            """;

    /** Seeded random nested values (numbers at the boundaries, any bytes, every table shape) through both libraries. */
    @Test
    void randomValuesRoundTrip() {
        long seed = seed();
        Random random = new Random(seed);
        LuaValueGenerator generator = new LuaValueGenerator(random);
        String sha = same("SCRIPT", "LOAD", ROUND_TRIP).text();
        actual.call("SCRIPT", "LOAD", ROUND_TRIP);
        for (int i = 0; i < 500; i++) {
            String value = generator.value();
            RespReply want = expected.call("EVALSHA", sha, "0", value);
            RespReply got = actual.call("EVALSHA", sha, "0", value);
            if (!got.equals(want)) {
                fail("Random value " + i + " of seed " + seed + " differs: " + shorten(value) + "\n"
                        + firstDifference(want, got));
            }
        }
    }

    /** The first element where two replies differ, shortened: the replies carry strings of up to 64 KB. */
    private static String firstDifference(RespReply want, RespReply got) {
        int n = want.elements() == null || got.elements() == null
                ? 0
                : Math.min(want.elements().size(), got.elements().size());
        for (int i = 0; i < n; i++) {
            if (!want.elements().get(i).equals(got.elements().get(i))) {
                return "element " + i + "\n  redis:      "
                        + shorten(want.elements().get(i).toString()) + "\n  mini-redis: "
                        + shorten(got.elements().get(i).toString());
            }
        }
        return "  redis:      " + shorten(want.toString()) + "\n  mini-redis: " + shorten(got.toString());
    }

    private static String shorten(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "... (" + text.length() + " chars)";
    }
}
