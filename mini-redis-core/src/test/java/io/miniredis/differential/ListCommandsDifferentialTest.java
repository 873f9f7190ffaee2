package io.miniredis.differential;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lists against real Redis: every command, its options and errors (in Redis's order of checks), RESP3 replies,
 * encodings, key specs, and seeded random sequences. The blocking forms are in {@link
 * BlockingListsDifferentialTest}.
 */
class ListCommandsDifferentialTest extends DifferentialTestBase {

    @Test
    void pushAndLength() {
        check("""
                LPUSH l a
                LPUSH l b c d
                RPUSH l e f
                LRANGE l 0 -1
                LLEN l
                LLEN missing
                LPUSHX missing a
                RPUSHX missing a b
                EXISTS missing
                LPUSHX l x y
                RPUSHX l z
                LRANGE l 0 -1
                TYPE l
                SET s v
                LPUSH s a
                RPUSH s a
                LPUSHX s a
                RPUSHX s a
                LLEN s
                LPUSH l
                RPUSH
                LPUSHX l
                LLEN
                LLEN l x
                RPUSH bin "" "a b" "\\x00\\xff"
                LRANGE bin 0 -1
                """);
    }

    @Test
    void popWithAndWithoutCount() {
        check("""
                RPUSH l a b c d e
                LPOP l
                RPOP l
                LPOP l 2
                LRANGE l 0 -1
                RPUSH l x y z
                RPOP l 2
                LPOP l 0
                RPOP l 0
                LPOP l 9223372036854775807
                EXISTS l
                LPOP l
                LPOP l 1
                LPOP l 0
                RPOP l 3
                RPOP l
                LPOP l -1
                LPOP l x
                LPOP l 01
                LPOP l 1 2
                LPOP l x y
                LPOP l -1 y
                LPOP
                RPUSH m a
                LPOP m -1
                RPOP m 1
                EXISTS m
                SET s v
                LPOP s
                LPOP s 0
                LPOP s -1
                LPOP s x
                RPOP s 2
                RPOP s x y
                """);
    }

    @Test
    void rangeAndIndex() {
        check("""
                RPUSH l a b c d e f
                LRANGE l 0 2
                LRANGE l -3 -1
                LRANGE l -100 100
                LRANGE l 2 1
                LRANGE l 6 10
                LRANGE l 5 5
                LRANGE l -1 -2
                LRANGE l 0 -7
                LRANGE l -7 0
                LRANGE l 9223372036854775807 -9223372036854775808
                LRANGE l -9223372036854775808 9223372036854775807
                LRANGE l x 1
                LRANGE l 0 y
                LRANGE missing 0 -1
                LRANGE missing x 1
                LINDEX l 0
                LINDEX l -1
                LINDEX l 5
                LINDEX l 6
                LINDEX l -6
                LINDEX l -7
                LINDEX l x
                LINDEX l 99999999999999999999
                LINDEX missing 0
                LINDEX missing x
                SET s v
                LRANGE s 0 1
                LRANGE s x 1
                LINDEX s 0
                LINDEX s x
                LRANGE l 0
                LINDEX l
                """);
    }

    @Test
    void setInsertRemoveTrim() {
        check("""
                RPUSH l a b c a b c a
                LSET l 0 A
                LSET l -1 Z
                LSET l 7 x
                LSET l -8 x
                LSET l x x
                LSET l 99999999999999999999 x
                LRANGE l 0 -1
                LSET missing 0 x
                LSET missing x x
                LINSERT l BEFORE b B1
                LINSERT l after c C1
                LINSERT l before A first
                LINSERT l AFTER Z last
                LINSERT l before nope x
                LINSERT l middle a x
                LINSERT missing before a x
                LINSERT missing middle a x
                LRANGE l 0 -1
                LREM l 1 b
                LREM l -1 c
                LRANGE l 0 -1
                LREM l 0 a
                LREM l 0 nope
                LREM l x a
                LREM missing 0 a
                LREM missing x a
                LRANGE l 0 -1
                RPUSH r x y x y x y x
                LREM r -2 x
                LRANGE r 0 -1
                LREM r 2 y
                LRANGE r 0 -1
                LREM r -9223372036854775808 x
                LRANGE r 0 -1
                LREM r 0 y
                EXISTS r
                RPUSH t 0 1 2 3 4 5 6 7 8 9
                LTRIM t 1 -2
                LRANGE t 0 -1
                LTRIM t -3 100
                LRANGE t 0 -1
                LTRIM t 1 0
                EXISTS t
                RPUSH t 0 1 2
                LTRIM t -100 -100
                EXISTS t
                RPUSH t 0 1 2
                LTRIM t 5 10
                EXISTS t
                RPUSH t 0 1 2
                LTRIM t 0 -1
                LRANGE t 0 -1
                LTRIM t x 1
                LTRIM missing 0 1
                LTRIM missing x 1
                EXISTS missing
                SET s v
                LSET s 0 x
                LSET s x x
                LINSERT s before a x
                LINSERT s middle a x
                LREM s 0 a
                LREM s x a
                LTRIM s 0 1
                LTRIM s x 1
                """);
    }

    @Test
    void lpos() {
        check("""
                RPUSH l a b c a b c a
                LPOS l a
                LPOS l c
                LPOS l z
                LPOS l a RANK 2
                LPOS l a RANK -1
                LPOS l a RANK -3
                LPOS l a RANK 4
                LPOS l a RANK -4
                LPOS l a COUNT 0
                LPOS l a COUNT 2
                LPOS l a COUNT 2 RANK -1
                LPOS l a RANK 2 COUNT 0
                LPOS l z COUNT 0
                LPOS l a COUNT 0 MAXLEN 3
                LPOS l a COUNT 0 MAXLEN 4
                LPOS l a RANK -1 MAXLEN 1
                LPOS l a RANK -2 MAXLEN 2
                LPOS l a MAXLEN 0 COUNT 0
                LPOS l b rank 1 rank 2
                LPOS l a RaNk 1 count 1 count 0
                LPOS l a RANK -9223372036854775808
                LPOS l a RANK -9223372036854775808 COUNT 0
                LPOS l a RANK -9223372036854775807
                LPOS l a RANK 9223372036854775807
                LPOS l a COUNT 9223372036854775807
                LPOS l a RANK 0
                LPOS l a RANK x
                LPOS l a RANK 99999999999999999999
                LPOS l a COUNT -1
                LPOS l a COUNT x
                LPOS l a COUNT -9223372036854775808
                LPOS l a MAXLEN -1
                LPOS l a MAXLEN x
                LPOS l a RANK
                LPOS l a RANK 1 foo
                LPOS l a foo 1
                LPOS l a RANK 0 COUNT -1
                LPOS l a COUNT -1 RANK 0
                LPOS missing a
                LPOS missing a COUNT 0
                LPOS missing a COUNT 3
                LPOS missing a RANK 0
                LPOS missing a MAXLEN x
                SET s v
                LPOS s a
                LPOS s a COUNT 1
                LPOS s a RANK 0
                LPOS s a RANK
                LPOS s a MAXLEN 1 COUNT
                LPOS l
                """);
    }

    @Test
    void moves() {
        check("""
                RPUSH src a b c
                LMOVE src dst LEFT RIGHT
                LMOVE src dst right left
                LRANGE src 0 -1
                LRANGE dst 0 -1
                LMOVE src dst LEFT LEFT
                EXISTS src
                LMOVE src dst LEFT LEFT
                LMOVE dst dst LEFT RIGHT
                LMOVE dst dst RIGHT LEFT
                LRANGE dst 0 -1
                RPUSH one x
                LMOVE one one LEFT RIGHT
                LRANGE one 0 -1
                LMOVE src dst UP LEFT
                LMOVE src dst LEFT DOWN
                LMOVE missing dst UP LEFT
                SET s v
                LMOVE s dst LEFT LEFT
                LMOVE dst s LEFT LEFT
                LMOVE missing s LEFT LEFT
                LRANGE dst 0 -1
                RPOPLPUSH dst other
                RPOPLPUSH dst other
                LRANGE other 0 -1
                RPOPLPUSH other other
                LRANGE other 0 -1
                RPOPLPUSH missing other
                RPOPLPUSH s other
                RPOPLPUSH other s
                RPOPLPUSH missing s
                RPOPLPUSH a
                LMOVE a b LEFT
                LMOVE s dst UP LEFT
                LMOVE s dst LEFT UP
                LMOVE dst s RIGHT up
                """);
    }

    @Test
    void lmpop() {
        check("""
                RPUSH a 1 2 3
                RPUSH b x y
                LMPOP 2 missing a LEFT
                LMPOP 2 a b RIGHT COUNT 5
                LMPOP 1 a left
                LMPOP 2 b a RIGHT COUNT 1
                LMPOP 3 missing a b LEFT count 10
                EXISTS a b
                LMPOP 1 missing LEFT
                LMPOP 1 missing LEFT COUNT 5
                LMPOP 0 a LEFT
                LMPOP -1 a LEFT
                LMPOP x a LEFT
                LMPOP 99999999999999999999 a LEFT
                LMPOP 9223372036854775807 a LEFT
                LMPOP 2 a LEFT
                LMPOP 1 a UP
                LMPOP 1 a LEFT COUNT 0
                LMPOP 1 a LEFT COUNT -1
                LMPOP 1 a LEFT COUNT x
                LMPOP 1 a LEFT COUNT
                LMPOP 1 a LEFT COUNT 1 COUNT 2
                LMPOP 1 a LEFT COUNT 1 extra
                LMPOP 1 a LEFT extra
                SET s v
                RPUSH c z
                LMPOP 1 s LEFT
                LMPOP 2 missing s LEFT
                LMPOP 2 c s LEFT
                LMPOP 2 s c LEFT
                LMPOP 1 a
                LMPOP 1
                """);
    }

    @Test
    void resp3Replies() {
        try {
            expected.call("HELLO", "3");
            actual.call("HELLO", "3");
            check("""
                    RPUSH l a b c a
                    LPOP missing
                    LPOP missing 0
                    LPOP missing 2
                    RPOP missing 2
                    LPOP l 0
                    LPOP l 1
                    LINDEX l 99
                    LINDEX missing 0
                    LRANGE missing 0 -1
                    LPOS l z
                    LPOS l z COUNT 0
                    LPOS missing z
                    LPOS missing z COUNT 0
                    LPOS l a COUNT 0
                    LMPOP 1 missing LEFT
                    LMPOP 1 l LEFT COUNT 2
                    LMOVE missing l LEFT LEFT
                    RPOPLPUSH missing l
                    BLPOP missing 0.01
                    BLMPOP 0.01 1 missing LEFT
                    BLMOVE missing l LEFT LEFT 0.01
                    LRANGE l 0 -1
                    """);
        } finally {
            reconnect();
        }
    }

    @Test
    void encodingTypeAndKeyCommands() {
        check("""
                RPUSH l a
                OBJECT ENCODING l
                TYPE l
                CONFIG SET list-max-listpack-size 2
                RPUSH big a b c d e
                OBJECT ENCODING big
                CONFIG SET list-max-listpack-size -2
                RPUSH l b c
                COPY l l2
                LRANGE l2 0 -1
                RPUSH l2 d
                LRANGE l 0 -1
                RENAME l2 l3
                LRANGE l3 0 -1
                OBJECT ENCODING l3
                ~SCAN 0 TYPE list
                GET l
                APPEND l x
                INCR l
                STRLEN l
                """);
    }

    @Test
    void keysOfListCommands() {
        check("""
                COMMAND GETKEYS lmove a b LEFT RIGHT
                COMMAND GETKEYSANDFLAGS lmove a b LEFT RIGHT
                COMMAND GETKEYSANDFLAGS rpoplpush a b
                COMMAND GETKEYSANDFLAGS lmpop 2 a b LEFT
                COMMAND GETKEYSANDFLAGS lmpop 1 a LEFT COUNT 2
                COMMAND GETKEYS lmpop 3 a b c RIGHT
                COMMAND GETKEYS blmpop 0 2 a b LEFT
                COMMAND GETKEYSANDFLAGS blmpop 0 2 a b LEFT
                COMMAND GETKEYS blpop a b c 0
                COMMAND GETKEYSANDFLAGS brpop a b 0
                COMMAND GETKEYSANDFLAGS blmove a b LEFT RIGHT 0
                COMMAND GETKEYSANDFLAGS brpoplpush a b 0
                COMMAND GETKEYSANDFLAGS lpush k a
                COMMAND GETKEYSANDFLAGS llen k
                COMMAND GETKEYSANDFLAGS lrem k 0 a
                COMMAND GETKEYS lmpop 0 a LEFT
                COMMAND GETKEYS lmpop x a LEFT
                COMMAND GETKEYS lmpop 5 a LEFT
                COMMAND GETKEYS blmpop 0 0 a LEFT
                COMMAND INFO lmove blmpop blpop lmpop lpush llen
                """);
    }

    @Test
    void arityErrors() {
        check("""
                LPUSH
                LPOP
                LRANGE l 0
                LINDEX l
                LSET l 0
                LINSERT l BEFORE a
                LREM l 0
                LTRIM l 0
                LPOS l
                LMOVE a b LEFT
                RPOPLPUSH a
                LMPOP 1 a
                BLPOP a
                BRPOP a
                BRPOPLPUSH a b
                BLMOVE a b LEFT RIGHT
                BLMPOP 0 1 a
                """);
    }

    @Test
    void longListsKeepTheirOrder() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            script.append(i % 2 == 0 ? "RPUSH" : "LPUSH")
                    .append(" big e")
                    .append(i)
                    .append('\n');
        }
        script.append("""
                LLEN big
                LRANGE big 0 -1
                LINDEX big 150
                LINSERT big BEFORE e151 mid
                LINSERT big AFTER e2 mid2
                LRANGE big 140 160
                LREM big 0 mid
                LTRIM big 10 -10
                LRANGE big 0 -1
                LPOP big 100
                RPOP big 100
                LRANGE big 0 -1
                """);
        check(script.toString());
    }

    @Test
    void randomListSequences() {
        long seed = seed();
        String[] keys = {"a", "b", "c"};
        runRandom(seed, 3000, random -> randomListCommand(random, keys));
    }

    private static String[] randomListCommand(Random r, String[] keys) {
        String k = keys[r.nextInt(keys.length)];
        String other = keys[r.nextInt(keys.length)];
        String v = "v" + r.nextInt(6);
        String i = Integer.toString(r.nextInt(16) - 8);
        String j = Integer.toString(r.nextInt(16) - 8);
        String side = r.nextBoolean() ? "LEFT" : "RIGHT";
        String side2 = r.nextBoolean() ? "LEFT" : "RIGHT";
        return switch (r.nextInt(24)) {
            case 0, 1 -> new String[] {"LPUSH", k, v, "v" + r.nextInt(6)};
            case 2, 3 -> new String[] {"RPUSH", k, v};
            case 4 -> new String[] {"LPUSHX", k, v};
            case 5 -> new String[] {"RPUSHX", k, v, v};
            case 6 -> new String[] {"LPOP", k};
            case 7 -> new String[] {"RPOP", k, Integer.toString(r.nextInt(4))};
            case 8 -> new String[] {"LLEN", k};
            case 9, 10 -> new String[] {"LRANGE", k, i, j};
            case 11 -> new String[] {"LINDEX", k, i};
            case 12 -> new String[] {"LSET", k, i, v};
            case 13 -> new String[] {"LINSERT", k, r.nextBoolean() ? "BEFORE" : "AFTER", "v" + r.nextInt(6), v};
            case 14 -> new String[] {"LREM", k, Integer.toString(r.nextInt(5) - 2), v};
            case 15 -> new String[] {"LTRIM", k, i, j};
            case 16 -> lposCommand(r, k, v);
            case 17 -> new String[] {"LMOVE", k, other, side, side2};
            case 18 -> new String[] {"RPOPLPUSH", k, other};
            case 19 ->
                r.nextBoolean()
                        ? new String[] {"LMPOP", "2", k, other, side}
                        : new String[] {"LMPOP", "3", k, other, "c", side, "COUNT", Integer.toString(1 + r.nextInt(4))};
            case 20 -> new String[] {"BLPOP", k, other, "0.001"}; // never waits: the key holds elements, or times out
            case 21 -> new String[] {"LRANGE", k, "0", "-1"};
            case 22 -> r.nextInt(8) == 0 ? new String[] {"SET", k, v} : new String[] {"DEL", k};
            default -> new String[] {"EXISTS", k};
        };
    }

    private static String[] lposCommand(Random r, String k, String v) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("LPOS", k, v));
        if (r.nextBoolean()) {
            int rank = r.nextInt(7) - 3;
            command.addAll(java.util.List.of("RANK", Integer.toString(rank == 0 ? 1 : rank)));
        }
        if (r.nextBoolean()) {
            command.addAll(java.util.List.of("COUNT", Integer.toString(r.nextInt(4))));
        }
        if (r.nextInt(3) == 0) {
            command.addAll(java.util.List.of("MAXLEN", Integer.toString(r.nextInt(6))));
        }
        return command.toArray(String[]::new);
    }
}
