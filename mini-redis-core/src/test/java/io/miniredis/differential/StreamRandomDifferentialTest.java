package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of stream writes and group operations against real Redis, every reply compared: XADD
 * (with exact and approximate MAXLEN/MINID trims, small nodes so that node boundaries matter), XDEL, XTRIM,
 * XREADGROUP, XACK, XCLAIM, XAUTOCLAIM, XSETID, with the state read back through XRANGE, XINFO STREAM and GROUPS and
 * XPENDING's summary. Replies that carry times are avoided (JUSTID forms, no IDLE). Replay a failure with
 * {@code -Dmini-redis.seed=N}.
 */
class StreamRandomDifferentialTest extends CollectionDifferentialTestBase {

    @Test
    void randomStreamSequencesMatchRedis() {
        long seed = seed();
        for (String[] limits : new String[][] {{"4096", "100"}, {"4096", "5"}, {"200", "0"}}) {
            same("CONFIG", "SET", "stream-node-max-bytes", limits[0]);
            same("CONFIG", "SET", "stream-node-max-entries", limits[1]);
            same("FLUSHALL");
            same("XGROUP", "CREATE", "s", "g1", "0", "MKSTREAM");
            same("XGROUP", "CREATE", "s", "g2", "$");
            long[] ms = {1};
            runRandom(seed, 3000, random -> next(random, ms));
            // the sequence did something: entries, nodes and pending entries to compare
            List<RespReply> info = same("XINFO", "STREAM", "s").elements();
            int added = texts(same("XINFO", "STREAM", "s")).indexOf("entries-added") + 1;
            assertThat(Long.parseLong(info.get(added).line())).isGreaterThan(500);
        }
    }

    private static String[] next(Random random, long[] ms) {
        String key = random.nextInt(10) == 0 ? "t" : "s";
        String group = random.nextBoolean() ? "g1" : "g2";
        String consumer = "c" + random.nextInt(3);
        int r = random.nextInt(100);
        if (r < 35) {
            ms[0] += random.nextInt(3);
            String id = random.nextInt(4) == 0 ? ms[0] + "-*" : ms[0] + "-" + random.nextInt(1000);
            String value =
                    random.nextInt(5) == 0 ? "v".repeat(random.nextInt(120)) : Integer.toString(random.nextInt(300));
            String field = random.nextInt(4) == 0 ? "other" : "f";
            switch (random.nextInt(8)) {
                case 0:
                    return new String[] {"XADD", key, "MAXLEN", "~", "" + random.nextInt(40), id, field, value};
                case 1:
                    return new String[] {"XADD", key, "MAXLEN", "" + random.nextInt(60), id, field, value};
                case 2:
                    return new String[] {"XADD", key, "MINID", "~", randomId(random, ms[0]), id, field, value};
                default:
                    return new String[] {"XADD", key, id, field, value, "f2", value};
            }
        }
        if (r < 45) {
            return new String[] {"XDEL", key, randomId(random, ms[0]), randomId(random, ms[0])};
        }
        if (r < 50) {
            return random.nextBoolean()
                    ? new String[] {"XTRIM", key, "MAXLEN", random.nextBoolean() ? "~" : "=", "" + random.nextInt(50)}
                    : new String[] {"XTRIM", key, "MINID", random.nextBoolean() ? "~" : "=", randomId(random, ms[0])};
        }
        if (r < 62) {
            String from = random.nextInt(4) == 0 ? "0" : ">";
            return random.nextInt(5) == 0
                    ? new String[] {
                        "XREADGROUP",
                        "GROUP",
                        group,
                        consumer,
                        "NOACK",
                        "COUNT",
                        "" + (1 + random.nextInt(5)),
                        "STREAMS",
                        "s",
                        from
                    }
                    : new String[] {
                        "XREADGROUP",
                        "GROUP",
                        group,
                        consumer,
                        "COUNT",
                        "" + (1 + random.nextInt(5)),
                        "STREAMS",
                        "s",
                        from
                    };
        }
        if (r < 68) {
            return new String[] {"XACK", "s", group, randomId(random, ms[0]), randomId(random, ms[0])};
        }
        if (r < 73) {
            return new String[] {
                "XCLAIM", "s", group, consumer, "0", randomId(random, ms[0]), randomId(random, ms[0]), "JUSTID"
            };
        }
        if (r < 77) {
            return new String[] {
                "XAUTOCLAIM",
                "s",
                group,
                consumer,
                "0",
                randomId(random, ms[0]),
                "COUNT",
                "" + (1 + random.nextInt(4)),
                "JUSTID"
            };
        }
        if (r < 79) {
            return new String[] {"XSETID", key, (ms[0] + random.nextInt(2)) + "-999"};
        }
        if (r < 85) {
            return new String[] {"XRANGE", key, randomId(random, ms[0]), "+", "COUNT", "" + random.nextInt(8)};
        }
        if (r < 88) {
            return new String[] {"XREVRANGE", key, "+", "-", "COUNT", "" + random.nextInt(8)};
        }
        if (r < 92) {
            return new String[] {"XINFO", "STREAM", key};
        }
        if (r < 96) {
            return new String[] {"XINFO", "GROUPS", "s"};
        }
        if (r < 98) {
            return new String[] {"XPENDING", "s", group};
        }
        return new String[] {"XLEN", key};
    }

    private static String randomId(Random random, long maxMs) {
        long ms = 1 + (long) (random.nextDouble() * maxMs);
        return random.nextInt(3) == 0 ? Long.toString(ms) : ms + "-" + random.nextInt(1000);
    }
}
