package io.miniredis.differential;

import org.junit.jupiter.api.Test;

/** EVAL, EVALSHA, EVAL_RO, SCRIPT: conversions both ways, error texts, the sandbox, against Redis 7.0.15. */
class ScriptingDifferentialTest extends DifferentialTestBase {

    @Test
    void luaValuesBecomeReplies() {
        check("""
                EVAL "return 1" 0
                EVAL "return -3.99" 0
                EVAL "return 3.99" 0
                EVAL "return 'x'" 0
                EVAL "return true" 0
                EVAL "return false" 0
                EVAL "return nil" 0
                EVAL "return {1,2,3.7,'x',nil,5}" 0
                EVAL "return {1, {2, {3, 'x'}}, redis.status_reply('S'), redis.error_reply('E e')}" 0
                EVAL "return {ok='fine'}" 0
                EVAL "return {err='bad thing'}" 0
                EVAL "return {err='-FOO bar'}" 0
                EVAL "return {err='nospace'}" 0
                EVAL "return {ok=1}" 0
                EVAL "return {err=1}" 0
                EVAL "return {double=1.5}" 0
                EVAL "return {big_number='123'}" 0
                EVAL "return {map={a=1}}" 0
                EVAL "return {set={a=true}}" 0
                EVAL "redis.setresp(3) return true" 0
                EVAL "redis.setresp(3) return false" 0
                EVAL "return redis.error_reply('My Err')" 0
                EVAL "return redis.error_reply('-FOO bar')" 0
                EVAL "return redis.error_reply('x')" 0
                EVAL "return redis.error_reply('')" 0
                EVAL "return redis.error_reply(1)" 0
                EVAL "return redis.status_reply('OKAY')" 0
                EVAL "return redis.status_reply(1)" 0
                EVAL "return {1,2,{err='inner'}}" 0
                EVAL "return function() end" 0
                EVAL "return tostring(1e15) .. ' ' .. tostring(0.1) .. ' ' .. 10/3" 0
                EVAL "return #({1,2,nil,4})" 0
                EVAL "return string.format('%5.2f|%q', 3.14159, 'a\\\\nb')" 0
                EVAL "return KEYS" 2 a b c d
                EVAL "return ARGV" 2 a b c d
                EVAL "return {#KEYS, #ARGV}" 0
                """);
    }

    @Test
    void luaValuesInResp3() {
        check("""
                HELLO 3
                EVAL "return true" 0
                EVAL "return false" 0
                EVAL "return nil" 0
                EVAL "return {double=1.5}" 0
                EVAL "return {big_number='123'}" 0
                EVAL "return {map={a=1}}" 0
                EVAL "return {set={a=true}}" 0
                EVAL "return {1, false, 'x'}" 0
                EVAL "redis.setresp(3) return true" 0
                EVAL "redis.setresp(3) return false" 0
                EVAL "redis.setresp(3) return {double=1.5}" 0
                EVAL "redis.setresp(3) return {map={a=1}}" 0
                """);
        reconnect();
    }

    @Test
    void repliesBecomeLuaValues() {
        check("""
                SET s abc
                RPUSH l a b c
                HSET h f v
                EVAL "return redis.call('get', 's')" 0
                EVAL "return redis.call('get', 'nokey')" 0
                EVAL "return tostring(redis.call('get', 'nokey'))" 0
                EVAL "return type(redis.call('set', 'x', 'y'))" 0
                EVAL "return redis.call('set', 'x', 'y')" 0
                EVAL "return redis.call('set', 'x', 'y').ok" 0
                EVAL "return redis.call('lrange', 'l', 0, -1)" 0
                EVAL "return redis.call('incr', 'n')" 0
                EVAL "return redis.call('hgetall', 'h')" 0
                EVAL "return redis.pcall('incr', 's')" 0
                EVAL "local e = redis.pcall('incr', 's') return {type(e), e.err}" 0
                EVAL "local ok, e = pcall(redis.call, 'incr', 's') return {tostring(ok), type(e), e}" 0
                EVAL "local ok, e = pcall(error, {err='X y', a=5}) return {e, e.a}" 0
                EVAL "local ok, e = pcall(function() error({a=1}) end) return type(e)" 0
                EVAL "local out = {} for i, v in ipairs({3, 3.5, 0.1, 1/3, 1e20, 1e-7, 2^53, 2^63, 1e15, 1e16, 1e17}) do redis.call('set', 'n', v) out[i] = redis.call('get', 'n') end return out" 0
                EVAL "redis.call('select', 1) redis.call('set', 'in1', 'yes') return redis.call('get', 'in1')" 0
                GET in1
                SELECT 1
                GET in1
                SELECT 0
                """);
    }

