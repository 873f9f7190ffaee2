package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Hashes against real Redis: every command, its options and errors, WRONGTYPE, the listpack/hashtable encoding and
 * its thresholds, RESP3 shapes, scans compared as sets, random fields checked for shape and membership, and random
 * sequences. A listpack hash's order (insertion order) is compared exactly; a hashtable's, without order.
 */
class HashCommandsDifferentialTest extends CollectionDifferentialTestBase {

    @Test
    void setGetAndLengths() {
        check("""
                HSET h a 1 b 2 c 3
                HSET h a 10 d 4
                HGET h a
                HGET h nosuch
                HGET missing a
                HMGET h a b nosuch d
                HMGET missing a b
                HLEN h
                HLEN missing
                HSTRLEN h a
                HSTRLEN h nosuch
                HSTRLEN missing a
                HEXISTS h a
                HEXISTS h nosuch
                HEXISTS missing a
                HKEYS h
                HVALS h
                HGETALL h
                HKEYS missing
                HVALS missing
                HGETALL missing
                HSET h "" ""
                HGET h ""
                HSTRLEN h ""
                HGETALL h
                HSET h a
                HSET h a 1 b
                HSET h
                HMSET h a 1 b
                HMSET h x 1 y 2
                HMGET h x y
                HGET h
                HMGET h
                HLEN h x
                HSTRLEN h
                HEXISTS h
                HKEYS h x
                TYPE h
                """);
    }

    @Test
    void setnxAndDelete() {
        check("""
                HSETNX h a 1
                HSETNX h a 2
                HGET h a
                HSETNX h b 2
                HGETALL h
                HSETNX h a
                HDEL h nosuch
                HDEL missing a
                HDEL h a nosuch a
                HGETALL h
                HSET h c 3 d 4
                HDEL h b c d e
                EXISTS h
                HSET h a 1 b 2
                HDEL h a b a
                EXISTS h
                HDEL h
                HSET h a 1 b 2 c 3
                HDEL h b
                HSET h b 2
                HGETALL h
                HSET h a 5
                HGETALL h
                """);
    }

    @Test
    void wrongTypeWhereRedisChecksIt() {
        check("""
                SET s x
                HSET s a 1
                HSET s a 1 b
                HSETNX s a 1
                HMSET s a 1
                HGET s a
                HMGET s a
                HDEL s a
                HLEN s
                HSTRLEN s a
                HEXISTS s a
                HKEYS s
                HVALS s
                HGETALL s
                HINCRBY s a 1
                HINCRBY s a x
                HINCRBYFLOAT s a 1
                HINCRBYFLOAT s a x
                HINCRBYFLOAT s a inf
                HRANDFIELD s
                HRANDFIELD s 1
                HRANDFIELD s x
                HRANDFIELD s 1 foo
                HRANDFIELD s -9223372036854775808
                HSCAN s 0
                HSCAN s x
                HSCAN s 0 COUNT 0
                HSCAN missing 0 COUNT 0
                HSCAN missing 0 foo
                GET s
                SADD set m
                HGET set a
                """);
    }

    @Test
    void incrementByIntegers() {
        check("""
                HINCRBY h a 5
                HINCRBY h a -7
                HGET h a
                HINCRBY h a 0
                HINCRBY h a x
                HINCRBY h a 1.5
                HINCRBY h a ""
                HINCRBY h a 9223372036854775808
                HSET h s abc sp " 1" z 007 neg -0 f 1.0
                HINCRBY h s 1
                HINCRBY h sp 1
                HINCRBY h z 1
                HINCRBY h neg 1
                HINCRBY h f 1
                HINCRBY h q 9223372036854775807
                HINCRBY h q 1
                HINCRBY h q -9223372036854775808
                HINCRBY h q -1
                HSET h m -9223372036854775808
                HINCRBY h m -1
                HINCRBY h m 9223372036854775807
                HINCRBY h a
                HINCRBY newkey f 3
                HGETALL h
                HGETALL newkey
                """);
    }

