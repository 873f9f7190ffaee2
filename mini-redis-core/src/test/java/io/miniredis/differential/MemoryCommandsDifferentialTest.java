package io.miniredis.differential;

import static io.miniredis.differential.MaxmemoryDifferentialTest.infoLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MEMORY against a real Redis: texts, errors and reply shapes byte for byte where they do not carry figures; the
 * figures themselves (our estimate of our JVM structures) checked for consistency: every write keeps
 * {@code used_memory} exact, so the dataset is always the sum of MEMORY USAGE over the keys, and deleting every key
 * brings it back to zero, however the values were built.
 */
class MemoryCommandsDifferentialTest extends DifferentialTestBase {

    @Test
    void helpErrorsAndTexts() {
        check("""
                MEMORY HELP
                memory help
                MEMORY
                MEMORY FOO
                MEMORY HELP x
                MEMORY DOCTOR x
                MEMORY STATS x
                MEMORY PURGE x
                MEMORY MALLOC-STATS x
                MEMORY USAGE
                MEMORY PURGE
                MEMORY DOCTOR
                SET k v
                MEMORY USAGE nokey
                MEMORY USAGE k samples
                MEMORY USAGE k samples -1
                MEMORY USAGE k samples x
                MEMORY USAGE k foo 1
                MEMORY USAGE nokey samples x
                MEMORY USAGE k SAMPLES 99999999999999999999
                MEMORY USAGE nokey SAMPLES 0
                MEMORY USAGE nokey SAMPLES 5 samples 7
                HELLO 3
                MEMORY USAGE nokey
                MEMORY DOCTOR
                HELLO 2
                """);
        // Above 5 MB Redis's verdict depends on its allocator's fragmentation: not compared
        actual.call("SET", "big", "x".repeat(6_000_000));
        assertThat(actual.call("MEMORY", "DOCTOR").text())
                .isEqualTo("Hi Sam, I can't find any memory issue in your "
                        + "instance. I can only account for what occurs on this base.\n");
    }

    @Test
    void usageIsAnIntegerThatGrowsWithTheValue() {
        actual.call("SET", "small", "x");
        actual.call("SET", "big", "x".repeat(1000));
        long small = integer(actual.call("MEMORY", "USAGE", "small"));
        long big = integer(actual.call("MEMORY", "USAGE", "big"));
        // Redis: 1008. Here 1016: the 1-byte value lives in its key's array, the long one in its own (16-byte header)
        assertThat(big - small).isBetween(990L, 1020L);
        assertThat(integer(actual.call("MEMORY", "USAGE", "big", "SAMPLES", "0")))
                .isEqualTo(big);
    }

    @Test
    void statsHasRedisFieldsInRedisOrder() {
        for (String db : List.of("0", "3")) {
            expected.call("SELECT", db);
            actual.call("SELECT", db);
            expected.call("SET", "k", "v");
            actual.call("SET", "k", "v");
        }
        assertThat(names(actual.call("MEMORY", "STATS"))).isEqualTo(names(expected.call("MEMORY", "STATS")));
        assertThat(names(actual.call("MEMORY", "STATS").elements().get(21)))
                .isEqualTo(names(expected.call("MEMORY", "STATS").elements().get(21)));
        expected.call("SELECT", "0");
        actual.call("SELECT", "0");
    }

    @Test
    void infoMemoryHasEveryRedisField() {
        assertThat(MaxmemoryDifferentialTest.infoFields(actual, "memory"))
                .containsAll(MaxmemoryDifferentialTest.infoFields(expected, "memory"));
        assertThat(MaxmemoryDifferentialTest.infoFields(actual, "memory"))
                .contains("jvm_heap_used", "jvm_heap_max", "jvm_heap_committed");
    }

