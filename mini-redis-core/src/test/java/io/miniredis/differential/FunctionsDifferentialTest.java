package io.miniredis.differential;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis 7 functions: FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/KILL/HELP, FCALL and FCALL_RO, against Redis 7.0.15. */
class FunctionsDifferentialTest extends DifferentialTestBase {

    @AfterEach
    void flushFunctions() {
        same("FUNCTION", "FLUSH");
    }

    @Test
    void loadAndCall() {
        check("""
                FUNCTION LOAD "#!lua name=mylib\\nredis.register_function('echo', function(keys, args) return {keys, args} end)"
                FCALL echo 2 k1 k2 a1 a2 a3
                FCALL echo 0
                FCALL ECHO 0
                FUNCTION LOAD "#!lua name=MyLib\\nredis.register_function('ECHO', function() return 1 end)"
                FUNCTION DELETE MYLIB
                FUNCTION DELETE MyLib
                FUNCTION LOAD "#!lua name=mylib\\nredis.register_function('other', function() return 1 end)"
                FUNCTION LOAD REPLACE "#!lua name=mylib\\nredis.register_function('other', function() return 1 end)"
                FCALL echo 0
                FCALL other 0
                FUNCTION LOAD "#!lua name=lib2\\nredis.register_function('other', function() return 2 end)"
                FUNCTION LOAD "#!LUA   name=lib2\\nredis.register_function{function_name='w', callback=function(k, a) return redis.call('set', k[1], a[1]) end, description='writes'}"
                FCALL w 1 key value
                GET key
                FCALL_RO w 1 key value
                ~FUNCTION LIST
                ~FUNCTION LIST LIBRARYNAME LIB*
                FUNCTION LIST LIBRARYNAME nomatch WITHCODE
                FUNCTION LIST WITHCODE LIBRARYNAME mylib
                FUNCTION LIST LIBRARYNAME
                FUNCTION LIST WITHCODE WITHCODE
                FUNCTION LIST foo
                FUNCTION LIST "a\\x00b"
                FUNCTION LIST LIBRARYNAME a LIBRARYNAME b
                FUNCTION LIST libraryname mylib withcode withcode
                FUNCTION LOAD "a\\x00b" code
                FUNCTION LOAD REPLACE bogus code
                FUNCTION LOAD REPLACE REPLACE "#!lua name=mylib\\nredis.register_function('other', function() return 1 end)"
                FUNCTION STATS
                FUNCTION DELETE lib2
                FUNCTION DELETE lib2
                FCALL w 1 key value
                FUNCTION STATS
                FUNCTION FLUSH ASYNC
                FUNCTION FLUSH SYNC
                FUNCTION FLUSH bad
                FUNCTION FLUSH sync extra
                FUNCTION FLUSH bad extra
                FUNCTION FLUSH async
                FUNCTION KILL
                FUNCTION HELP
                FUNCTION NOSUCH
                FUNCTION STATS
                """);
    }

    @Test
    void flagsAndReadOnly() {
        check("""
                SET a 1
                FUNCTION LOAD "#!lua name=ro\\nredis.register_function{function_name='get', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}}\\nredis.register_function{function_name='set', callback=function(k) return redis.call('set', k[1], 'x') end, flags={'no-writes'}}"
                FCALL_RO get 1 a
                FCALL get 1 a
                FCALL set 1 a
                FCALL_RO set 1 a
                GET a
                FUNCTION LOAD "#!lua name=all\\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'allow-cross-slot-keys', 'no-cluster', 'allow-stale', 'allow-oom', 'no-writes', 'no-writes'}, description=7}"
                FUNCTION LIST LIBRARYNAME all
                HELLO 3
                FUNCTION LIST LIBRARYNAME all
                FUNCTION STATS
                FCALL get 1 a
                """);
        reconnect();
    }

    @Test
    void callErrors() {
        check("""
                SET str abc
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('err', function() error('boom') end)\\nredis.register_function('incr', function() return redis.call('incr', 'str') end)\\nredis.register_function('gw', function() x = 1 end)\\nredis.register_function('gr', function() return nosuch end)\\nredis.register_function('keys', function() return KEYS end)\\nredis.register_function('rf', function() return redis.register_function('z', function() end) end)\\nredis.register_function('pc', function() return redis.pcall('incr', 'str') end)"
                FCALL err 0
                FCALL incr 0
                FCALL pc 0
                FCALL gw 0
                FCALL gr 0
                FCALL keys 0
                FCALL rf 0
                FCALL nosuch 0
                FCALL nosuch x
                FCALL err x
                FCALL err -1
                FCALL err 2 a
                FCALL err 99999999999999999999
                FCALL keys +1 a
                FCALL keys 01 a
                FCALL keys " 1" a
                FCALL keys 1.0 a
                FCALL nosuch +1
                FCALL err 5 a
                FCALL_RO err x
                FCALL_RO nosuch 0
                FCALL_RO err 0
                FCALL
                """);
    }

