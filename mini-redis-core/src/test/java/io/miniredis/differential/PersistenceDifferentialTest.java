package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Persistence replies against real Redis: a failed background save (dir set to /proc, where no file can be created)
 * and stop-writes-on-bgsave-error's MISCONF refusals of writes, PING and EXEC with writes; SAVE's bare error;
 * rdb_changes_since_last_save counted as Redis's server.dirty for common commands.
 */
class PersistenceDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-protected-configs", "yes"};
    }

    private static String info(RespClient client, String field) {
        for (String line : client.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field);
    }

    private static void awaitStatus(RespClient client, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!info(client, "rdb_last_bgsave_status").equals(status)
                || info(client, "rdb_bgsave_in_progress").equals("1")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aFailedBackgroundSaveStopsWrites() throws Exception {
        String dir = expected.call("CONFIG", "GET", "dir").elements().get(1).text();
        String ourDir = actual.call("CONFIG", "GET", "dir").elements().get(1).text();
        try {
            same("CONFIG", "SET", "save", "3600 1");
            same("SET", "k", "v");
            same("CONFIG", "SET", "dir", "/proc");
            same("SAVE");
            same("SET", "k", "v2"); // a failed SAVE does not stop writes
            same("BGSAVE");
            awaitStatus(expected, "err");
            awaitStatus(actual, "err");
            same("SET", "k", "v3");
            same("PING");
            same("GET", "k");
            same("DEL", "k");
            same("MULTI");
            same("GET", "k");
            same("SET", "k", "x");
            same("EXEC");
            // scripts: a write from redis.call is refused until the script has written; a script declaring flags
            // without no-writes is refused as a write; reads and no-writes scripts run
            same("EVAL", "return redis.call('set', 'k', 'x')", "0");
            same("EVAL", "return redis.pcall('set', 'k', 'x')", "0");
            same("EVAL", "return redis.call('get', 'k')", "0");
            same("EVAL", "#!lua\nreturn redis.call('get', 'k')", "0");
            same("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0");
            same("FUNCTION", "LOAD", "#!lua name=misconf\nredis.register_function('w', function() return 1 end)");
            same("FCALL", "w", "0");
            same("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            same("SET", "k", "v4");
            same("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
            same("SET", "k", "v5");
            same("CONFIG", "SET", "save", "");
            same("SET", "k", "v6"); // no save points: no MISCONF
            same("CONFIG", "SET", "save", "3600 1");
            same("CONFIG", "SET", "dir", "/nonexistent-directory");
        } finally {
            expected.call("CONFIG", "SET", "dir", dir);
            actual.call("CONFIG", "SET", "dir", ourDir);
        }
        same("BGSAVE");
        awaitStatus(expected, "ok");
        awaitStatus(actual, "ok");
        same("SET", "k", "v7");
        expected.call("CONFIG", "SET", "save", "");
        actual.call("CONFIG", "SET", "save", "");
    }

    @Test
    void changesSinceLastSaveCountAsRedisDoes() {
        same("SAVE");
        String[][] commands = {
            {"SET", "a", "1"},
            {"MSET", "b", "1", "c", "2", "d", "3"},
            {"INCR", "a"},
            {"APPEND", "a", "x"},
            {"DEL", "b", "c", "nothere"},
            {"RPUSH", "l", "1", "2", "3"},
            {"LPOP", "l"},
            {"HSET", "h", "f", "1", "g", "2"},
            {"HDEL", "h", "f", "zz"},
            {"SADD", "s", "1", "2", "3", "3"},
            {"SREM", "s", "1"},
            {"ZADD", "z", "1", "a", "2", "b"},
            {"ZREM", "z", "a"},
            {"EXPIRE", "a", "100"},
            {"PERSIST", "a"},
            {"RENAME", "a", "a2"},
            {"GET", "a2"},
            // each element removed, trimmed or popped counts, as Redis's server.dirty += n
            {"RPUSH", "l2", "a", "b", "c", "d", "e", "f", "g", "h"},
            {"LPOP", "l2", "2"},
            {"LTRIM", "l2", "1", "3"},
            {"LTRIM", "l2", "0", "-1"},
            {"RPOPLPUSH", "l2", "l3"},
            {"LMOVE", "l3", "l2", "LEFT", "RIGHT"},
            {"LMPOP", "1", "l2", "LEFT", "COUNT", "2"},
            {"SADD", "s2", "a", "b", "c", "d", "e", "f"},
            {"SREM", "s2", "a", "b", "nope"},
            {"HSET", "h2", "a", "1", "b", "2", "c", "3"},
            {"HDEL", "h2", "a", "b", "nope"},
            {"ZADD", "z2", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"},
            {"ZREM", "z2", "a", "b", "nope"},
            {"ZREMRANGEBYSCORE", "z2", "0", "3"},
            {"ZADD", "z2", "1", "a", "2", "b", "3", "c"},
            {"ZPOPMIN", "z2", "2"},
            {"ZREMRANGEBYRANK", "z2", "0", "0"},
            {"GEOADD", "g", "13.36", "38.11", "pa", "15.08", "37.50", "ct"},
            {"SETBIT", "bits", "7", "1"},
            {"SETBIT", "bits", "7", "1"},
            {"SETBIT", "bits", "100", "0"},
            {"PFADD", "hll", "a", "b", "c", "d"},
            {"PFADD", "hll", "a", "e"},
            {"XADD", "x", "1-1", "f", "v"},
            {"XADD", "x", "2-1", "f", "v", "g", "w"},
            {"XGROUP", "CREATE", "x", "grp", "0"},
            {"XGROUP", "CREATE", "x2", "grp", "$", "MKSTREAM"},
            {"XGROUP", "CREATECONSUMER", "x", "grp", "alice"},
            {"XREADGROUP", "GROUP", "grp", "bob", "COUNT", "1", "STREAMS", "x", ">"},
            {"XACK", "x", "grp", "1-1", "9-9"},
            {"XCLAIM", "x", "grp", "carol", "0", "2-1"},
            {"XGROUP", "SETID", "x", "grp", "0"},
            {"XGROUP", "DELCONSUMER", "x", "grp", "alice"},
            {"XDEL", "x", "1-1", "5-5"},
            {"XTRIM", "x", "MAXLEN", "0"},
            {"XSETID", "x", "10-1"},
            {"XGROUP", "DESTROY", "x", "grp"},
            {"SET", "m", "1"},
            {"MOVE", "m", "3"},
            {"SWAPDB", "0", "1"},
            {"SWAPDB", "0", "1"},
            {"FLUSHDB"},
            {"SET", "a", "1"},
            {"FLUSHALL"},
            {"FLUSHALL"},
        };
        java.util.List<String> differences = new java.util.ArrayList<>();
        for (String[] command : commands) {
            long before = Long.parseLong(info(expected, "rdb_changes_since_last_save"));
            long ourBefore = Long.parseLong(info(actual, "rdb_changes_since_last_save"));
            same(command);
            long redis = Long.parseLong(info(expected, "rdb_changes_since_last_save")) - before;
            long ours = Long.parseLong(info(actual, "rdb_changes_since_last_save")) - ourBefore;
            if (redis != ours) {
                differences.add(String.join(" ", command) + ": Redis " + redis + ", ours " + ours);
            }
        }
        assertThat(differences).isEmpty();
        // with save points FLUSHALL saves the empty dataset at once: one change left, the FLUSHALL itself
        same("CONFIG", "SET", "save", "3600 1");
        same("SET", "a", "1");
        same("FLUSHALL");
        assertThat(info(actual, "rdb_changes_since_last_save"))
                .isEqualTo(info(expected, "rdb_changes_since_last_save"));
        assertThat(info(actual, "rdb_saves")).isEqualTo(info(expected, "rdb_saves"));
        same("CONFIG", "SET", "save", "");
    }
}
