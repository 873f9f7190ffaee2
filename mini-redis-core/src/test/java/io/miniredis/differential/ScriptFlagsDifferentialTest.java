package io.miniredis.differential;

import io.miniredis.support.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts that declare flags, against Redis 7.0.15: the {@code #!lua flags=...} first line of EVAL scripts (its
 * parsing and errors, line numbers after it, the SHA1 of the whole body, {@code no-writes} and the *_RO commands),
 * and {@code allow-oom} for EVAL scripts and functions over {@code maxmemory}, next to the pre-7.0 rule for scripts
 * without a shebang (only a first write may be refused).
 */
class ScriptFlagsDifferentialTest extends DifferentialTestBase {

    @BeforeEach
    void emptyCaches() {
        check("""
                SCRIPT FLUSH
                FUNCTION FLUSH
                """);
    }

    @AfterEach
    void unlimited() {
        for (RespClient client : List.of(expected, actual)) {
            client.call("CONFIG", "SET", "maxmemory", "0");
        }
    }

    @Test
    void shebangLineIsParsedAsRedisDoes() {
        check("""
                EVAL "#!lua\\nreturn 1" 0
                EVAL "#!lua flags=no-writes\\nreturn 1" 0
                EVAL "#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\\nreturn 1" 0
                EVAL "#!lua flags=\\nreturn 1" 0
                EVAL "#!lua  flags=no-writes  \\nreturn 1" 0
                EVAL "#!lua\\tflags=no-writes\\r\\nreturn 1" 0
                EVAL "#!lua 'flags=no-writes' \\"flags=allow-oom\\"\\nreturn 1" 0
                EVAL "#!lua\\n" 0
                EVAL "#!python\\nreturn 1" 0
                EVAL "#!LUA\\nreturn 1" 0
                EVAL "#!\\nreturn 1" 0
                EVAL "#! lua\\nreturn 1" 0
                EVAL "#!lua\\x0bflags=no-writes\\nreturn 1" 0
                EVAL "#!lua \\x0bflags=no-writes\\nreturn 1" 0
                EVAL "#!lua flags=bad\\nreturn 1" 0
                EVAL "#!lua flags=No-Writes\\nreturn 1" 0
                EVAL "#!lua flags=no-writes,\\nreturn 1" 0
                EVAL "#!lua flags=,no-writes\\nreturn 1" 0
                EVAL "#!lua flags=no-writes,,allow-oom\\nreturn 1" 0
                EVAL "#!lua flags=a flags=b\\nreturn 1" 0
                EVAL "#!lua flags=\\xe9\\nreturn 1" 0
                EVAL "#!lua name=x\\nreturn 1" 0
                EVAL "#!lua \\"\\"\\nreturn 1" 0
                EVAL "#!lua \\"\\\\x41\\"\\nreturn 1" 0
                EVAL "#!lua \\"flags=no-writes\\nreturn 1" 0
                EVAL "#!lua \\"a\\"b\\nreturn 1" 0
                EVAL "#!lua" 0
                EVAL "#!lua return 1" 0
                EVAL "#!lua flags=no-writes\\x00x\\nreturn 1" 0
                EVAL " #!lua\\nreturn 1" 0
                EVAL "#x\\nreturn 1" 0
                """);
    }

    @Test
    void argumentsAreCheckedBeforeTheShebang() {
        check("""
                EVAL "#!python\\nreturn 1" -1
                EVAL "#!python\\nreturn 1" x
                EVAL "#!python\\nreturn 1" 5
                EVAL_RO "#!lua\\nreturn 1" 5
                EVAL_RO "#!lua flags=bad\\nreturn 1" 0
                """);
    }

    @Test
    void lineNumbersCountTheShebangLine() {
        check("""
                SET s abc
                EVAL "#!lua\\nreturn x +" 0
                EVAL "#!lua\\n\\nreturn x +" 0
                EVAL "#!lua\\nreturn error('x')" 0
                EVAL "#!lua\\nreturn redis.call('nosuch')" 0
                EVAL "#!lua\\n\\nlocal a = nil; return a.b" 0
                EVAL "#!lua\\nreturn redis.call('incr', 's')" 0
                EVAL "#!lua\\nx = 5" 0
                EVAL "#!lua\\nreturn {err='x'}" 0
                EVAL "return x +" 0
                """);
    }