    @Test
    void incrementByFloats() {
        check("""
                HINCRBYFLOAT h a 1.5
                HINCRBYFLOAT h a 0.1
                HINCRBYFLOAT h a -1.6
                HINCRBYFLOAT h b 5.0e3
                HINCRBYFLOAT h b 1e-20
                HINCRBYFLOAT h c 0x10
                HINCRBYFLOAT h a inf
                HINCRBYFLOAT h a -inf
                HINCRBYFLOAT h a +inf
                HINCRBYFLOAT h a nan
                HINCRBYFLOAT h a 1e5000
                HINCRBYFLOAT h a abc
                HINCRBYFLOAT h a ""
                HINCRBYFLOAT h a " 1"
                HINCRBYFLOAT nokey a inf
                EXISTS nokey
                HSET h i inf n 1e5000 s " 1" x 1.5 big 1e4932 int 10 e ""
                HINCRBYFLOAT h i 1
                HINCRBYFLOAT h n 1
                HINCRBYFLOAT h s 1
                HINCRBYFLOAT h e 1
                HINCRBYFLOAT h x 1
                HINCRBYFLOAT h int 2.5
                HINCRBYFLOAT h big 1e4932
                HINCRBYFLOAT h big -1e4932
                HINCRBYFLOAT h x 3.0000000000000000001
                HINCRBYFLOAT h x 12345678901234567890
                HINCRBYFLOAT h x
                HINCRBYFLOAT h z -0
                HINCRBYFLOAT h z -0.0
                HINCRBYFLOAT h z 1e-5000
                HINCRBYFLOAT h z 1e-4950
                HINCRBYFLOAT h z -1e-4960
                HSET h tiny 1e-5000 sub 1e-4950
                HINCRBYFLOAT h tiny 1
                HINCRBYFLOAT h sub 1
                HINCRBYFLOAT h z 0.1e1
                HINCRBYFLOAT h z .5
                HINCRBYFLOAT h z 5.
                HINCRBYFLOAT h z 1_0
                HINCRBYFLOAT h z 10.5abc
                HINCRBYFLOAT h z infinity
                HINCRBYFLOAT h z -Infinity
                HGETALL h
                OBJECT ENCODING h
                """);
    }

    @Test
    void listpackUntilALimitIsCrossedThenHashtableForGood() {
        check("""
                CONFIG SET hash-max-listpack-entries 4
                CONFIG SET hash-max-listpack-value 8
                HSET h a 1 a 2 a 3 a 4 a 5 a 6
                OBJECT ENCODING h
                HSET h b 1 c 2 d 3
                OBJECT ENCODING h
                HSET h e 5
                OBJECT ENCODING h
                HDEL h a b c d
                OBJECT ENCODING h
                HGETALL h
                DEL h
                HSET h abcdefgh 12345678
                OBJECT ENCODING h
                HSET h a 123456789
                OBJECT ENCODING h
                HSET k abcdefghi 1
                OBJECT ENCODING k
                HSET n a 1
                HSETNX n a 123456789
                OBJECT ENCODING n
                HSETNX n b 123456789
                OBJECT ENCODING n
                HSET f a 1
                HINCRBYFLOAT f a 0.123456789
                OBJECT ENCODING f
                HSET i a 1
                HINCRBY i a 123456789
                OBJECT ENCODING i
                HINCRBY j abcdefghij 1
                OBJECT ENCODING j
                HINCRBYFLOAT l abcdefghij 1
                OBJECT ENCODING l
                HSET w a 1
                HSET w b 123456789 c
                OBJECT ENCODING w
                HMSET m a 123456789
                OBJECT ENCODING m
                HSET lowered a 1 b 2 c 3 d 4
                CONFIG SET hash-max-listpack-entries 2
                OBJECT ENCODING lowered
                HGET lowered a
                OBJECT ENCODING lowered
                HSETNX lowered a 1
                OBJECT ENCODING lowered
                HSET lowered a 5
                OBJECT ENCODING lowered
                CONFIG SET hash-max-listpack-entries 0
                HSET zero a 1
                OBJECT ENCODING zero
                CONFIG SET hash-max-listpack-entries 128
                CONFIG SET hash-max-listpack-value 0
                HSET empty "" ""
                OBJECT ENCODING empty
                HSET empty a ""
                OBJECT ENCODING empty
                CONFIG SET hash-max-ziplist-value 64
                CONFIG SET hash-max-ziplist-entries 512
                DEL h
                HSET h a 1
                OBJECT ENCODING h
                COPY h h2
                OBJECT ENCODING h2
                HGETALL h2
                """);
        same("CONFIG", "SET", "hash-max-listpack-entries", "512");
        same("CONFIG", "SET", "hash-max-listpack-value", "64");
        // Growing one field at a time past the default limit: the encoding changes after the 512th field.
        for (int i = 0; i < 513; i++) {
            same("HSET", "big", "field:" + i, Integer.toString(i));
            if (i >= 510) {
                same("OBJECT", "ENCODING", "big");
            }
        }
        check("""
                ~HGETALL big
                ~HKEYS big
                ~HVALS big
                HLEN big
                HGET big field:77
                HDEL big field:0 field:1
                OBJECT ENCODING big
                """);
    }

