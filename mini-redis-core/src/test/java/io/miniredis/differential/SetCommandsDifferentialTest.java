package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Sets against real Redis: every command, its options and errors, WRONGTYPE among several keys, the intset/hashtable
 * encoding and its threshold, the *STORE commands (destination among the sources, missing keys, TTL), RESP3 shapes,
 * scans compared as sets, random members checked for shape and membership, and random sequences. An intset's order
 * (ascending) is compared exactly; a hashtable's, without order.
 */
class SetCommandsDifferentialTest extends CollectionDifferentialTestBase {

    @Test
    void addRemoveAndMembership() {
        check("""
                SADD s 3 1 2
                SADD s 2 4
                SMEMBERS s
                SCARD s
                SISMEMBER s 1
                SISMEMBER s 9
                SISMEMBER s x
                SISMEMBER missing 1
                SMISMEMBER s 1 9 x 4
                SMISMEMBER missing a b
                SCARD missing
                SMEMBERS missing
                SREM s 9 x
                SREM s 1 1 2
                SMEMBERS s
                SREM missing a
                SREM s 3 4 5
                EXISTS s
                SADD t b a c
                ~SMEMBERS t
                SISMEMBER t a
                SMISMEMBER t a z
                SREM t a
                SCARD t
                SADD t ""
                SISMEMBER t ""
                SADD
                SADD t
                SREM t
                SISMEMBER t
                SISMEMBER t a b
                SMISMEMBER t
                SCARD t x
                SMEMBERS t x
                TYPE t
                """);
    }

    @Test
    void wrongTypeWhereRedisChecksIt() {
        check("""
                SET str x
                SADD s a
                SADD str a
                SREM str a
                SMEMBERS str
                SISMEMBER str a
                SMISMEMBER str a
                SCARD str
                SPOP str
                SPOP str 0
                SPOP str 1
                SPOP str x
                SPOP str -1
                SRANDMEMBER str
                SRANDMEMBER str 0
                SRANDMEMBER str x
                SRANDMEMBER str 1 2
                SMOVE str s a
                SMOVE s str a
                SMOVE s str nosuch
                SMOVE missing str a
                SMOVE str missing a
                SINTER str
                SINTER s str
                SINTER missing str
                SINTER str missing
                SINTERCARD 2 missing str
                SINTERCARD 2 str s LIMIT -1
                SINTERSTORE d s str
                SINTERSTORE d missing str
                EXISTS d
                SUNION s str
                SUNION missing str
                SUNIONSTORE d s str
                SDIFF s str
                SDIFF str s
                SDIFF missing str
                SDIFFSTORE d s str
                SDIFFSTORE d missing str
                SSCAN str 0
                SSCAN str x
                SSCAN str 0 COUNT 0
                SINTERSTORE str s
                TYPE str
                SMEMBERS str
                """);
    }

    @Test
    void intsetUntilANonIntegerOrTooManyThenHashtableForGood() {
        check("""
                SADD a 1 -1 0 9223372036854775807 -9223372036854775808
                OBJECT ENCODING a
                SMEMBERS a
                SADD b +1
                OBJECT ENCODING b
                SADD c 01
                OBJECT ENCODING c
                SADD d -0
                OBJECT ENCODING d
                SADD e 9223372036854775808
                OBJECT ENCODING e
                SADD f " 1"
                OBJECT ENCODING f
                SADD g 1.0
                OBJECT ENCODING g
                SADD h ""
                OBJECT ENCODING h
                SADD i 1e3
                OBJECT ENCODING i
                SADD j 5 3
                SADD j x
                OBJECT ENCODING j
                SREM j x
                OBJECT ENCODING j
                ~SMEMBERS j
                CONFIG SET set-max-intset-entries 4
                SADD k 5 3 1 2
                OBJECT ENCODING k
                SMEMBERS k
                SADD k 3
                OBJECT ENCODING k
                SADD k 7
                OBJECT ENCODING k
                SREM k 7 5
                OBJECT ENCODING k
                SADD l 5 3 1 2 4
                OBJECT ENCODING l
                SADD m 1 2 3 4 5 6
                OBJECT ENCODING m
                CONFIG SET set-max-intset-entries 2
                SADD n 1 2 3
                OBJECT ENCODING n
                SADD o 1 2
                CONFIG SET set-max-intset-entries 1
                SADD o 2
                OBJECT ENCODING o
                SADD o 3
                OBJECT ENCODING o
                CONFIG SET set-max-intset-entries 0
                SADD p 1
                OBJECT ENCODING p
                CONFIG SET set-max-intset-entries 512
                SADD q 10 -5 3
                COPY q r
                OBJECT ENCODING r
                SMEMBERS r
                """);
        for (int i = 0; i < 513; i++) {
            same("SADD", "big", Integer.toString(1000 - i * 3));
            if (i >= 510) {
                same("OBJECT", "ENCODING", "big");
            }
        }
        check("""
                ~SMEMBERS big
                SCARD big
                SISMEMBER big 1000
                SREM big 1000
                OBJECT ENCODING big
                """);
        for (int i = 0; i < 512; i++) {
            same("SADD", "ints", Integer.toString(i * 7 - 1000));
        }
        check("""
                OBJECT ENCODING ints
                SMEMBERS ints
                SSCAN ints 0
                SRANDMEMBER ints 512
                SRANDMEMBER ints 1000
                """);
    }