    @Test
    void usedMemoryFollowsEveryWriteAndReturnsToEmpty() {
        long empty = infoLong(actual, "memory", "used_memory");
        assertThat(infoLong(actual, "memory", "used_memory_dataset")).isZero();
        Random random = new Random(seed());
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 1500; i++) {
                actual.call(randomWrite(random));
            }
            assertThat(sumOfUsage())
                    .as("sum of MEMORY USAGE after round %d", round)
                    .isEqualTo(infoLong(actual, "memory", "used_memory_dataset"));
        }
        for (RespReply key : actual.call("KEYS", "*").elements()) {
            actual.call("DEL", key.text());
        }
        assertThat(infoLong(actual, "memory", "used_memory_dataset")).isZero();
        assertThat(infoLong(actual, "memory", "used_memory")).isEqualTo(empty);
    }

    /** A write of any type, with keys drawn from a small set so values grow, shrink, change type and vanish. */
    private static String[] randomWrite(Random random) {
        String key = "k" + random.nextInt(40);
        String member = "m" + random.nextInt(random.nextBoolean() ? 20 : 300);
        String value = "v".repeat(random.nextInt(100));
        String number = Integer.toString(random.nextInt(1000));
        return switch (random.nextInt(30)) {
            case 0 -> new String[] {"SET", key, value};
            case 1 -> new String[] {"APPEND", key, value};
            case 2 -> new String[] {"SETRANGE", key, Integer.toString(random.nextInt(200)), value};
            case 3 -> new String[] {"INCRBY", key, number};
            case 4 -> new String[] {"RPUSH", key, member, value};
            case 5 -> new String[] {"LPOP", key, Integer.toString(random.nextInt(3))};
            case 6 -> new String[] {"LSET", key, "0", value};
            case 7 -> new String[] {"LINSERT", key, "BEFORE", member, value};
            case 8 -> new String[] {"LREM", key, "0", member};
            case 9 -> new String[] {"LTRIM", key, "1", "-2"};
            case 10 -> new String[] {"HSET", key, member, value};
            case 11 -> new String[] {"HDEL", key, member};
            case 12 -> new String[] {"HINCRBY", key, member, number};
            case 13 -> new String[] {"SADD", key, member, number};
            case 14 -> new String[] {"SREM", key, member, number};
            case 15 -> new String[] {"SPOP", key, Integer.toString(random.nextInt(4))};
            case 16 -> new String[] {"ZADD", key, number, member};
            case 17 -> new String[] {"ZREM", key, member};
            case 18 -> new String[] {"ZINCRBY", key, number, member};
            case 19 -> new String[] {"ZREMRANGEBYRANK", key, "0", "1"};
            case 20 -> new String[] {"EXPIRE", key, "1000"};
            case 21 -> new String[] {"PERSIST", key};
            case 22 -> new String[] {"DEL", key};
            case 23 -> new String[] {"RENAME", key, "k" + random.nextInt(40)};
            case 24 -> new String[] {"COPY", key, "k" + random.nextInt(40), "REPLACE"};
            case 25 -> new String[] {"SUNIONSTORE", key, "k" + random.nextInt(40), "k" + random.nextInt(40)};
            case 26 -> new String[] {"ZUNIONSTORE", key, "2", "k" + random.nextInt(40), "k" + random.nextInt(40)};
            case 27 -> new String[] {"LMOVE", key, "k" + random.nextInt(40), "LEFT", "RIGHT"};
            case 28 -> new String[] {"SMOVE", key, "k" + random.nextInt(40), member};
            default -> new String[] {"GETDEL", key};
        };
    }

    private long sumOfUsage() {
        long sum = 0;
        for (RespReply key : actual.call("KEYS", "*").elements()) {
            sum += integer(actual.call("MEMORY", "USAGE", key.text()));
        }
        return sum;
    }

    private static long integer(RespReply reply) {
        assertThat(reply.type()).as("%s", reply).isEqualTo(':');
        return Long.parseLong(reply.line());
    }

    /** The keys of a flat RESP2 map reply. */
    private static List<String> names(RespReply map) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < map.elements().size(); i += 2) {
            names.add(map.elements().get(i).text());
        }
        return names;
    }
}