    @Test
    void resp3RepliesInScripts() {
        check("""
                HSET h f v
                SADD s m
                ZADD z 1.5 m
                EVAL "redis.setresp(3) return redis.call('hgetall', 'h')" 0
                EVAL "redis.setresp(3) local r = redis.call('hgetall', 'h') return r.map.f" 0
                EVAL "redis.setresp(3) local r = redis.call('smembers', 's') return type(r.set)" 0
                EVAL "redis.setresp(3) local r = redis.call('zscore', 'z', 'm') return tostring(r.double)" 0
                EVAL "redis.setresp(3) return tostring(redis.call('get', 'nokey'))" 0
                EVAL "redis.setresp(3) return redis.call('zscore', 'z', 'm')" 0
                EVAL "redis.setresp(4)" 0
                EVAL "redis.setresp()" 0
                """);
    }

    @Test
    void scriptErrors() {
        check("""
                SET s abc
                EVAL "return redis.call('incr','s')" 0
                EVAL "error('boom')" 0
                EVAL "error()" 0
                EVAL "error(12)" 0
                EVAL "error({err='MYERR custom'})" 0
                EVAL "return nosuch.x" 0
                EVAL "x = 1" 0
                EVAL "return 'a'..nil" 0
                EVAL "syntax error here" 0
                EVAL "return redis.call('nosuch')" 0
                EVAL "return redis.pcall('nosuch')" 0
                EVAL "return redis.call('get')" 0
                EVAL "return redis.call('hello')" 0
                EVAL "return redis.call('eval', 'return 1', 0)" 0
                EVAL "return redis.call()" 0
                EVAL "return redis.call({})" 0
                EVAL "return redis.call('get', {})" 0
                EVAL_RO "return redis.call('set','a','b')" 1 a
                EVAL_RO "return redis.call('get','a')" 1 a
                EVAL "return 1" 2 a
                EVAL "return 1" -1
                EVAL "return 1" x
                EVAL "syntax error" x
                EVAL "syntax error" 2 a
                EVAL "return #KEYS + #ARGV" 0
                EVAL "return {#KEYS, #ARGV}" 2 a b c
                EVAL "return 1" +1 a
                EVAL "return 1" 01 a
                EVALSHA ffffffffffffffffffffffffffffffffffffffff x
                EVALSHA ffffffffffffffffffffffffffffffffffffffff 1
                EVALSHA_RO ffffffffffffffffffffffffffffffffffffffff -1
                EVALSHA ffffffffffffffffffffffffffffffffffffffff 0
                EVALSHA abc 0
                EVAL "return redis.log(99, 'hello')" 0
                EVAL "return redis.log(redis.LOG_WARNING)" 0
                EVAL "return redis.log(redis.LOG_WARNING, 'hello from a test')" 0
                EVAL "return redis.sha1hex()" 0
                EVAL "return redis.set_repl(99)" 0
                EVAL "return redis.sha1hex('')" 0
                EVAL "return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM}" 0
                EVAL "redis.set_repl(redis.REPL_ALL) return redis.replicate_commands()" 0
                """);
    }

    @Test
    void sandbox() {
        check("""
                EVAL "return os" 0
                EVAL "return io" 0
                EVAL "return loadfile" 0
                EVAL "return dofile" 0
                EVAL "return debug" 0
                EVAL "return require" 0
                EVAL "return print" 0
                EVAL "return setfenv" 0
                EVAL "return getfenv" 0
                EVAL "return newproxy" 0
                EVAL "return module" 0
                EVAL "return java" 0
                EVAL "return package" 0
                EVAL "return type(loadstring)" 0
                EVAL "x = 1" 0
                EVAL "string.foo = 1" 0
                EVAL "redis.foo = 1" 0
                EVAL "local t={} for k,v in pairs(_G) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(string) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(math) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(table) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(redis) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "local t={} for k,v in pairs(bit) do t[#t+1]=k..':'..type(v) end table.sort(t) return t" 0
                EVAL "return _VERSION" 0
                """);
    }

    @Test
    void scriptCache() {
        check("""
                SCRIPT FLUSH
                SCRIPT LOAD "return 'loaded'"
                EVALSHA 2fc2a8ecbb29d2b3a5e3e6a8f7b2a74a4d2f4c4b 0
                SCRIPT EXISTS 2fc2a8ecbb29d2b3a5e3e6a8f7b2a74a4d2f4c4b ffffffffffffffffffffffffffffffffffffffff
                SCRIPT LOAD "return ARGV[1]"
                EVALSHA 9ad4bd2aa8ab4a9aa3bf8bc5b2a97e4cb6cf0dc5 0 hello
                SCRIPT LOAD "syntax error"
                SCRIPT FLUSH ASYNC
                SCRIPT FLUSH SYNC
                SCRIPT FLUSH BAD
                SCRIPT FLUSH SYNC extra
                SCRIPT FLUSH BAD extra
                SCRIPT FLUSH async
                SCRIPT EXISTS a
                SCRIPT KILL
                SCRIPT HELP
                SCRIPT NOSUCH
                EVAL "return 1" 0
                SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db
                """);
    }

    @Test
    void bitLibrary() {
        check("""
                EVAL "return {bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4)}" 0
                EVAL "return {bit.tohex(255), bit.tohex(-1, -4), bit.tohex(0x1234, 2), bit.tobit(2^32 + 5), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x01020304)}" 0
                EVAL "return bit.band()" 0
                EVAL "return bit.band('x')" 0
                """);
    }
}