    @Test
    void move() {
        check("""
                SADD a 1 2 x
                SADD b 3
                SMOVE a b 1
                SMEMBERS b
                ~SMEMBERS a
                SMOVE a b nosuch
                SMOVE a b 3
                SMOVE missing b 3
                SMOVE a a x
                SMOVE a a nosuch
                SMOVE a new x
                OBJECT ENCODING new
                SMOVE a new2 2
                OBJECT ENCODING new2
                EXISTS a
                SMOVE b new 3
                ~SMEMBERS new
                SADD c 7
                SMOVE new2 c 2
                SMEMBERS c
                OBJECT ENCODING c
                SMOVE c new2 7
                SMEMBERS new2
                SMOVE a b
                SMOVE a b c d
                """);
    }

    @Test
    void intersectUnionDifference() {
        check("""
                SADD a 1 2 3 4 5
                SADD b 4 5 6 7
                SADD c 5 x 4 y
                SADD d 2 z
                SINTER a
                SINTER a b
                SINTER a b c
                SINTER b a
                ~SINTER c a
                SINTER a missing
                SINTER missing a
                SINTER a a
                SUNION a b
                ~SUNION a c
                SUNION a missing
                SUNION missing
                SUNION a a
                SDIFF a b
                SDIFF a b c
                SDIFF a d
                SDIFF a missing
                SDIFF missing a
                SDIFF a a
                SDIFF a b a
                ~SDIFF c a
                ~SDIFF c d
                SINTERCARD 1 a
                SINTERCARD 2 a b
                SINTERCARD 3 a b c
                SINTERCARD 2 a missing
                SINTERCARD 2 a b LIMIT 1
                SINTERCARD 2 a b LIMIT 0
                SINTERCARD 2 a b LIMIT 100
                SINTERCARD 1 a LIMIT 3
                SINTERCARD 2 a b LIMIT 1 LIMIT 2
                SINTERCARD 2 a a
                SINTER
                SUNION
                SDIFF
                """);
    }

    @Test
    void intercardArguments() {
        check("""
                SADD s 1 2 3
                SADD t 2 3 4 a
                SINTERCARD 0 s
                SINTERCARD -1 s
                SINTERCARD x s
                SINTERCARD "" s
                SINTERCARD 3 s t
                SINTERCARD 9223372036854775807 s
                SINTERCARD 2147483648 s
                SINTERCARD 2 s t limit -1
                SINTERCARD 2 s t limit x
                SINTERCARD 2 s t limit
                SINTERCARD 2 s t foo 1
                SINTERCARD 1 s t
                SINTERCARD 2 s t LIMIT 1 extra
                SINTERCARD 1 s limit 9223372036854775807
                SINTERCARD 1
                SINTERCARD
                """);
    }

    @Test
    void storeForms() {
        check("""
                SADD a 1 2 3 4 5
                SADD b 4 5 6 7
                SADD c 5 x 4 y
                SINTERSTORE d a b
                SMEMBERS d
                OBJECT ENCODING d
                SINTERSTORE d a c
                OBJECT ENCODING d
                SMEMBERS d
                SINTERSTORE d d c
                ~SMEMBERS d
                SINTERSTORE d a missing
                EXISTS d
                SET d value
                EXPIRE d 1000
                SINTERSTORE d a b
                TTL d
                TYPE d
                SINTERSTORE d a
                SMEMBERS d
                SUNIONSTORE u a b
                SMEMBERS u
                OBJECT ENCODING u
                SUNIONSTORE u u c
                ~SMEMBERS u
                OBJECT ENCODING u
                SUNIONSTORE u missing
                EXISTS u
                SUNIONSTORE u missing a
                SMEMBERS u
                SDIFFSTORE f a b
                SMEMBERS f
                SDIFFSTORE f f a
                EXISTS f
                SDIFFSTORE f c a
                ~SMEMBERS f
                OBJECT ENCODING f
                SDIFFSTORE a a b
                SMEMBERS a
                SDIFFSTORE g missing a
                EXISTS g
                SET h str
                EXPIRE h 100
                SDIFFSTORE h b a
                TTL h
                SMEMBERS h
                SINTERSTORE x a
                SINTERSTORE
                SINTERSTORE x
                SUNIONSTORE x
                SDIFFSTORE x
                """);
    }