    @Test
    void scriptLoadChecksTheShebangAndHashesTheWholeBody() {
        check("""
                SCRIPT LOAD "#!lua flags=no-writes\\nreturn 1"
                EVAL "return redis.sha1hex('#!lua flags=no-writes\\\\nreturn 1')" 0
                EVALSHA 77f21361171213377cb083e2ffc2ae24ffdff8fb 0
                EVALSHA_RO 77f21361171213377cb083e2ffc2ae24ffdff8fb 0
                SCRIPT EXISTS 77f21361171213377cb083e2ffc2ae24ffdff8fb
                SCRIPT LOAD "#!lua flags=bad\\nreturn 1"
                SCRIPT LOAD "#!python\\nreturn 1"
                SCRIPT LOAD "#!lua\\nreturn x+"
                SCRIPT LOAD "#!lua"
                SCRIPT LOAD "#!lua\\nreturn 2"
                EVALSHA_RO 327e60b78547ebb77ec450ead371d5bd10cbdd69 0
                EVALSHA 327e60b78547ebb77ec450ead371d5bd10cbdd69 0
                """);
    }

    @Test
    void noWritesScriptsMayOnlyRead() {
        check("""
                SET k v
                EVAL "#!lua flags=no-writes\\nreturn redis.call('get', 'k')" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.call('set', 'k', 'w')" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.pcall('set', 'k', 'w')" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.call('expire', 'k', 10)" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.call('publish', 'c', 'm')" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.call('flushall')" 0
                EVAL "#!lua flags=no-writes flags=allow-oom\\nreturn redis.call('set', 'k', 'w')" 0
                EVAL "#!lua flags=allow-oom flags=no-writes\\nreturn redis.call('set', 'k', 'w')" 0
                EVAL "#!lua\\nreturn redis.call('set', 'k', 'w')" 0
                GET k
                EVAL_RO "#!lua flags=no-writes\\nreturn redis.call('get', 'k')" 0
                EVAL_RO "#!lua flags=no-writes\\nreturn redis.call('set', 'k', 'x')" 0
                EVAL_RO "#!lua\\nreturn redis.call('get', 'k')" 0
                EVAL_RO "#!lua flags=allow-oom\\nreturn 1" 0
                EVAL_RO "return redis.call('set', 'k', 'x')" 0
                EVAL_RO "return redis.call('publish', 'c', 'm')" 0
                GET k
                """);
    }

    @Test
    void overMaxmemoryScriptsWithAShebangNeedAllowOom() {
        check("""
                SET x 1
                SCRIPT LOAD "#!lua\\nreturn 1"
                SCRIPT LOAD "#!lua flags=allow-oom\\nreturn redis.call('set', 'a', 'b')"
                SCRIPT LOAD "return redis.call('get', 'x')"
                CONFIG SET maxmemory 1
                EVAL "#!lua\\nreturn redis.call('get', 'x')" 0
                EVAL "#!lua\\nreturn x+" 0
                EVAL "#!lua\\nreturn 1" x
                EVAL "#!lua flags=bad\\nreturn 1" 0
                EVAL "#!python\\nreturn 1" 0
                EVAL "#!lua flags=no-writes\\nreturn redis.call('get', 'x')" 0
                EVAL "#!lua flags=allow-oom\\nreturn redis.call('set', 'a', 'b')" 0
                EVAL "#!lua flags=allow-oom,no-writes\\nreturn 1" 0
                EVAL_RO "#!lua\\nreturn 1" 0
                EVALSHA cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0 0
                EVALSHA_RO cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0 0
                EVALSHA 0123456789012345678901234567890123456789 0
                SCRIPT LOAD "#!lua\\nreturn 2"
                CONFIG SET maxmemory 0
                GET a
                """);
        // the SHA1s above are those SCRIPT LOAD answered, each checked equal on both servers
        same("EVALSHA", sha1("#!lua flags=allow-oom\nreturn redis.call('set', 'a', 'b')"), "0");
    }