    @Test
    void listpackOrderIsInsertionOrder() {
        check("""
                HSET h z 1 y 2 x 3
                HSET h a 4
                HSET h y 20
                HDEL h z
                HSET h z 30
                HINCRBY h x 5
                HKEYS h
                HVALS h
                HGETALL h
                HRANDFIELD h 100
                HRANDFIELD h 4 WITHVALUES
                HRANDFIELD h 5 withvalues
                HSCAN h 0
                HSCAN h 7
                HSCAN h 0 COUNT 1
                HSCAN h 0 MATCH [xy]
                HSCAN h 0 match * count 1000
                HSCAN h 0 MATCH nothing
                """);
    }

    @Test
    void randomFieldsArgumentsAndDeterministicCases() {
        check("""
                HRANDFIELD missing
                HRANDFIELD missing 5
                HRANDFIELD missing -5
                HRANDFIELD missing 5 WITHVALUES
                HRANDFIELD missing 0
                HRANDFIELD missing x
                HRANDFIELD missing 1 withvalue
                HRANDFIELD missing 1 withvalues x
                HRANDFIELD missing -9223372036854775808
                HRANDFIELD missing -9223372036854775807
                HRANDFIELD missing -9223372036854775807 WITHVALUES
                HRANDFIELD missing -4611686018427387904 WITHVALUES
                HRANDFIELD missing -4611686018427387903 WITHVALUES
                HRANDFIELD missing 4611686018427387903 WITHVALUES
                HRANDFIELD missing 4611686018427387904 WITHVALUES
                HRANDFIELD missing 9223372036854775807 WITHVALUES
                HSET one a 1
                HRANDFIELD one
                HRANDFIELD one 1
                HRANDFIELD one -3
                HRANDFIELD one -3 WITHVALUES
                HRANDFIELD one 0
                HRANDFIELD one 0 WITHVALUES
                HRANDFIELD one 1 WITHVALUES
                HRANDFIELD one x WITHVALUES
                HRANDFIELD one x y z
                HRANDFIELD one 1 WITHVALUES x
                HRANDFIELD
                """);
    }

    @Test
    void randomFieldsAreFieldsOfTheHashWithTheirValues() {
        for (int size : new int[] {5, 300, 1000}) {
            same("DEL", "h");
            for (int i = 0; i < size; i++) {
                same("HSET", "h", "f" + i, "v" + i);
            }
            for (RespClient client : new RespClient[] {expected, actual}) {
                assertField(client.call("HRANDFIELD", "h"), size);
                for (int count : new int[] {1, 2, 3, size / 3, size / 2, size - 1, size, size + 1, -1, -7, -size * 2}) {
                    RespReply plain = client.call("HRANDFIELD", "h", Integer.toString(count));
                    List<String> fields = texts(plain);
                    assertThat(fields).hasSize(count > 0 ? Math.min(count, size) : -count);
                    fields.forEach(
                            f -> assertThat(Integer.parseInt(f.substring(1))).isBetween(0, size - 1));
                    if (count > 0) {
                        assertThat(new HashSet<>(fields))
                                .as("distinct fields for count %d", count)
                                .hasSize(fields.size());
                    }
                    RespReply withValues = client.call("HRANDFIELD", "h", Integer.toString(count), "WITHVALUES");
                    List<String> flat = texts(withValues);
                    assertThat(flat).hasSize(2 * (count > 0 ? Math.min(count, size) : -count));
                    for (int i = 0; i < flat.size(); i += 2) {
                        assertThat(flat.get(i + 1)).isEqualTo("v" + flat.get(i).substring(1));
                    }
                }
            }
        }
    }

    private static void assertField(RespReply reply, int size) {
        assertThat(reply.type()).isEqualTo('$');
        assertThat(Integer.parseInt(reply.text().substring(1))).isBetween(0, size - 1);
    }