    @Test
    void storedResultsAreEncodedAsRedisEncodesThem() {
        check("""
                CONFIG SET set-max-intset-entries 4
                SADD a 1 2 3 4 5 6
                SADD b 1 2 3 4 5 6
                OBJECT ENCODING a
                SINTERSTORE c a b
                OBJECT ENCODING c
                SADD e 1 2 9
                SINTERSTORE c a e
                OBJECT ENCODING c
                SMEMBERS c
                SUNIONSTORE c e
                OBJECT ENCODING c
                SMEMBERS c
                SUNION e
                SDIFFSTORE c a b
                EXISTS c
                # SDIFF's algorithms: keeping survivors gives an intset, adding then removing a hashtable
                SADD small 1
                SDIFFSTORE c a small
                OBJECT ENCODING c
                ~SMEMBERS c
                SADD many 3 4 5 6 10 11 12 13 14 15 16 17 18 19 20
                SDIFFSTORE c a many
                OBJECT ENCODING c
                SMEMBERS c
                SDIFF a many
                SADD two 1 2
                SDIFFSTORE c two many
                OBJECT ENCODING c
                SMEMBERS c
                SDIFFSTORE c many two
                OBJECT ENCODING c
                SADD x 3
                SADD y 4
                SADD z 5
                SDIFFSTORE c a x y z
                OBJECT ENCODING c
                ~SMEMBERS c
                SDIFFSTORE c a x
                OBJECT ENCODING c
                ~SMEMBERS c
                SDIFF a many missing b
                SDIFFSTORE c a missing many
                OBJECT ENCODING c
                CONFIG SET set-max-intset-entries 512
                """);
    }

    @Test
    void popArgumentsAndDeterministicCases() {
        check("""
                SPOP missing
                SPOP missing 0
                SPOP missing 3
                SPOP missing -1
                SPOP missing x
                SADD s 3 1 2
                SPOP s 0
                SPOP s -1
                SPOP s x
                SPOP s 1.5
                SPOP s 1 2
                # a second argument after the key is a syntax error before the count is read
                SPOP s x y
                SPOP s -1 y
                SPOP s 3
                EXISTS s
                SADD s 3 1 2
                SPOP s 100
                EXISTS s
                SADD one x
                SPOP one
                EXISTS one
                SADD one 7
                SPOP one 1
                EXISTS one
                SPOP
                """);
    }

    @Test
    void randomMemberArgumentsAndDeterministicCases() {
        check("""
                SRANDMEMBER missing
                SRANDMEMBER missing 5
                SRANDMEMBER missing -5
                SRANDMEMBER missing 0
                SRANDMEMBER missing x
                SRANDMEMBER missing -9223372036854775808
                SRANDMEMBER missing -9223372036854775807
                SADD s 3 1 2
                SRANDMEMBER s 0
                SRANDMEMBER s 3
                SRANDMEMBER s 100
                SRANDMEMBER s x
                SRANDMEMBER s 1 2
                SRANDMEMBER s x y
                SRANDMEMBER s -9223372036854775808
                SADD one m
                SRANDMEMBER one
                SRANDMEMBER one 1
                SRANDMEMBER one -3
                SRANDMEMBER one 5
                SRANDMEMBER
                """);
    }

