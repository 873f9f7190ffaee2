package io.miniredis.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The best test of propagation there is: the same command sequence against mini-redis and a real redis-server, both
 * with {@code appendonly yes}, and their incremental AOF files compared command for command (the absolute times
 * computed from relative expiries differ by the time between the two runs, and only they are masked).
 */
class AofDifferentialTest {

    /** Every write command family, with Redis's rewrites: expiries, float increments, pops, scripts, MULTI, SELECT. */
    private static final String SCRIPT = """
            SET s1 v
            SET s1 v2 XX
            SET s2 v NX
            SET s2 v NX
            SET s3 v EX 100
            SET s3 v PX 100000 GET
            SET s4 v PXAT 99999999999999
            SET s4 v EXAT 99999999999
            SET s5 v GET
            SET s6 v KEEPTTL
            SETEX s7 100 v
            PSETEX s8 100000 v
            SETNX s9 v
            SETNX s9 v
            GETSET s9 w
            GETDEL s9
            GETDEL s9
            GETEX s3 EX 200
            GETEX s3 PXAT 99999999999999
            GETEX s3 PERSIST
            GETEX s3 PERSIST
            GETEX s1 EXAT 1
            APPEND s10 abc
            SETRANGE s10 5 xyz
            INCR n1
            DECR n1
            INCRBY n1 10
            DECRBY n1 3
            INCRBYFLOAT n2 1.5
            INCRBYFLOAT n2 2.25
            MSET m1 a m2 b
            MSETNX m1 a m3 c
            MSETNX m4 a m5 c
            DEL m1 m2 nokey
            DEL nokey
            UNLINK m3
            EXPIRE m4 100
            PEXPIRE m4 200000
            EXPIREAT m4 99999999999
            PEXPIREAT m4 99999999999999
            EXPIRE m4 300 XX
            EXPIRE m4 300 NX
            EXPIRE nokey 100
            PERSIST m4
            PERSIST m4
            EXPIRE m5 -1
            SET r1 v
            RENAME r1 r2
            RENAMENX r2 r3
            COPY r3 r4
            MOVE r4 2
            LPUSH l1 a b c
            RPUSH l1 d e f g h
            LPUSHX l1 z
            LPUSHX nolist z
            LINSERT l1 BEFORE a q
            LSET l1 0 first
            LREM l1 1 q
            LTRIM l1 0 20
            LPOP l1
            RPOP l1 2
            RPOPLPUSH l1 l2
            LMOVE l1 l2 LEFT right
            LMPOP 2 nolist l1 LEFT COUNT 1
            LMPOP 1 l1 RIGHT
            BLPOP l1 1
            BRPOP l1 1
            BLMOVE l2 l1 left LEFT 1
            BRPOPLPUSH l2 l1 1
            BLMPOP 1 1 l2 RIGHT COUNT 5
            HSET h1 f1 v1 f2 v2
            HSETNX h1 f1 x
            HSETNX h1 f3 x
            HMSET h1 f4 a
            HDEL h1 f4 nofield
            HINCRBY h1 n 5
            HINCRBYFLOAT h1 fl 1.25
            HINCRBYFLOAT h1 fl 1e3
            SADD t1 a b c d
            SREM t1 d
            SMOVE t1 t2 a
            SADD t3 b x
            SINTERSTORE t4 t1 t3
            SUNIONSTORE t5 t1 t3
            SDIFFSTORE t6 t1 t3
            SADD one only
            SPOP one
            SADD all a b c
            SPOP all 5
            SPOP nokey
            ZADD z1 1 a 2 b 3 c 4 d 5 e
            ZADD z1 XX CH 10 a
            ZINCRBY z1 1.5 b
            ZREM z1 c
            ZPOPMIN z1
            ZPOPMAX z1 1
            ZMPOP 1 z1 MIN COUNT 1
            BZPOPMIN z1 1
            ZADD z2 1 a 2 b 3 c
            BZPOPMAX z2 1
            BZMPOP 1 1 z2 MAX COUNT 5
            ZADD z3 1 a 2 b
            ZADD z4 1 b 3 c
            ZUNIONSTORE z5 2 z3 z4
            ZINTERSTORE z6 2 z3 z4 WEIGHTS 2 3
            ZRANGESTORE z7 z5 0 -1
            ZREMRANGEBYSCORE z5 0 1
            ZREMRANGEBYRANK z5 0 0
            ZADD zl 0 a 0 b 0 c
            ZREMRANGEBYLEX zl [a [b
            RPUSH sortme 3 1 2
            SORT sortme STORE sorted
            EVAL "redis.call('set', KEYS[1], '1'); redis.call('incr', KEYS[1]); return 1" 1 e1
            EVAL "return redis.call('set', KEYS[1], '1')" 1 e2
            EVAL "return redis.call('get', KEYS[1])" 1 e2
            EVAL "redis.call('expire', KEYS[1], 100); redis.call('set', KEYS[1], 'x', 'EX', 50); return 1" 1 e3
            MULTI
            SET x1 1
            INCR x1
            EXPIRE x1 100
            EXEC
            MULTI
            SET x2 1
            EXEC
            MULTI
            GET x2
            EXEC
            XADD st 1-1 a 1 b 2
            XADD st * c 3
            XADD st 5-* d 4
            XADD st NOMKSTREAM 6-1 e 5
            XADD nost NOMKSTREAM 6-1 e 5
            XADD st 1-1 x y
            XDEL st 5-0 9-9
            XDEL st 9-9
            XSETID st 99999999999999-0 ENTRIESADDED 10 MAXDELETEDID 5-0
            XGROUP CREATE st g $
            XGROUP CREATE st g0 0
            XGROUP CREATE st2 g 0 MKSTREAM ENTRIESREAD 0
            XGROUP SETID st g 0
            XGROUP CREATECONSUMER st g c0
            XGROUP CREATECONSUMER st g c0
            XREADGROUP GROUP g c1 COUNT 1 STREAMS st >
            XREADGROUP GROUP g c1 STREAMS st 0
            XREADGROUP GROUP g c2 NOACK STREAMS st >
            XREADGROUP GROUP g c2 STREAMS st >
            XREADGROUP GROUP g0 c3 STREAMS st >
            XCLAIM st g0 c4 0 1-1
            XCLAIM st g0 c4 0 1-1 JUSTID LASTID 100000000000000-0
            XCLAIM st g0 c5 0 9-9 FORCE
            XACK st g0 1-1 9-9
            XAUTOCLAIM st g0 c6 0 0 COUNT 1
            XDEL st 6-1
            XAUTOCLAIM st g0 c6 0 0
            XGROUP DELCONSUMER st g0 c6
            XGROUP DELCONSUMER st g0 nobody
            XGROUP DESTROY st g
            XGROUP DESTROY st g
            XTRIM st MAXLEN 100
            XTRIM st MAXLEN 1
            XTRIM st MINID 0
            XADD big 1-1 f v
            XADD big 2-1 f v
            XADD big 3-1 f v
            XADD big MAXLEN ~ 1 4-1 f v
            XADD big MAXLEN = 2 5-1 f v
            XADD big MINID ~ 3 LIMIT 10 6-1 f v
            XTRIM big MAXLEN ~ 0
            XTRIM big MINID ~ 0
            XADD big MAXLEN 0 7-1 f v
            XADD big2 MINID ~ 1 1-1 f v
            XADD big2 MAXLEN ~ 0 * f v
            SELECT 3
            SET db3 v
            SELECT 0
            SET back v
            SWAPDB 0 1
            SWAPDB 0 1
            FLUSHDB
            SET after v
            FLUSHALL
            FLUSHALL
            FLUSHDB
            SET last v
            FUNCTION LOAD "#!lua name=lib1<NL>redis.register_function('f1', function(keys, args) redis.call('set', keys[1], 'x'); return redis.call('incr', 'fcount') end)"
            FCALL f1 1 fk
            FUNCTION DELETE lib1
            FUNCTION FLUSH
            """;

