package io.miniredis.differential;

import org.junit.jupiter.api.Test;

/** The cjson and cmsgpack libraries of Lua scripts, against Redis 7.0.15's lua-cjson and lua-cmsgpack. */
class LuaCodecsDifferentialTest extends DifferentialTestBase {

    @Test
    void cjsonEncode() {
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
    void cjsonDecode() {
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
    void cmsgpack() {
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
}