    @Test
    void randomMembersAreMembers() {
        for (boolean strings : new boolean[] {false, true}) {
            for (int size : new int[] {5, 300, 1000}) {
                same("DEL", "s");
                for (int i = 0; i < size; i++) {
                    same("SADD", "s", strings ? "m" + i : Integer.toString(i));
                }
                for (RespClient client : new RespClient[] {expected, actual}) {
                    assertMember(client.call("SRANDMEMBER", "s"), size);
                    for (int count :
                            new int[] {1, 2, 3, size / 3, size / 2, size - 1, size, size + 1, -1, -7, -size * 2}) {
                        List<String> members = texts(client.call("SRANDMEMBER", "s", Integer.toString(count)));
                        assertThat(members).hasSize(count > 0 ? Math.min(count, size) : -count);
                        members.forEach(m -> assertThat(index(m)).isBetween(0, size - 1));
                        if (count > 0) {
                            assertThat(new HashSet<>(members))
                                    .as("distinct members, count %d", count)
                                    .hasSize(members.size());
                        }
                    }
                }
            }
        }
    }

    private static int index(String member) {
        return Integer.parseInt(member.startsWith("m") ? member.substring(1) : member);
    }

    private static void assertMember(RespReply reply, int size) {
        assertThat(reply.type()).isEqualTo('$');
        assertThat(index(reply.text())).isBetween(0, size - 1);
    }

    /** SPOP on each server: the popped members are distinct members, and exactly what the set lost. */
    @Test
    void poppedMembersLeaveTheSet() {
        for (boolean strings : new boolean[] {false, true}) {
            for (int count : new int[] {1, 2, 10, 40, 49, 50, 60}) {
                same("DEL", "s");
                for (int i = 0; i < 50; i++) {
                    same("SADD", "s", strings ? "m" + i : Integer.toString(i));
                }
                for (RespClient client : new RespClient[] {expected, actual}) {
                    Set<String> before = new TreeSet<>(texts(client.call("SMEMBERS", "s")));
                    List<String> popped = texts(client.call("SPOP", "s", Integer.toString(count)));
                    assertThat(popped).hasSize(Math.min(count, 50));
                    assertThat(new HashSet<>(popped)).hasSize(popped.size());
                    assertThat(before).containsAll(popped);
                    Set<String> after = client.call("EXISTS", "s").text().equals("1")
                            ? new TreeSet<>(texts(client.call("SMEMBERS", "s")))
                            : Set.of();
                    Set<String> expectedAfter = new TreeSet<>(before);
                    popped.forEach(expectedAfter::remove);
                    assertThat(after).isEqualTo(expectedAfter);
                }
                same("SCARD", "s");
                same("OBJECT", "ENCODING", "s");
            }
            same("DEL", "s");
            same("SADD", "s", strings ? "a" : "1", strings ? "b" : "2");
            for (RespClient client : new RespClient[] {expected, actual}) {
                String first = client.call("SPOP", "s").text();
                String second = client.call("SPOP", "s").text();
                assertThat(Set.of(first, second)).isEqualTo(strings ? Set.of("a", "b") : Set.of("1", "2"));
                assertThat(client.call("SPOP", "s").type()).isEqualTo('$');
            }
            same("EXISTS", "s");
        }
    }

    /**
     * SPOP with a count close to the size keeps the remaining members in a new set in Redis, so a hashtable of
     * integers left with few members becomes an intset again; popping fewer leaves the hashtable.
     */
    @Test
    void popCloseToTheSizeReencodesTheRest() {
        same("CONFIG", "SET", "set-max-intset-entries", "10");
        try {
            for (String[] step : new String[][] {
                {"20", "18", "intset"}, {"20", "16", "hashtable"}, {"20", "10", "hashtable"}, {"21", "19", "mixed"}
            }) {
                same("DEL", "s");
                int size = Integer.parseInt(step[0]);
                for (int i = 0; i < size; i++) {
                    same("SADD", "s", Integer.toString(i));
                }
                if (step[2].equals("mixed")) {
                    same("SREM", "s", "0");
                    same("SADD", "s", "a");
                }
                same("OBJECT", "ENCODING", "s");
                expected.call("SPOP", "s", step[1]);
                actual.call("SPOP", "s", step[1]);
                RespReply encoding = expected.call("OBJECT", "ENCODING", "s");
                List<String> members = texts(actual.call("SMEMBERS", "s"));
                // The remaining members differ (random) but the encoding follows from them as in Redis.
                boolean allIntegers = members.stream().allMatch(m -> m.matches("-?[0-9]+"));
                RespReply ours = actual.call("OBJECT", "ENCODING", "s");
                if (!step[2].equals("mixed")) {
                    assertThat(ours)
                            .as("encoding after SPOP %s of %s", step[1], step[0])
                            .isEqualTo(encoding);
                } else {
                    assertThat(ours.text()).isEqualTo(allIntegers ? "intset" : "hashtable");
                }
                if (ours.text().equals("intset")) {
                    assertThat(members)
                            .isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
                }
            }
        } finally {
            same("CONFIG", "SET", "set-max-intset-entries", "512");
        }
    }