    @Test
    void incrementalFilesMatchRedisCommandForCommand(@TempDir Path dir) throws Exception {
        List<String> theirs;
        long start = System.currentTimeMillis();
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always")) {
            run(redis.port());
            theirs = incr(redis.directory());
        }
        List<String> ours;
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("dir", dir.toString())
                .config("appendonly", "yes")
                .build()
                .start()) {
            run(server.port());
            ours = incr(dir);
        }
        // both sides kept for a diff when they differ
        Files.write(Path.of("target/aof-differential-ours.txt"), AofFiles.withoutClockTimes(ours, start));
        Files.write(Path.of("target/aof-differential-redis.txt"), AofFiles.withoutClockTimes(theirs, start));
        assertThat(AofFiles.withoutClockTimes(ours, start))
                .containsExactlyElementsOf(AofFiles.withoutClockTimes(theirs, start));
    }

    @Test
    void blockedClientsServedLaterPropagateTheirPlainForm(@TempDir Path dir) throws Exception {
        long start = System.currentTimeMillis();
        List<String> theirs;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always")) {
            servedLater(redis.port());
            theirs = incr(redis.directory());
        }
        List<String> ours;
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("dir", dir.toString())
                .config("appendonly", "yes")
                .build()
                .start()) {
            servedLater(server.port());
            ours = incr(dir);
        }
        assertThat(AofFiles.withoutClockTimes(ours, start))
                .containsExactlyElementsOf(AofFiles.withoutClockTimes(theirs, start));
    }

    private static void servedLater(int port) throws Exception {
        try (RespClient waiting = new RespClient(port);
                RespClient writer = new RespClient(port)) {
            waiting.call("SELECT", "2");
            for (String[] blocking : new String[][] {
                {"BLPOP", "w1", "5"},
                {"BLMOVE", "w2", "d2", "RIGHT", "left", "5"},
                {"BZPOPMIN", "w3", "5"},
                {"BLMPOP", "5", "1", "w4", "LEFT", "COUNT", "3"},
                {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "w5", ">"},
                {"XREADGROUP", "GROUP", "g", "c2", "NOACK", "BLOCK", "5000", "STREAMS", "w5", ">"}
            }) {
                if (blocking[0].equals("XREADGROUP")) {
                    writer.call("SELECT", "2");
                    writer.call("XGROUP", "CREATE", "w5", "g", "$", "MKSTREAM");
                    waiting.send(RespClient.encode(bytes(blocking)));
                    awaitBlocked(writer, 1);
                    writer.call("XADD", "w5", (blocking[3].equals("c") ? "1" : "2") + "-1", "f", "v");
                    waiting.read();
                    writer.call("DEL", "w5");
                    continue;
                }
                waiting.send(RespClient.encode(bytes(blocking)));
                awaitBlocked(writer, 1);
                writer.call("SELECT", "2");
                if (blocking[0].equals("BZPOPMIN")) {
                    writer.call("ZADD", "w3", "1", "a", "2", "b");
                } else {
                    writer.call(
                            "RPUSH",
                            blocking[0].equals("BLPOP") ? "w1" : blocking[0].equals("BLMOVE") ? "w2" : "w4",
                            "x",
                            "y");
                }
                waiting.read();
            }
        }
    }

    private static void awaitBlocked(RespClient client, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            String info = client.call("INFO", "clients").toString();
            if (info.contains("blocked_clients:" + count)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the client did not block");
    }

    private static void run(int port) {
        try (RespClient client = new RespClient(port)) {
            for (String line : SCRIPT.strip().split("\n")) {
                client.call(words(line.strip()));
            }
        }
    }

    /** Splits on spaces, keeping "double quoted" words whole (the scripts); {@code <NL>} is a newline. */
    private static String[] words(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add((m.group(1) != null ? m.group(1) : m.group(2)).replace("<NL>", "\n"));
        }
        return words.toArray(String[]::new);
    }

    private static byte[][] bytes(String[] words) {
        byte[][] result = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            result[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return result;
    }

    /** The incremental file of the AOF in {@code dir} (after the first command's reply it holds everything). */
    /**
     * Redis runs with appendfsync always here: under everysec it postpones its write (up to 2 s, replies still
     * going out) while the last second's fsync is still running, and a slow disk then left the file short of the
     * test's last commands when it was read. What is propagated does not depend on the policy.
     */
    private static List<String> incr(Path dir) throws Exception {
        Path file = dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof");
        long deadline = System.currentTimeMillis() + 3000;
        List<String> commands = AofFiles.commands(file);
        // Redis writes its buffer before it replies; a last look after a moment catches an everysec flush lag
        while (System.currentTimeMillis() < deadline && !Files.exists(file)) {
            Thread.sleep(20);
        }
        return commands;
    }
}