    @Test
    void overMaxmemoryScriptsWithoutAShebangMayNotStartWriting() {
        check("""
                SET x 1
                CONFIG SET maxmemory 1
                EVAL "return redis.call('get', 'x')" 0
                EVAL "return redis.call('set', 'a', 'b')" 0
                EVAL "return redis.pcall('set', 'a', 'b')" 0
                EVAL "redis.call('get', 'x') return redis.call('set', 'a', 'b')" 0
                EVAL "redis.call('incr', 'x') return redis.call('set', 'a', 'b')" 0
                EVAL "redis.pcall('set', 'a', 'b') return redis.call('set', 'a', 'b')" 0
                EVAL "redis.call('del', 'nokey') return redis.call('set', 'a', 'b')" 0
                EVAL_RO "return redis.call('set', 'a', 'b')" 0
                SCRIPT LOAD "return redis.call('get', 'x')"
                EVALSHA 40c74766b366d79d1c060a84e10781a6bc3f7177 0
                CONFIG SET maxmemory 0
                GET a
                """);
    }

    @Test
    void execOverMaxmemoryWithAShebangScriptQueued() {
        try (ClientPair admin = new ClientPair("admin", redis.port(), mini.port())) {
            check("""
                    CONFIG SET maxmemory 1000000000
                    MULTI
                    EVAL "#!lua\\nreturn 1" 0
                    EVAL "#!lua flags=no-writes\\nreturn 1" 0
                    """);
            admin.call("CONFIG SET maxmemory 1");
            check("EXEC");

            // the flags are those known when the command was queued: a script loaded inside the transaction is
            // checked when it runs, by the memory state EXEC found
            check("""
                    CONFIG SET maxmemory 1000000000
                    MULTI
                    SCRIPT LOAD "#!lua\\nreturn 1"
                    EVALSHA cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0 0
                    SCRIPT LOAD "#!lua flags=allow-oom\\nreturn 3"
                    EVALSHA %s 0
                    EVAL "return redis.call('set', 'q', 'v')" 0
                    EVAL "redis.call('del', 'zz') return redis.call('set', 'q', 'v')" 0
                    """.formatted(sha1("#!lua flags=allow-oom\nreturn 3")));
            admin.call("CONFIG SET maxmemory 1");
            check("EXEC");
        }
    }

    @Test
    void overMaxmemoryFunctionsNeedAllowOom() {
        check("""
                SET x 1
                FUNCTION LOAD "#!lua name=lib\\nredis.register_function('plain', function() return redis.call('get', 'x') end)\\nredis.register_function{function_name='ro', callback=function() return redis.call('get', 'x') end, flags={'no-writes'}}\\nredis.register_function{function_name='oom', callback=function() return redis.call('set', 'a', 'b') end, flags={'allow-oom'}}\\nredis.register_function('w', function() return redis.call('set', 'a', 'b') end)"
                CONFIG SET maxmemory 1
                FCALL plain 0
                FCALL w 0
                FCALL ro 0
                FCALL_RO ro 0
                FCALL_RO plain 0
                FCALL oom 0
                FCALL nosuch 0
                FCALL plain x
                FUNCTION LOAD "#!lua name=lib2\\nredis.register_function('p2', function() return 1 end)"
                CONFIG SET maxmemory 0
                GET a
                FCALL w 0
                """);
    }

    @Test
    void readOnlyFunctionsMayNotPublish() {
        check("""
                FUNCTION LOAD "#!lua name=pl\\nredis.register_function{function_name='pub', callback=function() return redis.call('publish', 'c', 'm') end, flags={'no-writes'}}"
                FCALL_RO pub 0
                FCALL pub 0
                """);
    }

    private static String sha1(String text) {
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