    @Test
    void scanArgumentsAndErrors() {
        check("""
                SADD s 1 2 3
                SADD t a b c
                SSCAN s 0
                SSCAN s 99
                SSCAN s 0 MATCH 1
                SSCAN s 0 MATCH *
                SSCAN s 0 COUNT 1
                ~SSCAN t 0 COUNT 100
                ~SSCAN t 0 MATCH a COUNT 100
                SSCAN s x
                SSCAN s -1
                SSCAN s 0 COUNT
                SSCAN s 0 COUNT 0
                SSCAN s 0 COUNT x
                SSCAN s 0 MATCH
                SSCAN s 0 TYPE set
                SSCAN missing 0
                SSCAN missing 0 COUNT 0
                SSCAN missing x
                SSCAN
                SSCAN s
                """);
    }

    @Test
    void scanOfAHashtableReturnsEveryMemberOnce() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            members.add(i % 2 == 0 ? "member:" + i : Integer.toString(i));
        }
        for (int i = 0; i < members.size(); i += 100) {
            List<String> command = new ArrayList<>(List.of("SADD", "s"));
            command.addAll(members.subList(i, i + 100));
            same(command.toArray(String[]::new));
        }
        for (String[] options : new String[][] {
            {},
            {"COUNT", "1"},
            {"COUNT", "13"},
            {"COUNT", "1000"},
            {"MATCH", "member:1*"},
            {"MATCH", "*7", "COUNT", "50"}
        }) {
            List<String> theirs = scanAll(expected, "SSCAN", "s", false, 5000, options);
            List<String> ours = scanAll(actual, "SSCAN", "s", false, 5000, options);
            assertThat(distinct(ours)).as("SSCAN %s", String.join(" ", options)).isEqualTo(distinct(theirs));
            assertThat(ours).isEqualTo(distinct(ours));
        }
    }

    @Test
    void resp3Shapes() {
        RespClient[] clients = resp3Clients();
        try {
            for (String line : List.of(
                    "SADD s 3 1 2",
                    "SMEMBERS s",
                    "SMEMBERS missing",
                    "SINTER s s",
                    "SINTER s missing",
                    "SUNION s missing",
                    "SDIFF s missing",
                    "SDIFF missing s",
                    "SMISMEMBER s 1 9",
                    "SISMEMBER s 1",
                    "SRANDMEMBER s 0",
                    "SRANDMEMBER missing 3",
                    "SRANDMEMBER s 5",
                    "SRANDMEMBER missing",
                    "SPOP missing",
                    "SPOP missing 2",
                    "SPOP s 0",
                    "SSCAN s 0",
                    "SSCAN missing 0",
                    "SINTERCARD 1 s",
                    "SINTERSTORE d s",
                    "SPOP s 100",
                    "SADD t a")) {
                sameOn(clients, false, line);
            }
            sameOn(clients, true, "SPOP t 5");
            for (RespClient client : clients) {
                client.call("SADD", "u", "a", "b", "c");
                assertThat(client.call("SPOP", "u", "2").type()).isEqualTo('~');
                assertThat(client.call("SRANDMEMBER", "u", "-3").type()).isEqualTo('*');
            }
        } finally {
            clients[0].close();
            clients[1].close();
        }
    }

    @Test
    void hitsAndMisses() {
        same("SADD", "s", "1", "2", "a");
        same("SADD", "t", "2");
        for (String command : List.of(
                "SMEMBERS s",
                "SMEMBERS missing",
                "SISMEMBER s a",
                "SMISMEMBER missing a",
                "SCARD s",
                "SRANDMEMBER s",
                "SRANDMEMBER missing 3",
                "SSCAN s 0",
                "SSCAN missing 0",
                "SINTER s t",
                "SINTER s missing t",
                "SINTERCARD 2 s t",
                "SUNION s missing",
                "SDIFF s t",
                "SINTERSTORE d s t",
                "SUNIONSTORE d s missing",
                "SDIFFSTORE d s t",
                "SADD s b",
                "SREM s b",
                "SMOVE s t 1",
                "SMOVE missing t 1",
                "SPOP missing",
                "SPOP missing 2")) {
            checkHitsAndMisses(command);
        }
    }

    @Test
    void commandKeys() {
        check("""
                COMMAND GETKEYS sintercard 2 a b
                COMMAND GETKEYS sintercard 2 a b LIMIT 3
                COMMAND GETKEYS sintercard 1 a b
                COMMAND GETKEYS sintercard 3 a b
                COMMAND GETKEYS sintercard 0 a
                COMMAND GETKEYS sintercard -1 a
                COMMAND GETKEYS sintercard x a
                COMMAND GETKEYS sintercard 1
                COMMAND GETKEYSANDFLAGS sintercard 2 a b limit 3
                COMMAND GETKEYSANDFLAGS sinterstore d a b
                COMMAND GETKEYSANDFLAGS sunionstore d a
                COMMAND GETKEYSANDFLAGS sdiffstore d a b c
                COMMAND GETKEYSANDFLAGS smove a b m
                COMMAND GETKEYSANDFLAGS sadd s m
                COMMAND GETKEYSANDFLAGS srem s m
                COMMAND GETKEYSANDFLAGS spop s
                COMMAND GETKEYSANDFLAGS sinter a b c
                COMMAND GETKEYSANDFLAGS sismember s m
                COMMAND INFO sintercard smove sinterstore sunionstore
                """);
    }

    /** Random sequences over a few keys, with a low intset limit so that sets change encoding. */
    @Test
    void randomSequences() {
        same("CONFIG", "SET", "set-max-intset-entries", "8");
        try {
            String[] keys = {"s1", "s2", "s3", "str"};
            same("SET", "str", "x");
            runRandomUnordered(seed(), 4000, random -> {
                String key = keys[random.nextInt(keys.length)];
                String other = keys[random.nextInt(keys.length)];
                String member = random.nextInt(6) == 0 ? "m" + random.nextInt(5) : Integer.toString(random.nextInt(16));
                return switch (random.nextInt(20)) {
                    case 0, 1, 2 -> new String[] {"SADD", key, member, Integer.toString(random.nextInt(16))};
                    case 3, 4 -> new String[] {"SREM", key, member, Integer.toString(random.nextInt(16))};
                    case 5 -> new String[] {"~", "SMEMBERS", key};
                    case 6 -> new String[] {"SISMEMBER", key, member};
                    case 7 -> new String[] {"SMISMEMBER", key, member, "m1"};
                    case 8 -> new String[] {"SCARD", key};
                    case 9 -> new String[] {"SMOVE", key, other, member};
                    case 10 -> new String[] {"~", "SINTER", key, other};
                    case 11 -> new String[] {"~", "SUNION", key, other};
                    case 12 -> new String[] {"~", "SDIFF", key, other, keys[random.nextInt(keys.length)]};
                    case 13 -> new String[] {"SINTERSTORE", keys[random.nextInt(3)], key, other};
                    case 14 -> new String[] {"SUNIONSTORE", keys[random.nextInt(3)], key, other};
                    case 15 -> new String[] {"SDIFFSTORE", keys[random.nextInt(3)], key, other};
                    case 16 ->
                        new String[] {"SINTERCARD", "2", key, other, "LIMIT", Integer.toString(random.nextInt(4))};
                    case 17 -> new String[] {"OBJECT", "ENCODING", key};
                    case 18 -> new String[] {"~", "SRANDMEMBER", key, "100"};
                    default -> new String[] {"~", "SSCAN", key, "0", "COUNT", "100"};
                };
            });
        } finally {
            same("CONFIG", "SET", "set-max-intset-entries", "512");
        }
    }

    /** Sets of integers only, under the default limit: all intsets, so every reply's order is exact. */
    @Test
    void randomSequencesOfIntsetsCompareInOrder() {
        String[] keys = {"s1", "s2", "s3"};
        runRandom(seed(), 2000, random -> {
            String key = keys[random.nextInt(keys.length)];
            String other = keys[random.nextInt(keys.length)];
            String member = Integer.toString(random.nextInt(40) - 20);
            return switch (random.nextInt(10)) {
                case 0, 1, 2 -> new String[] {"SADD", key, member, Integer.toString(random.nextInt(200))};
                case 3 -> new String[] {"SREM", key, member};
                case 4 -> new String[] {"SMEMBERS", key};
                case 5 -> new String[] {"SUNION", key, other};
                case 6 -> new String[] {"SDIFF", key, other};
                case 7 -> new String[] {"SINTER", key, other};
                case 8 -> new String[] {"SUNIONSTORE", keys[random.nextInt(3)], key, other};
                default -> new String[] {"SSCAN", key, "0"};
            };
        });
    }
}