    @Test
    void scanArgumentsAndErrors() {
        check("""
                HSET h a 1 b 2
                HSCAN h x
                HSCAN h -1
                HSCAN h 18446744073709551616
                HSCAN h 0 COUNT
                HSCAN h 0 COUNT 0
                HSCAN h 0 COUNT -1
                HSCAN h 0 COUNT x
                HSCAN h 0 MATCH
                HSCAN h 0 TYPE string
                HSCAN h 0 NOVALUES
                HSCAN h 0 COUNT 1 MATCH a COUNT 5
                HSCAN h 0 match b
                HSCAN missing 0
                HSCAN missing x
                HSCAN
                HSCAN h
                """);
    }

    @Test
    void scanOfAHashtableReturnsEveryFieldOnce() {
        for (int i = 0; i < 2000; i++) {
            same("HSET", "h", "field:" + i, "value:" + i);
        }
        for (String[] options : new String[][] {
            {}, {"COUNT", "1"}, {"COUNT", "7"}, {"COUNT", "500"}, {"MATCH", "field:1*"}, {"MATCH", "*9", "COUNT", "50"}
        }) {
            List<String> theirs = scanAll(expected, "HSCAN", "h", true, 5000, options);
            List<String> ours = scanAll(actual, "HSCAN", "h", true, 5000, options);
            assertThat(distinct(ours)).as("HSCAN %s", String.join(" ", options)).isEqualTo(distinct(theirs));
            // Without resizes during the scan, each field comes once.
            assertThat(ours).isEqualTo(distinct(ours));
        }
    }

