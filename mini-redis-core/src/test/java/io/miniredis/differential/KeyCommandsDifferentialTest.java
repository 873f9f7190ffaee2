package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.command.Commands;
import io.miniredis.command.key.KeyCommands;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generic key commands against real Redis: every command, option and error, SCAN iterations compared as sets
 * (cursors and order depend on each server's hash table), KEYS over tricky glob patterns, and random sequences.
 *
 * <p>Replies that depend on the wall clock are avoided: TTL is read only right after the TTL was set (its rounding
 * to seconds gives the same answer for half a second), and the random sequences use absolute expiry times.
 */
class KeyCommandsDifferentialTest extends DifferentialTestBase {

    /** A time far in the future (2033), in seconds. */
    private static final long FUTURE = 2_000_000_000L;

    /**
     * Empties both servers with KEYS and DEL, database by database, so these tests do not depend on FLUSHALL (not
     * in every branch yet; the base class's FLUSHALL then just gets an error reply from mini-redis).
     */
    @BeforeEach
    void deleteEverything() {
        for (RespClient client : List.of(expected, actual)) {
            for (int db = 0; db < 16; db++) {
                client.call("SELECT", Integer.toString(db));
                RespReply keys = client.call("KEYS", "*");
                for (RespReply key : keys.elements()) {
                    client.call("DEL".getBytes(StandardCharsets.US_ASCII), key.bulk());
                }
            }
            client.call("SELECT", "0");
        }
    }

    @Test
    void deleteExistsTypeTouch() {
        check("""
                MSET a 1 b 2 c 3
                EXISTS a
                EXISTS a b nope
                EXISTS a a a
                EXISTS nope
                TYPE a
                TYPE nope
                TOUCH a b nope
                TOUCH nope
                DEL a
                DEL a
                DEL b c b nope
                EXISTS a b c
                MSET x 1 y 2
                UNLINK x y z
                UNLINK x
                SET "" empty
                EXISTS ""
                TYPE ""
                DEL ""
                DEL
                UNLINK
                EXISTS
                TOUCH
                TYPE
                TYPE a b
                """);
    }

    @Test
    void keysWithPatterns() {
        check("""
                MSET hello 1 hallo 2 hxllo 3 hllo 4 heeeello 5 h*llo 6 "h?llo" 7 "h[a]llo" 8 "h\\\\llo" 9 "" 10
                MSET a] 1 ] 2 [ 3 - 4 ^ 5 ab 6 a 7 b 8 A 9 Z 10 _ 11 "a-b" 12 "x\\\\" 13
                ~KEYS *
                ~KEYS **
                ~KEYS h?llo
                ~KEYS h*llo
                ~KEYS h[ae]llo
                ~KEYS h[^e]llo
                ~KEYS h[a-b]llo
                ~KEYS h[b-a]llo
                ~KEYS "h\\\\*llo"
                ~KEYS "h\\\\?llo"
                ~KEYS "h\\\\[a]llo"
                ~KEYS "h\\\\\\\\llo"
                ~KEYS [
                ~KEYS [^
                ~KEYS []
                ~KEYS []]
                ~KEYS [a-]
                ~KEYS [-a]
                ~KEYS "[\\\\]]"
                ~KEYS "[a\\\\-b]"
                ~KEYS a[
                ~KEYS a[b
                ~KEYS [A-Z]
                ~KEYS [Z-a]
                ~KEYS [^a-z]
                ~KEYS ?
                ~KEYS ??
                ~KEYS *?
                ~KEYS *]
                ~KEYS "x\\\\"
                ~KEYS "*\\\\"
                ~KEYS nomatch
                ~KEYS ""
                ~KEYS *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b
                KEYS
                KEYS a b
                """);
    }

    /** Glob matching as KEYS sees it, on random patterns over a small alphabet full of special characters. */
    @Test
    void keysWithRandomPatterns() {
        String alphabet = "ab*?[]^-\\";
        Random random = new Random(seed());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            keys.add(randomWord(random, alphabet, 1 + random.nextInt(6)));
        }
        for (String key : keys) {
            same("SET", key, "v");
        }
        for (int i = 0; i < 400; i++) {
            sameUnordered("KEYS", randomWord(random, alphabet, 1 + random.nextInt(8)));
        }
    }

    @Test
    void keysWithBinaryBytes() {
        byte[][] keys = {
            {'a', 0, 'b'},
            {(byte) 0xe9, 't', (byte) 0xe9},
            {(byte) 0xff},
            {(byte) 0x80},
            {'0'},
            {0x7f},
            {'a', '\r', '\n'}
        };
        for (byte[] key : keys) {
            same("SET".getBytes(StandardCharsets.US_ASCII), key, new byte[] {'v'});
        }
        byte[][] patterns = {
            {'a', 0, '*'},
            {'[', (byte) 0x80, '-', (byte) 0xff, ']'},
            {'[', 'a', '-', (byte) 0xff, ']'},
            {'[', 1, '-', 'a', ']'},
            {(byte) 0xe9, '*'},
            {'?'},
            {'*', '\n'},
            {'[', 0, ']', '*'}
        };
        for (byte[] pattern : patterns) {
            RespReply want = expected.call("KEYS".getBytes(StandardCharsets.US_ASCII), pattern);
            RespReply got = actual.call("KEYS".getBytes(StandardCharsets.US_ASCII), pattern);
            assertThat(got.sorted())
                    .as("KEYS %s", new String(pattern, StandardCharsets.ISO_8859_1))
                    .isEqualTo(want.sorted());
        }
    }

    @Test
    void scanArgumentsAndErrors() {
        check("""
                MSET a 1 b 2 c 3
                SCAN abc
                SCAN 1a
                SCAN 0x1
                SCAN -
                SCAN +
                SCAN " 1"
                SCAN "1 "
                SCAN 18446744073709551616
                SCAN -18446744073709551616
                SCAN 99999999999999999999999
                SCAN 0 COUNT 0
                SCAN 0 COUNT -1
                SCAN 0 COUNT abc
                SCAN 0 COUNT 1.5
                SCAN 0 COUNT
                SCAN 0 MATCH
                SCAN 0 TYPE
                SCAN 0 foo bar
                SCAN 0 foo
                SCAN abc COUNT 0
                SCAN 0 COUNT 0 foo
                SCAN 0 COUNT 10 MATCH
                SCAN
                ~SCAN 0 TYPE foo
                ~SCAN 0 TYPE list
                ~SCAN 0 COUNT 1000 TYPE string
                ~SCAN 0 count 1000 type STRING
                ~SCAN 0 COUNT 1000 MATCH a
                ~SCAN 0 COUNT 1000 MATCH * MATCH b
                ~SCAN 0 COUNT 1000 COUNT 5000
                ~SCAN 0 COUNT 9223372036854775807
                """);
    }

    /** Every spelling strtoul accepts must start a full iteration from the right place; cursor 0 variants first. */
    @Test
    void scanCursorSpellings() {
        same("MSET", "a", "1", "b", "2", "c", "3");
        for (String zero : List.of("0", "+0", "-0", "00", "")) {
            assertThat(scanAll(actual, zero)).as("SCAN from %s", zero).isEqualTo(scanAll(expected, "0"));
        }
        // A NUL ends the number, as in C; both servers accept these (the keys they return depend on their tables).
        for (String cursor : List.of("1\0abc", "18446744073709551615", "-1", "-18446744073709551615", "+5")) {
            assertThat(actual.call("SCAN", cursor).isError())
                    .as("SCAN %s", cursor)
                    .isFalse();
            assertThat(expected.call("SCAN", cursor).isError()).isFalse();
        }
    }

    @Test
    void scanReturnsEveryKeyOnce() {
        for (int batch = 0; batch < 10; batch++) {
            List<String> mset = new ArrayList<>(List.of("MSET"));
            for (int i = 0; i < 100; i++) {
                mset.add("key:" + (batch * 100 + i));
                mset.add(i % 2 == 0 ? "v" : "");
            }
            same(mset.toArray(String[]::new));
        }
        assertThat(scanAll(actual, "0")).hasSize(1000).isEqualTo(scanAll(expected, "0"));
        assertThat(scanAll(actual, "0", "COUNT", "1")).isEqualTo(scanAll(expected, "0", "COUNT", "1"));
        assertThat(scanAll(actual, "0", "COUNT", "77")).isEqualTo(scanAll(expected, "0", "COUNT", "77"));
        assertThat(scanAll(actual, "0", "COUNT", "100000")).hasSize(1000);
        assertThat(scanAll(actual, "0", "MATCH", "key:1*"))
                .hasSize(111)
                .isEqualTo(scanAll(expected, "0", "MATCH", "key:1*"));
        assertThat(scanAll(actual, "0", "MATCH", "key:[2-3]?", "COUNT", "3"))
                .isEqualTo(scanAll(expected, "0", "MATCH", "key:[2-3]?", "COUNT", "3"));
        assertThat(scanAll(actual, "0", "TYPE", "string", "MATCH", "*9"))
                .hasSize(100)
                .isEqualTo(scanAll(expected, "0", "TYPE", "string", "MATCH", "*9"));
        assertThat(scanAll(actual, "0", "TYPE", "hash")).isEmpty();
        // Each reply has the shape [cursor, [keys...]] and the counts of one call stay near COUNT.
        RespReply first = actual.call("SCAN", "0", "COUNT", "5");
        assertThat(first.elements()).hasSize(2);
        assertThat(first.elements().get(1).elements().size()).isBetween(1, 20);
    }

    @Test
    void scanOnEmptyDatabase() {
        check("""
                SCAN 0
                SCAN 12345
                SCAN 0 MATCH * COUNT 5 TYPE string
                """);
    }

    @Test
    void expiredKeysAreInvisible() throws InterruptedException {
        check("""
                MSET live 1 gone1 2 gone2 3 gone3 4
                PEXPIRE gone1 30
                PEXPIRE gone2 30
                PEXPIRE gone3 30
                """);
        Thread.sleep(120);
        check("""
                ~KEYS *
                EXISTS gone1
                TYPE gone2
                TTL gone3
                OBJECT ENCODING gone1
                RENAME gone2 x
                COPY gone3 y
                MOVE gone1 1
                TOUCH gone1 live
                RANDOMKEY
                """);
        assertThat(scanAll(actual, "0")).containsExactly("live");
        check("""
                PEXPIRE live 30
                """);
        Thread.sleep(120);
        check("""
                RANDOMKEY
                SCAN 0
                KEYS *
                """);
    }

    /**
     * Which commands refresh a key's access time, seen through OBJECT IDLETIME: EXISTS, TYPE, TTL, OBJECT, KEYS,
     * SCAN and RANDOMKEY leave it; TOUCH, COPY (its source), EXPIRE and PERSIST refresh it. Idle times are whole
     * seconds of a ticking clock, so the check is "at least 2" against "at most 1" on both servers.
     */
    @Test
    void idleTimeFollowsWhichCommandsTouch() throws InterruptedException {
        same("MSET", "quiet", "1", "touched", "2", "copied", "3", "expired", "4", "persisted", "5");
        same("EXPIRE", "persisted", "1000");
        Thread.sleep(2200);
        check("""
                EXISTS quiet
                TYPE quiet
                TTL quiet
                EXPIRETIME quiet
                OBJECT ENCODING quiet
                OBJECT REFCOUNT quiet
                ~KEYS *
                TOUCH touched
                COPY copied copy
                EXPIRE expired 1000
                PERSIST persisted
                """);
        for (RespClient client : List.of(expected, actual)) {
            client.call("SCAN", "0", "TYPE", "string", "COUNT", "100");
            client.call("RANDOMKEY");
            String who = client == actual ? "mini-redis" : "redis";
            assertThat(Long.parseLong(client.call("OBJECT", "IDLETIME", "quiet").text()))
                    .as(who)
                    .isGreaterThanOrEqualTo(2);
            for (String key : List.of("touched", "copied", "expired", "persisted")) {
                assertThat(Long.parseLong(client.call("OBJECT", "IDLETIME", key).text()))
                        .as(who + " " + key)
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void randomKey() {
        check("""
                RANDOMKEY
                SET only 1
                RANDOMKEY
                RANDOMKEY
                DEL only
                RANDOMKEY
                RANDOMKEY extra
                """);
        same("MSET", "a", "1", "b", "2", "c", "3");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(actual.call("RANDOMKEY").text());
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void renameAndRenamenx() {
        check("""
                SET a 1
                RENAME a a
                RENAMENX a a
                RENAME nope nope
                RENAME nope x
                RENAMENX nope x
                RENAME a b
                EXISTS a
                GET b
                SET c 3
                RENAMENX b c
                GET b
                RENAMENX b d
                GET d
                SETEX t 100 v
                RENAME t u
                TTL u
                SET w 1
                EXPIRE w 200
                RENAME d w
                TTL w
                GET w
                SET e 5
                RENAME u e
                TTL e
                RENAME a
                RENAME a b c
                RENAMENX a
                """);
    }

    @Test
    void move() {
        check("""
                SET k v
                MOVE k 0
                MOVE k 16
                MOVE k -1
                MOVE k abc
                MOVE k 2147483648
                MOVE k -2147483649
                MOVE k 1.0
                MOVE nope 1
                MOVE nope 0
                MOVE nope 16
                SETEX k 100 v
                MOVE k 1
                EXISTS k
                SELECT 1
                GET k
                TTL k
                SELECT 0
                SET k other
                MOVE k 1
                GET k
                SELECT 1
                MOVE k 0
                SELECT 0
                MOVE k
                MOVE k 1 2
                """);
    }

    @Test
    void copy() {
        check("""
                SET k v
                COPY k k
                COPY nope nope
                COPY k k DB 0
                COPY k k db 1
                COPY k k db 16
                COPY k k2 db abc
                COPY k k2 db 2147483648
                COPY k k2 db -1
                COPY k k2 db
                COPY k k2 foo
                COPY k k2 foo db 16
                COPY k k2 db 16 foo
                COPY k k2 db 1 db 16
                COPY nope k2
                COPY k k2
                COPY k k2
                GET k2
                SET k v2
                COPY k k2 replace replace
                GET k2
                COPY k k2 REPLACE DB 1
                COPY k k2 DB 1
                SELECT 1
                GET k2
                GET k
                SELECT 0
                SETEX t 100 v
                COPY t t2
                TTL t2
                SET n 123
                COPY n n2
                OBJECT ENCODING n2
                GET n2
                APPEND s abc
                COPY s s2
                APPEND s2 def
                GET s
                GET s2
                OBJECT ENCODING s2
                COPY k
                COPY
                COPY k k foo
                COPY k k REPLACE DB
                COPY k k DB 0 REPLACE
                COPY k k DB abc foo
                COPY k k2 DB 1 DB abc
                COPY k k2 DB 4294967296
                MOVE k 4294967296
                MOVE k k
                """);
    }

    @Test
    void expireOptionsAndErrors() {
        check("""
                SET k v
                EXPIRE k 100 foo
                EXPIRE k 100 nx xx
                EXPIRE k 100 NX GT
                EXPIRE k 100 nx lt
                EXPIRE k 100 gt lt
                EXPIRE k 100 xx gt
                EXPIRE k 100 xx lt
                EXPIRE k abc foo
                EXPIRE k abc nx xx
                EXPIRE k abc NX NX
                EXPIRE k abc GT LT
                EXPIRE k 9223372036854775807 foo
                PEXPIREAT k abc xx foo
                EXPIRE k abc
                EXPIRE k 1.5
                EXPIRE nope abc
                EXPIRE nope 100
                EXPIRE nope 100 nx
                EXPIRE k 100 gt
                TTL k
                EXPIRE k 100 xx
                TTL k
                EXPIRE k 100 lt
                TTL k
                EXPIRE k 50 gt
                EXPIRE k 200 gt
                TTL k
                EXPIRE k 300 lt
                EXPIRE k 100 lt
                TTL k
                EXPIRE k 10 nx
                EXPIRE k 10 xx
                TTL k
                EXPIRE k 1 nx nx
                EXPIRE k 1 gt gt
                EXPIRE k 20 lt lt xx
                TTL k
                EXPIRE k -1 gt
                EXPIRE k -1 lt
                EXISTS k
                SET k v
                EXPIRE k 0
                EXISTS k
                SET k v
                EXPIRE k -10 NX
                EXISTS k
                SET k v
                PEXPIRE k 0 lt
                EXISTS k
                EXPIRE
                EXPIRE k
                PEXPIRE k
                EXPIREAT k
                PEXPIREAT k
                """);
    }

    @Test
    void expireOverflow() {
        check("""
                SET k v
                EXPIRE k 9223372036854775807
                EXPIRE k -9223372036854775808
                EXPIRE k 9223372036854775
                EXPIRE k 9223372036854774
                EXPIRE k 9223372036854775808
                PEXPIRE k 9223372036854775807
                EXPIREAT k 9223372036854776
                EXPIREAT k 9223372036854775
                EXPIRETIME k
                PEXPIRETIME k
                PEXPIREAT k 9223372036854775807
                EXPIRETIME k
                PEXPIRETIME k
                PEXPIREAT k 9223372036854775807 gt
                PEXPIREAT k 100 gt
                EXISTS k
                PEXPIRE k -9223372036854775808
                EXISTS k
                SET k v
                EXPIRE k -9223372036854775
                EXISTS k
                SET k v
                EXPIRE k -9223372036854776
                EXISTS k
                EXPIREAT k -9223372036854775808
                EXISTS k
                SET k v
                PEXPIREAT k -1
                EXISTS k
                SET k v
                EXPIREAT k 1
                EXISTS k
                """);
    }

    @Test
    void ttlFamilyAndPersist() {
        check("""
                TTL nope
                PTTL nope
                EXPIRETIME nope
                PEXPIRETIME nope
                SET k v
                TTL k
                PTTL k
                EXPIRETIME k
                PEXPIRETIME k
                EXPIREAT k 2000000000
                EXPIRETIME k
                PEXPIRETIME k
                PEXPIREAT k 2000000000499
                EXPIRETIME k
                PEXPIREAT k 2000000000500
                EXPIRETIME k
                PEXPIREAT k 2000000000999
                EXPIRETIME k
                PEXPIRETIME k
                EXPIRE k 1000
                TTL k
                PERSIST k
                PERSIST k
                PERSIST nope
                TTL k
                EXPIRETIME k
                SETEX k 100 v
                SET k v2 KEEPTTL
                TTL k
                SET k v3
                TTL k
                TTL
                TTL a b
                PERSIST
                EXPIRETIME
                """);
    }

    @Test
    void objectSubcommands() {
        check("""
                SET int 123
                SET small 5
                SET big 10000
                SET neg -1
                SET str hello
                SET long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                APPEND app 5
                SETRANGE raw 0 5
                OBJECT ENCODING int
                OBJECT ENCODING str
                OBJECT ENCODING long
                OBJECT ENCODING app
                OBJECT ENCODING raw
                OBJECT ENCODING nope
                OBJECT REFCOUNT int
                OBJECT REFCOUNT small
                OBJECT REFCOUNT big
                OBJECT REFCOUNT neg
                OBJECT REFCOUNT str
                OBJECT REFCOUNT app
                OBJECT REFCOUNT raw
                OBJECT REFCOUNT nope
                RENAME small small2
                OBJECT REFCOUNT small2
                OBJECT IDLETIME nope
                OBJECT FREQ str
                OBJECT FREQ nope
                OBJECT HELP
                object help
                OBJECT
                OBJECT foo
                OBJECT foo bar
                OBJECT ENCODING
                OBJECT ENCODING a b
                OBJECT HELP x
                OBJECT REFCOUNT
                """);
        // A key just written has been idle 0 seconds, or 1 when a tick of the (seconds) LRU clock fell in between:
        // true of both servers, each on its own clock, so only the range is compared.
        for (var server : List.of(expected, actual)) {
            assertThat(server.call("OBJECT", "IDLETIME", "str").rawText()).isIn(":0\r\n", ":1\r\n");
        }
    }

    @Test
    void resp3Replies() {
        try {
            expected.call("HELLO", "3"); // the reply carries the client id, which differs
            actual.call("HELLO", "3");
            check("""
                    SET k v
                    OBJECT ENCODING nope
                    OBJECT REFCOUNT nope
                    RANDOMKEY
                    DEL k
                    RANDOMKEY
                    SCAN 0
                    KEYS *
                    TYPE nope
                    """);
        } finally {
            reconnect();
        }
    }

    /** Arity, flags and key positions of every command here, against {@code COMMAND INFO} of the real server. */
    @Test
    void commandTableMatchesCommandInfo() {
        CommandTable table = Commands.table();
        for (CommandSpec spec : new KeyCommands().commands()) {
            RespReply info =
                    expected.call("COMMAND", "INFO", spec.name()).elements().get(0);
            assertSameShape(table.lookup(spec.name()), info);
            if (spec.isContainer()) {
                List<RespReply> subs = info.elements().get(9).elements();
                assertThat(spec.subcommands()).hasSize(subs.size());
                for (RespReply sub : subs) {
                    String name = sub.elements().get(0).text();
                    CommandSpec mine = table.lookup(spec.name())
                            .subcommand(name.substring(name.indexOf('|') + 1).getBytes(StandardCharsets.US_ASCII));
                    assertThat(mine).as(name).isNotNull();
                    assertSameShape(mine, sub);
                }
            }
        }
    }

    private static void assertSameShape(CommandSpec spec, RespReply info) {
        List<RespReply> fields = info.elements();
        assertThat(spec.fullName()).isEqualTo(fields.get(0).text());
        assertThat((long) spec.arity())
                .as("arity of %s", spec.fullName())
                .isEqualTo(Long.parseLong(fields.get(1).text()));
        Set<String> flags = new HashSet<>();
        for (RespReply flag : fields.get(2).elements()) {
            flags.add(flag.text());
        }
        Set<String> mine = new HashSet<>();
        for (CommandFlag flag : spec.flags()) {
            mine.add(flag.wireName());
        }
        assertThat(mine).as("flags of %s", spec.fullName()).isEqualTo(flags);
        assertThat(new long[] {spec.firstKey(), spec.lastKey(), spec.keyStep()})
                .as("keys of %s", spec.fullName())
                .containsExactly(
                        Long.parseLong(fields.get(3).text()),
                        Long.parseLong(fields.get(4).text()),
                        Long.parseLong(fields.get(5).text()));
    }

    /**
     * SCAN's guarantee, on mini-redis alone: a key present for the whole iteration is returned, even when the table
     * grows and shrinks between calls.
     */
    @Test
    void scanSurvivesResizesInBetween() {
        for (int i = 0; i < 200; i++) {
            actual.call("SET", "stay:" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            RespReply reply = actual.call("SCAN", cursor, "COUNT", "7");
            cursor = reply.elements().get(0).text();
            for (RespReply key : reply.elements().get(1).elements()) {
                seen.add(key.text());
            }
            round++;
            if (round % 3 == 0 && round < 30) { // grow: the table doubles several times
                for (int i = 0; i < 1500; i++) {
                    actual.call("SET", "temp:" + round + ":" + i, "v");
                }
            } else if (round % 3 == 1 && round < 30) { // shrink: drop all the temporary keys
                RespReply temps = actual.call("KEYS", "temp:*");
                for (RespReply key : temps.elements()) {
                    actual.call("DEL", key.text());
                }
            }
        } while (!cursor.equals("0"));
        assertThat(round).isGreaterThan(6);
        for (int i = 0; i < 200; i++) {
            assertThat(seen).contains("stay:" + i);
        }
    }

    @Test
    void randomKeySequences() {
        long seed = seed();
        String[] keys = {"a", "b", "c", "d"};
        runRandom(seed, 3000, random -> randomKeyCommand(random, keys));
    }

    private static String[] randomKeyCommand(Random r, String[] keys) {
        String k = keys[r.nextInt(keys.length)];
        String other = keys[r.nextInt(keys.length)];
        String value = switch (r.nextInt(3)) {
            case 0 -> Integer.toString(r.nextInt(20_000) - 100);
            case 1 -> "v" + r.nextInt(10);
            default -> "";
        };
        String condition = switch (r.nextInt(8)) {
            case 0 -> "NX";
            case 1 -> "XX";
            case 2 -> "GT";
            case 3 -> "LT";
            case 4 -> r.nextBoolean() ? "gt" : "bogus";
            default -> null;
        };
        // Absolute times only (future ones spread around FUTURE, past ones), so replies do not depend on the clock.
        long seconds = r.nextInt(10) == 0 ? r.nextInt(1000) - 500 : FUTURE + r.nextInt(1000);
        String[] expire = switch (r.nextInt(4)) {
            case 0 -> new String[] {"EXPIREAT", k, Long.toString(seconds)};
            case 1 -> new String[] {"PEXPIREAT", k, Long.toString(seconds * 1000 + r.nextInt(1000))};
            case 2 -> new String[] {"EXPIRE", k, Integer.toString(-r.nextInt(5))};
            default -> new String[] {"PEXPIRE", k, r.nextBoolean() ? "9223372036854775807" : "-1"};
        };
        if (condition != null) {
            String[] withCondition = java.util.Arrays.copyOf(expire, 4);
            withCondition[3] = condition;
            expire = withCondition;
        }
        return switch (r.nextInt(20)) {
            case 0, 1 -> new String[] {"SET", k, value};
            case 2 -> new String[] {"DEL", k, other};
            case 3 -> new String[] {"UNLINK", k};
            case 4 -> new String[] {"EXISTS", k, other, k};
            case 5 -> new String[] {"TYPE", k};
            case 6 -> new String[] {"RENAME", k, other};
            case 7 -> new String[] {"RENAMENX", k, other};
            case 8 -> new String[] {"MOVE", k, Integer.toString(r.nextInt(3))};
            case 9 ->
                r.nextBoolean()
                        ? new String[] {"COPY", k, other}
                        : new String[] {"COPY", k, other, "DB", Integer.toString(r.nextInt(2)), "REPLACE"};
            case 10, 11 -> expire;
            case 12 -> new String[] {"EXPIRETIME", k};
            case 13 -> new String[] {"PEXPIRETIME", k};
            case 14 -> new String[] {"PERSIST", k};
            case 15 -> new String[] {"TOUCH", k, other};
            case 16 -> new String[] {"SELECT", Integer.toString(r.nextInt(2))};
            case 17 -> new String[] {"OBJECT", "ENCODING", k};
            case 18 -> new String[] {"GET", k};
            default -> new String[] {"KEYS", k};
        };
    }

    /**
     * Iterates SCAN from {@code cursor} until the server says 0; returns the keys seen. Redis may return a key twice
     * while its table rehashes; mini-redis's table has no incremental rehash, so from it a duplicate is a failure.
     */
    private Set<String> scanAll(RespClient client, String cursor, String... options) {
        Set<String> keys = new HashSet<>();
        String next = cursor;
        int calls = 0;
        do {
            String[] command = new String[2 + options.length];
            command[0] = "SCAN";
            command[1] = next;
            System.arraycopy(options, 0, command, 2, options.length);
            RespReply reply = client.call(command);
            assertThat(reply.isError()).as("SCAN %s: %s", next, reply).isFalse();
            next = reply.elements().get(0).text();
            for (RespReply key : reply.elements().get(1).elements()) {
                boolean fresh = keys.add(key.text());
                if (client == actual) {
                    assertThat(fresh).as("key %s returned twice", key.text()).isTrue();
                }
            }
            assertThat(++calls).as("SCAN calls").isLessThan(100_000);
        } while (!next.equals("0"));
        return keys;
    }

    private static String randomWord(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
