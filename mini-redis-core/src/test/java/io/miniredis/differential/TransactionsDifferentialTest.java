package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH against the real server: queuing and its errors, run-time errors inside EXEC,
 * RESP2 and RESP3, and WATCH broken (or not) by another client's writes, by expiry, by flushes and SWAPDB, each
 * compared byte for byte. Both servers run with {@code enable-debug-command yes} for DEBUG SET-ACTIVE-EXPIRE.
 */
class TransactionsDifferentialTest extends BlockingDifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    /** Whatever a test left open (a transaction, watches, another database) does not leak into the next. */
    @AfterEach
    void resetConnections() {
        try {
            expected.call("RESET");
            actual.call("RESET");
        } catch (RuntimeException closed) {
            reconnect();
        }
    }

    @Test
    void commandsAreQueuedAndRunByExec() {
        check("""
                MULTI
                SET a 1
                INCR a
                GET a
                MGET a missing
                EXEC
                GET a
                MULTI
                EXEC
                MULTI
                SET b 2
                DISCARD
                EXISTS b
                """);
    }

    @Test
    void controlErrorsOutsideAndInsideMulti() {
        check("""
                EXEC
                DISCARD
                UNWATCH
                MULTI
                MULTI
                WATCH a
                SET a 1
                EXEC
                GET a
                MULTI
                UNWATCH
                PING
                EXEC
                """);
    }

    @Test
    void errorsWhileQueuingAbortTheTransaction() {
        check("""
                MULTI
                SET a 1
                NOSUCHCOMMAND x y
                SET b 2
                EXEC
                EXISTS a b
                MULTI
                GET
                EXEC
                MULTI
                CONFIG NOSUCH
                EXEC
                MULTI
                CONFIG
                EXEC
                MULTI
                MULTI extra
                EXEC
                MULTI
                WATCH
                EXEC
                MULTI
                DISCARD extra
                EXEC
                MULTI
                UNWATCH extra
                EXEC
                EXISTS a b
                """);
    }

    @Test
    void execRefusedByACheckAbortsWithTheReason() {
        check("""
                MULTI
                SET a 1
                EXEC extra
                EXEC
                EXISTS a
                EXEC extra
                """);
    }

    @Test
    void runTimeErrorsDoNotRollBack() {
        check("""
                MULTI
                SET a 1
                INCR a
                LPUSH a x
                GET a
                INCRBYFLOAT a notanumber
                SET b 2
                EXEC
                MGET a b
                MULTI
                SET s abc
                INCR s
                RPUSH l 1
                SET l x NX
                GET l
                EXEC
                """);
    }

    @Test
    void connectionStateChangesInsideExec() {
        check("""
                MULTI
                SELECT 1
                SET a in-db-1
                CLIENT SETNAME tx
                CLIENT GETNAME
                EXEC
                GET a
                SELECT 0
                EXISTS a
                MULTI
                SELECT 99
                PING
                EXEC
                """);
        reconnect();
    }

    @Test
    void resp3RepliesInsideExecAndAbortedExec() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            a.resp3();
            a.call("HSET h f v g w");
            a.call("MULTI");
            a.call("HGETALL h");
            a.call("ZADD z 1.5 m");
            a.call("ZSCORE z m");
            a.call("SMEMBERS nosuch");
            a.call("GET nosuch");
            a.call("INCR h");
            a.call("EXEC");
            a.call("WATCH h");
            b.call("HDEL h f");
            a.call("MULTI");
            a.call("HGETALL h");
            a.call("EXEC");
            a.call("MULTI");
            a.call("GET");
            a.call("EXEC");
        }
    }

    @Test
    void helloInsideMultiSwitchesProtocolMidExec() {
        try (ClientPair a = pair("A")) {
            a.call("MULTI");
            a.call("HELLO 3");
            a.call("CLIENT SETNAME x");
            a.call("HSET h f v");
            a.call("HGETALL h");
            RespReply theirs = a.expected.call("EXEC");
            RespReply ours = a.actual.call("EXEC");
            // HELLO's reply carries the client id: compare everything around it
            assertThat(ours.elements()).hasSize(4);
            assertThat(ours.elements().get(0).withoutClientId())
                    .isEqualTo(theirs.elements().get(0).withoutClientId());
            assertThat(ours.elements().subList(1, 4))
                    .isEqualTo(theirs.elements().subList(1, 4));
            assertThat(new String(ours.raw(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("*4\r\n");
        }
    }

    @Test
    void quitAndResetInsideMulti() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            a.call("MULTI");
            a.call("SET a 1");
            a.call("RESET");
            a.call("EXEC");
            b.call("EXISTS a");

            a.call("SET w 1");
            a.call("WATCH w");
            b.call("SET w 2");
            a.call("RESET");
            a.call("MULTI");
            a.call("GET w");
            a.call("EXEC");

            a.call("MULTI");
            a.call("SET q 1");
            a.call("QUIT");
            assertThat(a.expected.isClosedByServer()).isTrue();
            assertThat(a.actual.isClosedByServer()).isTrue();
            b.call("EXISTS q");
        }
    }

    @Test
    void clientListShowsTheTransaction() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            a.call("CLIENT SETNAME txclient");
            a.call("MULTI");
            sameClientFields(b, "txclient");
            a.call("SET a 1");
            a.call("GET a");
            sameClientFields(b, "txclient");
            a.call("WATCH x");
            sameClientFields(b, "txclient");
            a.call("EXEC");
            sameClientFields(b, "txclient");

            a.call("WATCH x");
            b.call("SET x 1");
            sameClientFields(b, "txclient");
            a.call("MULTI");
            a.call("PING");
            sameClientFields(b, "txclient"); // a doomed transaction keeps nothing: multi=0
            a.call("EXEC");
            sameClientFields(b, "txclient");

            a.call("MULTI");
            a.call("GET");
            a.call("PING");
            sameClientFields(b, "txclient");
            a.call("DISCARD");
            a.call("MULTI");
            a.call("PING");
            a.call("CLIENT INFO");
            RespReply theirs = a.expected.call("EXEC");
            RespReply ours = a.actual.call("EXEC");
            assertThat(fields(ours.elements().get(1)))
                    .isEqualTo(fields(theirs.elements().get(1)));
        }
    }

    @Test
    void statisticsCountEachCommandOfTheTransaction() {
        same("CONFIG", "RESETSTAT");
        check("""
                MULTI
                SET a 1
                INCR a
                LPUSH a x
                GET a
                EXEC
                MULTI
                SET a
                GET a
                EXEC
                EXEC extra
                DISCARD
                MULTI
                MULTI
                DISCARD
                """);
        try (ClientPair b = pair("B")) {
            same("WATCH", "a");
            b.call("SET a 5");
            check("""
                    MULTI
                    PING
                    EXEC
                    UNWATCH
                    """);
        }
        assertThat(commandStats(actual)).isEqualTo(commandStats(expected));
        same("INFO", "errorstats");
        assertThat(stat(actual, "total_error_replies")).isEqualTo(stat(expected, "total_error_replies"));
        assertThat(stat(actual, "total_commands_processed")).isEqualTo(stat(expected, "total_commands_processed"));
    }

    // ---- WATCH

    /** Another client's command, after a set-up, and whether the watch on {@code k} breaks must agree. */
    @Test
    void watchIsBrokenByWhatRedisCountsAsAChange() {
        String[][] cases = {
            {"SET k 1", "SET k 1"},
            {"SET k 1", "SET k 2 NX"},
            {"", "DEL k"},
            {"SET k 1", "DEL k"},
            {"SET k 1", "EXPIRE k 100"},
            {"SET k 1", "PERSIST k"},
            {"SET k 1 EX 100", "PERSIST k"},
            {"SET k 1", "INCRBY k 0"},
            {"SET k 1", "APPEND k ''"},
            {"SET k 1", "SETRANGE k 0 ''"},
            {"SET k 1", "GETEX k"},
            {"SET k 1", "GETDEL k"},
            {"SET k 1", "GET k"},
            {"SET k 1", "EXPIRE k -1"},
            {"RPUSH k a", "LPUSHX k b"},
            {"", "LPUSHX k b"},
            {"RPUSH k a", "LREM k 0 zz"},
            {"RPUSH k a", "LSET k 0 a"},
            {"SET src 1", "RENAME src k"},
            {"SET k 1", "RENAME k other"},
            {"SET k 1", "MOVE k 1"},
            {"SET k 1", "COPY k k2"},
            {"SET src 1", "COPY src k"},
            {"HSET k f v", "HSET k f v"},
            {"HSET k f v", "HDEL k nope"},
            {"SADD k a", "SADD k a"},
            {"SADD k a", "SREM k zz"},
            {"ZADD k 1 a", "ZADD k 1 a"},
            {"ZADD k 1 a", "ZINCRBY k 0 a"},
            {"SET k 1 EX 100", "EXPIRE k 100 NX"},
            {"RPUSH src 3 1 2", "SORT src STORE k"},
            {"SADD s a", "SMOVE s k a"},
            {"RPUSH k a", "LMOVE k k LEFT RIGHT"},
            {"SET k 1", "TOUCH k"},
            {"SET k 1", "MSET k 1"},
            {"SET k 1", "MSETNX k 1"},
            {"SET k 1", "UNLINK k"},
            {"ZADD k 1 a", "ZUNIONSTORE k 1 k"},
            {"SADD k a", "SPOP k 0"},
            {"SET k 1", "PEXPIREAT k 1"},
            {"SET k 1", "SELECT 1", "SET k 2"},
            {"", "SELECT 1", "SET k 2", "MOVE k 0"},
        };
        try (ClientPair b = pair("B")) {
            for (String[] c : cases) {
                same("FLUSHALL");
                b.call("SELECT 0");
                if (!c[0].isEmpty()) {
                    b.call(c[0]);
                }
                same("WATCH", "k");
                for (int i = 1; i < c.length; i++) {
                    b.call(c[i]);
                }
                execAfterWatch(String.join(" / ", c));
            }
        }
    }

    @Test
    void watchRulesOfTheWatchingClientItself() {
        check("""
                SET k 1
                WATCH k
                SET k 2
                MULTI
                GET k
                EXEC
                WATCH k
                MULTI
                SET k 3
                EXEC
                MULTI
                GET k
                EXEC
                WATCH k nosuch k
                UNWATCH
                SET k 4
                MULTI
                GET k
                EXEC
                WATCH k
                SET k 5
                DISCARD
                MULTI
                GET k
                EXEC
                WATCH k
                SET k 6
                WATCH other
                MULTI
                GET k
                EXEC
                WATCH k
                SET k 7
                EXEC
                MULTI
                GET k
                EXEC
                """);
    }

    @Test
    void watchIsPerDatabase() {
        try (ClientPair b = pair("B")) {
            check("""
                    SELECT 1
                    WATCH k
                    SELECT 0
                    """);
            b.call("SET k 1");
            execAfterWatch("write in db 0, watch in db 1");
            check("""
                    SELECT 1
                    WATCH k
                    SELECT 0
                    """);
            b.call("SELECT 1");
            b.call("SET k 1");
            execAfterWatch("write in db 1, watch in db 1");
        }
    }

    @Test
    void expiryBreaksAWatchOnALiveKeyOnly() {
        same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try (ClientPair b = pair("B")) {
            // alive when watched, past its time at EXEC though nothing removed it
            same("SET", "k", "v", "PX", "400");
            same("WATCH", "k");
            sleep(500);
            execAfterWatch("expired, still stored, at EXEC");

            // alive when watched, removed lazily by another client's read
            same("SET", "k", "v", "PX", "400");
            same("WATCH", "k");
            sleep(500);
            b.call("GET k");
            execAfterWatch("lazily expired by another read");

            // already past its time when watched: logically absent, and still so at EXEC
            same("SET", "k", "v", "PX", "1");
            sleep(20);
            same("WATCH", "k");
            execAfterWatch("expired before WATCH");

            // already past its time when watched, then removed by a read: no change
            same("SET", "k", "v", "PX", "1");
            sleep(20);
            same("WATCH", "k");
            b.call("GET k");
            execAfterWatch("expired before WATCH, removed after");

            // already past its time when watched, then written: a change
            same("SET", "k", "v", "PX", "1");
            sleep(20);
            same("WATCH", "k");
            b.call("SET k new");
            execAfterWatch("expired before WATCH, written after");

            same("SET", "k", "v", "PX", "1");
            sleep(20);
            same("WATCH", "k");
            b.call("DEL k");
            execAfterWatch("expired before WATCH, DEL after");
        } finally {
            same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    @Test
    void activeExpiryBreaksAWatch() {
        same("SET", "k", "v", "PX", "100");
        same("WATCH", "k");
        long deadline = System.currentTimeMillis() + 10_000;
        // each server expires on its own schedule: wait for both, without comparing the intermediate counts
        while (!expected.call("DBSIZE").line().equals("0")
                || !actual.call("DBSIZE").line().equals("0")) {
            if (System.currentTimeMillis() > deadline) {
                fail("the key was not actively expired");
            }
            sleep(50);
        }
        execAfterWatch("actively expired");
    }

    @Test
    void flushesBreakWatchesOnKeysThatExist() {
        same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try (ClientPair b = pair("B")) {
            same("SET", "k", "v");
            same("WATCH", "k");
            b.call("FLUSHALL");
            execAfterWatch("FLUSHALL of the watched key");

            same("SET", "other", "v");
            same("WATCH", "k");
            b.call("FLUSHDB");
            execAfterWatch("FLUSHDB, watched key absent");

            same("WATCH", "k");
            b.call("FLUSHALL");
            execAfterWatch("FLUSHALL of an empty server");

            same("SET", "k", "v");
            same("WATCH", "k");
            b.call("SELECT 1");
            b.call("SET z 1");
            b.call("FLUSHDB");
            b.call("SELECT 0");
            execAfterWatch("FLUSHDB of another database");

            same("SET", "k", "v");
            same("WATCH", "k");
            b.call("FLUSHALL ASYNC");
            execAfterWatch("FLUSHALL ASYNC");

            same("SET", "k", "v", "PX", "1");
            sleep(20);
            same("WATCH", "k");
            b.call("FLUSHALL");
            execAfterWatch("FLUSHALL of a key expired before WATCH");

            same("SET", "k", "v", "PX", "400");
            same("WATCH", "k");
            sleep(500);
            b.call("FLUSHALL");
            execAfterWatch("FLUSHALL of a key that expired after WATCH");
        } finally {
            same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    @Test
    void swapdbBreaksWatchesOnKeysThatExistOnEitherSide() {
        same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try (ClientPair b = pair("B")) {
            // {set-up in db 0, set-up in db 1 (via B)}, both may be empty; WATCH k in db 0, then SWAPDB 0 1
            String[][] cases = {
                {"", "SET k v"},
                {"SET a 1", "SET b 1"},
                {"SET k 1", ""},
                {"", "SET k v PX 1"},
                {"SET k v PX 1", "SET k v"},
                {"SET k v PX 1", "SET k v PX 1"},
                {"SET k v PX 1", "SET zz 1"},
                {"SET k v", "SET k v PX 1"},
            };
            for (String[] c : cases) {
                same("FLUSHALL");
                b.call("SELECT 1");
                if (!c[0].isEmpty()) {
                    check(c[0]);
                }
                if (!c[1].isEmpty()) {
                    b.call(c[1]);
                }
                sleep(20);
                same("WATCH", "k");
                b.call("SWAPDB 0 1");
                execAfterWatch("SWAPDB with " + Arrays.toString(c));
            }

            same("FLUSHALL");
            same("SET", "k", "v");
            same("WATCH", "k");
            b.call("SWAPDB 0 0");
            execAfterWatch("SWAPDB of a database with itself");

            same("FLUSHALL");
            check("""
                    SELECT 1
                    WATCH k
                    SELECT 0
                    SET k 1
                    """);
            b.call("SWAPDB 0 1");
            execAfterWatch("SWAPDB, watched in db 1");

            // absent when watched, a live key swapped in that expires before EXEC
            same("FLUSHALL");
            b.call("SELECT 1");
            b.call("SET k v PX 400");
            same("WATCH", "k");
            b.call("SWAPDB 0 1");
            sleep(500);
            execAfterWatch("SWAPDB in a key that expires later");
        } finally {
            same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    @Test
    void watchFromManyClientsOnOneKey() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair c = pair("C")) {
            same("SET", "k", "1");
            a.call("WATCH k other");
            b.call("WATCH other k");
            c.call("WATCH other");
            same("SET", "k", "2");
            for (ClientPair client : List.of(a, b, c)) {
                client.call("MULTI");
                client.call("GET k");
                client.call("EXEC");
            }
        }
    }

    @Test
    void aDisconnectFreesTheWatches() {
        RespClient client = new RespClient(mini.port());
        client.call("WATCH", "k1", "k2", "k3");
        assertThat(mini.context().watchedKeys().watchedKeyCount()).isEqualTo(3);
        client.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (mini.context().watchedKeys().watchedKeyCount() != 0) {
            if (System.currentTimeMillis() > deadline) {
                fail("watches of a closed connection were kept");
            }
            sleep(10);
        }
        same("SET", "k1", "v"); // nobody to tell
    }

    // ---- blocking commands

    @Test
    void blockingCommandsInsideMultiAnswerAtOnce() {
        String script = """
                MULTI
                BLPOP k 0
                BRPOP k 1
                BRPOPLPUSH k d 0
                BLMOVE k d LEFT LEFT 0
                BLMPOP 0 1 k LEFT
                BZPOPMIN z 0
                BZPOPMAX z 0
                BZMPOP 0 1 z MIN
                RPUSH k a
                BLPOP k 0
                BLPOP k -1
                ZADD z 1 m
                BZPOPMIN z 0
                EXEC
                """;
        check(script);
        try (ClientPair a = pair("A")) {
            a.resp3();
            for (String line : script.strip().split("\n")) {
                a.call(line);
            }
        }
    }

    @Test
    void clientsBlockedOnKeysAreServedAfterTheWholeTransaction() {
        try (ClientPair waiter = pair("waiter")) {
            waiter.send("BLPOP q 0");
            awaitBlocked(1);
            check("""
                    MULTI
                    RPUSH q x
                    LPOP q
                    EXEC
                    """);
            waiter.assertNoReply("BLPOP q 0 after a transaction that left q empty");
            check("""
                    MULTI
                    RPUSH q a
                    RPUSH q b
                    LPOP q
                    EXEC
                    """);
            waiter.read("BLPOP q 0"); // gets b: nothing inside EXEC served it the a
            awaitBlocked(0);
            same("EXISTS", "q");
        }
    }

    // ---- seeded random sequences

    @Test
    void randomTransactionSequences() {
        String[] keys = {"a", "b", "c"};
        runRandom(seed(), 3000, random -> {
            String key = keys[random.nextInt(keys.length)];
            return switch (random.nextInt(16)) {
                case 0, 1 -> new String[] {"MULTI"};
                case 2, 3 -> new String[] {"EXEC"};
                case 4 -> new String[] {"DISCARD"};
                case 5 -> new String[] {"WATCH", key, keys[random.nextInt(keys.length)]};
                case 6 -> new String[] {"UNWATCH"};
                case 7 -> new String[] {"SET", key, Integer.toString(random.nextInt(5))};
                case 8 -> new String[] {"INCR", key};
                case 9 -> new String[] {"LPUSH", key, "x"};
                case 10 -> new String[] {"GET", key};
                case 11 -> new String[] {"DEL", key};
                case 12 -> new String[] {"GET"};
                case 13 -> new String[] {"NOSUCH", key};
                case 14 -> new String[] {"SELECT", Integer.toString(random.nextInt(2))};
                default -> new String[] {"MGET", key, "a"};
            };
        });
    }

    // ---- helpers

    /** MULTI, GET k, EXEC on the main connections: aborted (null) or run must agree. */
    private void execAfterWatch(String what) {
        same("MULTI");
        same("GET", "k");
        RespReply want = expected.call("EXEC");
        RespReply got = actual.call("EXEC");
        assertThat(got).as("EXEC after WATCH k and: %s", what).isEqualTo(want);
    }

    /** The fields of CLIENT LIST for the client named {@code name}, as seen by {@code observer}, must agree. */
    private static void sameClientFields(ClientPair observer, String name) {
        Map<String, String> theirs = clientLine(observer.expected.call("CLIENT", "LIST"), name);
        Map<String, String> ours = clientLine(observer.actual.call("CLIENT", "LIST"), name);
        assertThat(ours).isEqualTo(theirs);
    }

    private static Map<String, String> clientLine(RespReply list, String name) {
        for (String line : new String(list.bulk(), StandardCharsets.UTF_8).split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                return fields(line);
            }
        }
        throw new AssertionError("no client named " + name);
    }

    private static Map<String, String> fields(RespReply clientInfo) {
        return fields(new String(clientInfo.bulk(), StandardCharsets.UTF_8).strip());
    }

    /** The CLIENT LIST fields that describe state both servers keep the same way. */
    private static Map<String, String> fields(String line) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String field : line.strip().split(" ")) {
            int eq = field.indexOf('=');
            all.put(field.substring(0, eq), field.substring(eq + 1));
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String key : List.of("name", "flags", "db", "multi", "multi-mem", "cmd", "resp")) {
            kept.put(key, all.get(key));
        }
        return kept;
    }

    private static final Pattern USEC = Pattern.compile("usec=\\d+,usec_per_call=[\\d.]+,");

    /** INFO commandstats without the timings, one line per command, sorted. */
    private static List<String> commandStats(RespClient client) {
        String info = new String(client.call("INFO", "commandstats").bulk(), StandardCharsets.UTF_8);
        return info.lines()
                .filter(l -> l.startsWith("cmdstat_"))
                .map(l -> USEC.matcher(l).replaceAll(""))
                .sorted()
                .collect(Collectors.toList());
    }

    private static String stat(RespClient client, String name) {
        Matcher m = Pattern.compile(name + ":(\\d+)")
                .matcher(new String(client.call("INFO", "stats").bulk(), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