    @Test
    void scanWhileTheHashChangesReturnsEveryFieldPresentThroughout() {
        Random random = new Random(seed());
        for (int i = 0; i < 3000; i++) {
            actual.call("HSET", "h", "stable:" + i, "x");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int next = 0;
        List<String> churn = new java.util.ArrayList<>();
        do {
            RespReply reply = actual.call("HSCAN", "h", cursor, "COUNT", "20");
            cursor = reply.elements().get(0).text();
            List<RespReply> found = reply.elements().get(1).elements();
            for (int i = 0; i < found.size(); i += 2) {
                seen.add(found.get(i).text());
            }
            // Grow and shrink the hash between calls.
            if (random.nextBoolean()) {
                for (int i = random.nextInt(2000); i > 0; i--) {
                    String field = "churn:" + next++;
                    actual.call("HSET", "h", field, "y");
                    churn.add(field);
                }
            } else {
                for (String field : churn) {
                    actual.call("HDEL", "h", field);
                }
                churn.clear();
            }
        } while (!cursor.equals("0"));
        for (int i = 0; i < 3000; i++) {
            assertThat(seen).contains("stable:" + i);
        }
    }

    @Test
    void resp3Shapes() {
        RespClient[] clients = resp3Clients();
        try {
            for (String line : List.of(
                    "HSET h a 1 b 2 c 3",
                    "HGETALL h",
                    "HGETALL missing",
                    "HKEYS h",
                    "HVALS h",
                    "HMGET h a x c",
                    "HMGET missing a",
                    "HGET h x",
                    "HGET h a",
                    "HRANDFIELD missing",
                    "HRANDFIELD h 0",
                    "HRANDFIELD h 5",
                    "HRANDFIELD h 5 WITHVALUES",
                    "HRANDFIELD missing 2 WITHVALUES",
                    "HSCAN h 0",
                    "HSCAN missing 0",
                    "HINCRBYFLOAT h f 1.5",
                    "HINCRBY h i 3",
                    "HEXISTS h a",
                    "HSET big " + "x".repeat(100) + " 1",
                    "HSCAN big 0",
                    "HGETALL big",
                    "HMSET h a 1")) {
                sameOn(clients, false, line);
            }
            for (RespClient client : clients) {
                RespReply pairs = client.call("HRANDFIELD", "h", "2", "WITHVALUES");
                assertThat(pairs.type()).isEqualTo('*');
                assertThat(pairs.elements()).hasSize(2).allSatisfy(pair -> {
                    assertThat(pair.type()).isEqualTo('*');
                    assertThat(pair.elements()).hasSize(2);
                });
                RespReply repeated = client.call("HRANDFIELD", "h", "-5", "WITHVALUES");
                assertThat(repeated.elements())
                        .hasSize(5)
                        .allSatisfy(pair -> assertThat(pair.elements()).hasSize(2));
            }
        } finally {
            clients[0].close();
            clients[1].close();
        }
    }

    @Test
    void hitsAndMisses() {
        same("HSET", "h", "a", "1");
        for (String command : List.of(
                "HGET h a",
                "HGET missing a",
                "HMGET h a b",
                "HLEN h",
                "HSTRLEN missing a",
                "HEXISTS h a",
                "HKEYS h",
                "HVALS missing",
                "HGETALL h",
                "HRANDFIELD h",
                "HRANDFIELD missing 2",
                "HSCAN h 0",
                "HSCAN missing 0",
                "HSET h b 2",
                "HSET new a 1",
                "HSETNX h c 3",
                "HDEL h c",
                "HDEL missing a",
                "HINCRBY h n 1",
                "HINCRBYFLOAT h f 1",
                "HMSET h x 1")) {
            checkHitsAndMisses(command);
        }
    }

    @Test
    void commandKeys() {
        check("""
                COMMAND GETKEYS hset h a 1
                COMMAND GETKEYSANDFLAGS hset h a 1
                COMMAND GETKEYSANDFLAGS hsetnx h a 1
                COMMAND GETKEYSANDFLAGS hget h a
                COMMAND GETKEYSANDFLAGS hdel h a
                COMMAND GETKEYSANDFLAGS hlen h
                COMMAND GETKEYSANDFLAGS hincrbyfloat h a 1
                COMMAND GETKEYSANDFLAGS hscan h 0
                """);
    }

    /** Random sequences over a few keys and fields, with limits low enough that hashes change encoding. */
    @Test
    void randomSequences() {
        same("CONFIG", "SET", "hash-max-listpack-entries", "6");
        same("CONFIG", "SET", "hash-max-listpack-value", "6");
        try {
            String[] keys = {"h1", "h2", "h3", "str"};
            same("SET", "str", "x");
            runRandomUnordered(seed(), 3000, random -> {
                String key = keys[random.nextInt(keys.length)];
                String field = "f" + random.nextInt(10);
                String value = random.nextInt(8) == 0
                        ? "long-value-" + random.nextInt(100)
                        : Integer.toString(random.nextInt(200) - 100);
                return switch (random.nextInt(18)) {
                    case 0, 1 -> new String[] {"HSET", key, field, value};
                    case 2 -> new String[] {"HSET", key, field, value, "f" + random.nextInt(10), value};
                    case 3 -> new String[] {"HSETNX", key, field, value};
                    case 4 -> new String[] {"HDEL", key, field, "f" + random.nextInt(10)};
                    case 5 -> new String[] {"HGET", key, field};
                    case 6 -> new String[] {"HMGET", key, field, "f" + random.nextInt(10)};
                    case 7 -> new String[] {"HLEN", key};
                    case 8 -> new String[] {"HSTRLEN", key, field};
                    case 9 -> new String[] {"HEXISTS", key, field};
                    case 10 -> new String[] {"~", "HKEYS", key};
                    case 11 -> new String[] {"~", "HVALS", key};
                    case 12 -> new String[] {"~", "HGETALL", key};
                    case 13 -> new String[] {"HINCRBY", key, field, Integer.toString(random.nextInt(100) - 50)};
                    case 14 -> new String[] {"HINCRBYFLOAT", key, field, random.nextInt(10) + ".25"};
                    case 15 -> new String[] {"OBJECT", "ENCODING", key};
                    case 16 -> new String[] {"~", "HRANDFIELD", key, "100", "WITHVALUES"};
                    default -> new String[] {"~", "HSCAN", key, "0", "COUNT", "100"};
                };
            });
        } finally {
            same("CONFIG", "SET", "hash-max-listpack-entries", "512");
            same("CONFIG", "SET", "hash-max-listpack-value", "64");
        }
    }

    /** The same random sequences with the default limits, where every hash stays a listpack: order is exact. */
    @Test
    void randomSequencesOfListpacksCompareInOrder() {
        String[] keys = {"h1", "h2"};
        runRandom(seed(), 2000, random -> {
            String key = keys[random.nextInt(keys.length)];
            String field = "f" + random.nextInt(12);
            return switch (random.nextInt(8)) {
                case 0, 1, 2 -> new String[] {"HSET", key, field, Integer.toString(random.nextInt(50))};
                case 3 -> new String[] {"HDEL", key, field};
                case 4 -> new String[] {"HGETALL", key};
                case 5 -> new String[] {"HKEYS", key};
                case 6 -> new String[] {"HINCRBY", key, field, "1"};
                default -> new String[] {"HSCAN", key, "0"};
            };
        });
    }

    /** A map of a flat HGETALL reply, for readable comparisons. */
    static Map<String, String> asMap(RespReply flat) {
        Map<String, String> map = new TreeMap<>();
        List<String> items = texts(flat);
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
        return map;
    }
}