    @Test
    void environments() {
        check("""
                FUNCTION LOAD "#!lua name=env\\nredis.register_function('g', function() local t={} for k,v in pairs(_G) do t[#t+1]=k..':'..type(v) end table.sort(t) return t end)\\nredis.register_function('r', function() local t={} for k,v in pairs(redis) do t[#t+1]=k..':'..type(v) end table.sort(t) return t end)\\nlocal v = redis.REDIS_VERSION_NUM\\nredis.log(redis.LOG_NOTICE, 'loading')\\nredis.register_function('v', function() return {v, redis.LOG_WARNING} end)"
                FCALL g 0
                FCALL r 0
                FCALL v 0
                FUNCTION LOAD "#!lua name=x\\nlocal v = pairs"
                FUNCTION LOAD "#!lua name=x\\nlocal v = redis.call"
                FUNCTION LOAD "#!lua name=x\\nlocal v = redis.setresp"
                FUNCTION LOAD "#!lua name=x\\nlocal v = _G"
                FUNCTION LOAD "#!lua name=x\\nlocal v = KEYS"
                FUNCTION LOAD "#!lua name=x\\nredis.foo = 1"
                FUNCTION LOAD "#!lua name=x\\nx = 1"
                FUNCTION LOAD "#!lua name=x\\nredis.call('ping')"
                FUNCTION LOAD "#!lua name=x\\nlocal function f() return 'shared' end\\nredis.register_function('a', f)\\nredis.register_function('b', f)\\nreturn 5"
                FCALL b 0
                """);
    }

    @Test
    void loadErrors() {
        check("""
                FUNCTION LOAD "#!lua name=taken\\nredis.register_function('f1', function() return 1 end)"
                FUNCTION LOAD "#!lua name=other\\nredis.register_function('f1', function() return 1 end)"
                FCALL f1 0
                FUNCTION LOAD "redis.register_function('f1', function() return 1 end)"
                FUNCTION LOAD "#!lua\\nredis.register_function('f1', function() return 1 end)"
                FUNCTION LOAD "#!lua name=x"
                FUNCTION LOAD "#!lua name=x\\nreturn 1"
                FUNCTION LOAD "#!lua name=x foo=bar\\nreturn 1"
                FUNCTION LOAD "#!lua name=x name=y\\nreturn 1"
                FUNCTION LOAD "#!luax name=x\\nreturn 1"
                FUNCTION LOAD "#!lua name=a.b\\nreturn 1"
                FUNCTION LOAD "#!lua name=\\nreturn 1"
                FUNCTION LOAD "#!lua name=x\\nsyntax error"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('a', function() return 1 end) redis.register_function('a', function() return 1 end)"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('a b', function() return 1 end)"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('', function() return 1 end)"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('a', 1)"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('a')"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function()"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function('a', function() end, 'c')"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function({}, function() end)"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback=function() end, flags={'bad'}}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback=function() end, flags={1}}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback=function() end, flags='no-writes'}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback=function() end, foo=1}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback=function() end, description={}}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name={}, callback=function() end}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a', callback='x'}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{callback=function() end}"
                FUNCTION LOAD "#!lua name=x\\nredis.register_function{function_name='a'}"
                FUNCTION LOAD "#!lua name=x\\nwhile true do end"
                FUNCTION LOAD
                FUNCTION LOAD REPLACE
                FUNCTION LOAD foo "#!lua name=q\\nredis.register_function('q', function() return 1 end)"
                FUNCTION LOAD a b c
                FUNCTION LIST
                """);
    }

    @Test
    void infoCountsScriptsAndFunctions() {
        check("""
                SCRIPT FLUSH
                SCRIPT LOAD "return 1"
                EVAL "return 2" 0
                FUNCTION LOAD "#!lua name=counted\\nredis.register_function('a', function() return 1 end)\\nredis.register_function('b', function() return 1 end)"
                """);
        for (String field :
                java.util.List.of("number_of_cached_scripts", "number_of_functions", "number_of_libraries")) {
            org.assertj.core.api.Assertions.assertThat(
                            infoField(actual.call("INFO", "memory").text(), field))
                    .as(field)
                    .isEqualTo(infoField(expected.call("INFO", "memory").text(), field));
        }
        org.assertj.core.api.Assertions.assertThat(
                        Long.parseLong(infoField(actual.call("INFO", "memory").text(), "used_memory_lua")))
                .isPositive();
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }
}
