package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Streams through DUMP/RESTORE, RDB files, DEBUG DIGEST and the AOF, against redis-server 7.0.15: the same commands
 * give the same DUMP bytes (where no time is in the value) and the same digests; each server's payload restores on
 * the other to what XINFO STREAM FULL shows of the original, consumer groups, pending entries and times included;
 * our RDB file passes redis-check-rdb and loads in Redis, Redis's file loads here, both to the same streams; a
 * Redis 5/6 stream (RDB type 15) loads as Redis 7.0 loads it; damaged stream payloads are refused as Redis refuses
 * them with {@code sanitize-dump-payload yes}; and an AOF rewritten here with streams in its RDB base loads in Redis.
 */
class StreamPersistenceDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes", "--enable-protected-configs", "yes"};
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the streams --------------------------------------------------------------------------------------------

    /** Streams without consumers: no time is stored in them, so their DUMP payloads are the same bytes. */
    private static final List<String> TIMELESS = List.of(
            "s:one", "s:nodes", "s:fields", "s:deleted", "s:trimmed", "s:bigids", "s:emptied", "s:groups", "s:numbers");

    private void timelessStreams() {
        same("XADD", "s:one", "1-1", "f", "v");
        // several nodes (100 entries a node), the same fields as each node's first entry
        for (int i = 1; i <= 250; i++) {
            same("XADD", "s:nodes", i + "-" + (i % 3), "field", "value-" + i, "n", Integer.toString(i * 37));
        }
        // fields differing from the master entry's, more and fewer of them
        same("XADD", "s:fields", "5-0", "a", "1", "b", "2");
        same("XADD", "s:fields", "5-1", "a", "1");
        same("XADD", "s:fields", "5-2", "b", "2", "a", "1");
        same("XADD", "s:fields", "6-0", "a", "x", "b", "y", "c", "z");
        same("XADD", "s:fields", "7-0", "a", "v".repeat(200), "b", "");
        // deletions: flagged entries, a node emptied and gone, the largest deleted ID
        for (int i = 1; i <= 150; i++) {
            same("XADD", "s:deleted", i + "-0", "f", "v" + i);
        }
        for (int i = 1; i <= 100; i += 1) {
            same("XDEL", "s:deleted", i + "-0");
        }
        same("XDEL", "s:deleted", "120-0", "121-0", "150-0");
        // trimming: exact MAXLEN flags entries inside a node, approximate removes whole nodes
        for (int i = 1; i <= 330; i++) {
            same("XADD", "s:trimmed", i + "-0", "f", Integer.toString(i));
        }
        same("XTRIM", "s:trimmed", "MAXLEN", "=", "250");
        same("XTRIM", "s:trimmed", "MAXLEN", "~", "120");
        same("XTRIM", "s:trimmed", "MINID", "200");
        // IDs beyond 32 and 63 bits
        same("XADD", "s:bigids", "4294967296-0", "f", "v");
        same("XADD", "s:bigids", "9223372036854775807-18446744073709551614", "f", "v");
        same("XADD", "s:bigids", "18446744073709551615-18446744073709551615", "f", "v");
        // emptied: no node left, the metadata stays
        same("XADD", "s:emptied", "3-3", "f", "v");
        same("XADD", "s:emptied", "3-4", "f", "v");
        same("XDEL", "s:emptied", "3-3", "3-4");
        // groups without consumers: last delivered IDs, entries-read known and unknown
        for (int i = 1; i <= 20; i++) {
            same("XADD", "s:groups", "10-" + i, "f", "v");
        }
        same("XGROUP", "CREATE", "s:groups", "at-start", "0");
        same("XGROUP", "CREATE", "s:groups", "at-end", "$");
        same("XGROUP", "CREATE", "s:groups", "read-5", "10-5", "ENTRIESREAD", "5");
        same("XGROUP", "CREATE", "s:groups", "unknown", "10-7");
        same("XDEL", "s:groups", "10-3");
        same("XGROUP", "CREATE", "s:groups", "\u00e9t\u00e9", "10-9");
        same("XGROUP", "CREATE", "s:empty-group", "g", "$", "MKSTREAM");
        same("XSETID", "s:groups", "10-30", "ENTRIESADDED", "40", "MAXDELETEDID", "10-25");
        // values that are integers in the listpack, of every width
        for (String v : new String[] {
            "0",
            "-1",
            "127",
            "128",
            "-4096",
            "4095",
            "32767",
            "-32768",
            "8388607",
            "2147483647",
            "-2147483648",
            "9223372036854775807",
            "-9223372036854775808",
            "007",
            "1e3",
            " 1"
        }) {
            same("XADD", "s:numbers", "100-*", v, v);
        }
    }

    /** Streams with consumers and pending entries: seen-times and delivery times differ between the servers. */
    private void streamsWithConsumers() {
        for (int i = 1; i <= 30; i++) {
            same("XADD", "c:work", "20-" + i, "job", Integer.toString(i));
        }
        same("XGROUP", "CREATE", "c:work", "workers", "0");
        same("XGROUP", "CREATE", "c:work", "auditors", "20-10");
        same("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "5", "STREAMS", "c:work", ">");
        same("XREADGROUP", "GROUP", "workers", "bob", "COUNT", "4", "STREAMS", "c:work", ">");
        same("XREADGROUP", "GROUP", "workers", "carol", "COUNT", "2", "NOACK", "STREAMS", "c:work", ">");
        same("XREADGROUP", "GROUP", "auditors", "dave", "COUNT", "3", "STREAMS", "c:work", ">");
        same("XACK", "c:work", "workers", "20-2", "20-4");
        same("XCLAIM", "c:work", "workers", "bob", "0", "20-1", "20-3", "JUSTID");
        same("XCLAIM", "c:work", "workers", "erin", "0", "20-5", "RETRYCOUNT", "7", "TIME", "1700000000000", "JUSTID");
        same("XGROUP", "CREATECONSUMER", "c:work", "workers", "idle");
        same("XDEL", "c:work", "20-6"); // pending, and deleted
        same("XADD", "c:one", "1-0", "f", "v");
        same("XGROUP", "CREATE", "c:one", "g", "0");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "c:one", ">");
    }

    private static final List<String> WITH_CONSUMERS = List.of("c:work", "c:one");

    private RespReply full(RespClient client, String key) {
        return client.call("XINFO", "STREAM", key, "FULL");
    }

    // ---- DUMP / RESTORE -----------------------------------------------------------------------------------------

    @Test
    void dumpPayloadsAreRedisBytes() {
        timelessStreams();
        for (String key : TIMELESS) {
            RespReply dump = same("DUMP", key);
            assertThat(dump.bulk()).as("DUMP %s", key).isNotNull();
            same("XINFO", "STREAM", key, "FULL");
        }
        same("DUMP", "s:empty-group");
        // strings at the listpack's length boundaries (63/64 bytes, 4095/4096), numeric field names
        same("XADD", "s:lengths", "1-0", "a".repeat(63), "b".repeat(64), "1", "c".repeat(4095));
        same("XADD", "s:lengths", "2-0", "-7", "d".repeat(4096), "x", "e".repeat(5000));
        same("XADD", "s:lengths", "3-0", "a".repeat(63), "short", "1", "");
        same("DUMP", "s:lengths");
        // other node limits: nodes closed by entries and by bytes
        try {
            for (String[] limits : new String[][] {{"7", "0"}, {"0", "120"}, {"3", "60"}}) {
                same("CONFIG", "SET", "stream-node-max-entries", limits[0]);
                same("CONFIG", "SET", "stream-node-max-bytes", limits[1]);
                String key = "s:limits:" + limits[0] + ":" + limits[1];
                for (int i = 1; i <= 40; i++) {
                    same("XADD", key, "7-" + i, "f", "v".repeat(i % 9), "g", Integer.toString(i));
                }
                same("XDEL", key, "7-3", "7-20");
                same("XTRIM", key, "MAXLEN", "~", "30");
                same("DUMP", key);
                same("XINFO", "STREAM", key);
            }
        } finally {
            same("CONFIG", "SET", "stream-node-max-entries", "100");
            same("CONFIG", "SET", "stream-node-max-bytes", "4096");
        }
        same("CONFIG", "SET", "rdbcompression", "no");
        try {
            same("DUMP", "s:nodes");
        } finally {
            same("CONFIG", "SET", "rdbcompression", "yes");
        }
    }

    @Test
    void payloadsRestoreBothWaysWithGroupsAndTimes() {
        timelessStreams();
        streamsWithConsumers();
        List<String> keys = new ArrayList<>(TIMELESS);
        keys.add("s:empty-group");
        keys.addAll(WITH_CONSUMERS);
        for (String key : keys) {
            byte[] fromRedis = expected.call("DUMP", key).bulk();
            byte[] fromMini = actual.call("DUMP", key).bulk();
            same(b("RESTORE"), b(key + ":r"), b("0"), fromRedis);
            same(b("RESTORE"), b(key + ":m"), b("0"), fromMini);
            // Redis's payload here is what Redis has; ours in Redis is what we have: times and all
            assertThat(full(actual, key + ":r"))
                    .as("Redis's %s restored here", key)
                    .isEqualTo(full(expected, key));
            assertThat(full(expected, key + ":m"))
                    .as("our %s restored in Redis", key)
                    .isEqualTo(full(actual, key));
            assertThat(actual.call("XINFO", "GROUPS", key + ":r")).isEqualTo(expected.call("XINFO", "GROUPS", key));
            same("TYPE", key + ":r");
            same("OBJECT", "ENCODING", key + ":r");
        }
        // what a restored stream does next is Redis's: IDs continue, groups read on, pending entries are claimed
        for (String suffix : List.of(":r", ":m")) {
            same("XADD", "c:work" + suffix, "20-*", "next", "1");
            same("XREADGROUP", "GROUP", "auditors", "dave", "COUNT", "2", "STREAMS", "c:work" + suffix, ">");
            same("XPENDING", "c:work" + suffix, "workers");
            same("XAUTOCLAIM", "c:work" + suffix, "workers", "frank", "0", "0", "COUNT", "20", "JUSTID");
            same("XADD", "s:nodes" + suffix, "300-*", "field", "x", "n", "1");
            same("XLEN", "s:nodes" + suffix);
        }
    }

    /**
     * Redis 5 and 6 wrote streams as type 15: no first ID, largest deleted ID, entries-added or entries-read, which
     * Redis 7.0 sets as it migrates them (entries-added = the length, entries-read estimated per group).
     */
    @Test
    void version1StreamsLoadAsRedisMigratesThem() {
        timelessStreams();
        streamsWithConsumers();
        // (not s:emptied: Redis 7.0 gives an empty type 15 stream the first ID 2^64-1-2^64-1, where mini-redis
        // says 0-0, as for any other empty stream; see the README's known differences)
        for (String key : List.of("s:one", "s:nodes", "s:deleted", "s:groups", "c:work", "s:trimmed", "s:bigids")) {
            byte[] type15 = toType15(expected.call("DUMP", key).bulk());
            same(b("RESTORE"), b(key + ":v1"), b("0"), type15);
            assertThat(full(actual, key + ":v1")).as("type 15 %s", key).isEqualTo(full(expected, key + ":v1"));
            same("XINFO", "GROUPS", key + ":v1");
        }
    }

    @Test
    void damagedPayloadsAreRefusedAsRedisRefusesThem() {
        same("CONFIG", "SET", "sanitize-dump-payload", "yes");
        try {
            timelessStreams();
            streamsWithConsumers();
            byte[] one = expected.call("DUMP", "s:one").bulk();
            byte[] work = expected.call("DUMP", "c:work").bulk();
            List<byte[]> bodies = new ArrayList<>();
            // type 19, 1 node with a key of 15 bytes
            bodies.add(hex("130f00000000000000010000000000000101"));
            // truncated anywhere in a payload with groups
            for (int cut : new int[] {1, 2, 20, 40, work.length / 2, work.length - 11}) {
                bodies.add(java.util.Arrays.copyOf(work, cut));
            }
            // a consumer's pending ID that is not in its group's list
            bodies.add(replaceLast(body(work), "0000000000000014", "00000000000003e7"));
            // a listpack byte changed (its master entry count) in a payload that otherwise parses
            byte[] bad = body(one).clone();
            bad[1 + 1 + 1 + 16 + 1 + 6] ^= 0x02;
            bodies.add(bad);
            int i = 0;
            for (byte[] body : bodies) {
                RespReply reply = same(b("RESTORE"), b("bad" + i), b("0"), payload(body));
                assertThat(reply.isError())
                        .as("RESTORE of damaged payload %d", i++)
                        .isTrue();
            }
            same("DBSIZE");
        } finally {
            same("CONFIG", "SET", "sanitize-dump-payload", "no");
        }
    }

    // ---- DEBUG DIGEST -------------------------------------------------------------------------------------------

    @Test
    void digestsAreRedis() {
        timelessStreams();
        streamsWithConsumers(); // groups do not count in the digest
        for (String key : TIMELESS) {
            same("DEBUG", "DIGEST-VALUE", key);
        }
        same("DEBUG", "DIGEST-VALUE", "c:work", "s:empty-group", "nothing");
        same("DEBUG", "DIGEST");
    }

    // ---- RDB files ----------------------------------------------------------------------------------------------

    @Test
    void ourFilePassesRedisCheckRdbAndLoadsInRedis() throws Exception {
        timelessStreams();
        streamsWithConsumers();
        Path directory = Files.createTempDirectory("mini-rdb-streams");
        Path file = directory.resolve("ours.rdb");
        RdbFileDifferentialTest.writeFile(
                mini, file, List.of(), RdbWriteOptions.from(mini.context().config()), RdbWriter.AccessData.NONE);
        assertThat(RdbFileDifferentialTest.checkRdb(file)).contains("RDB looks OK");
        try (RealRedis loaded = RealRedis.start("--dir", directory.toString(), "--dbfilename", "ours.rdb");
                RespClient client = new RespClient(loaded.port())) {
            for (String key : keys(actual)) {
                assertThat(full(client, key)).as("our %s loaded by Redis", key).isEqualTo(full(actual, key));
            }
            assertThat(client.call("DBSIZE")).isEqualTo(actual.call("DBSIZE"));
        }
    }

    @Test
    void redisFileLoadsHere() throws Exception {
        timelessStreams();
        streamsWithConsumers();
        assertThat(expected.call("SAVE").line()).isEqualTo("OK");
        Path directory = Path.of(configGet(expected, "dir"));
        String name = configGet(expected, "dbfilename");
        try (MiniRedisServer loaded = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .config("dir", directory.toString())
                        .config("dbfilename", name)
                        .config("save", "")
                        .config("enable-debug-command", "yes")
                        .build()
                        .start();
                RespClient client = new RespClient(loaded.port())) {
            for (String key : keys(expected)) {
                assertThat(full(client, key)).as("Redis's %s loaded here", key).isEqualTo(full(expected, key));
            }
            assertThat(client.call("DEBUG", "DIGEST")).isEqualTo(expected.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void debugReloadKeepsEveryStreamAsItWas() throws IOException {
        // our file in a directory of its own, not in the working directory
        String dir = Files.createTempDirectory("mini-reload-streams").toString();
        assertThat(actual.call("CONFIG", "SET", "dir", dir).line()).isEqualTo("OK");
        timelessStreams();
        streamsWithConsumers();
        List<String> keys = keys(actual);
        List<RespReply> mine = new ArrayList<>();
        List<RespReply> theirs = new ArrayList<>();
        for (String key : keys) {
            mine.add(full(actual, key));
            theirs.add(full(expected, key));
        }
        same("DEBUG", "RELOAD");
        for (int i = 0; i < keys.size(); i++) {
            assertThat(full(actual, keys.get(i)))
                    .as("%s after DEBUG RELOAD", keys.get(i))
                    .isEqualTo(mine.get(i));
            assertThat(full(expected, keys.get(i))).isEqualTo(theirs.get(i));
        }
        same("DEBUG", "DIGEST");
    }

    // ---- the AOF ------------------------------------------------------------------------------------------------

    @Test
    void rewrittenAofLoadsInRedis() throws Exception {
        Path directory = Files.createTempDirectory("mini-aof-streams");
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .dir(directory)
                        .appendOnly(true)
                        .config("save", "")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            RespClient saved = actual;
            actual = client;
            try {
                // the same streams on this server and on the reference (whose replies are compared as usual)
                timelessStreams();
                streamsWithConsumers();
            } finally {
                actual = saved;
            }
            assertThat(client.call("BGREWRITEAOF").line()).startsWith("Background append only file rewriting");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!info(client, "aof_rewrite_in_progress").equals("0")
                    || !info(client, "aof_rewrite_scheduled").equals("0")) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            client.call("XADD", "s:one", "2-0", "after", "rewrite"); // in the new increment
            List<String> keys = keys(client);
            List<RespReply> infos = new ArrayList<>();
            for (String key : keys) {
                infos.add(full(client, key));
            }
            try (RealRedis loaded = RealRedis.start(
                            "--dir", directory.toString(), "--appendonly", "yes", "--appenddirname", "appendonlydir");
                    RespClient redisClient = new RespClient(loaded.port())) {
                awaitLoaded(redisClient);
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(full(redisClient, keys.get(i)))
                            .as("%s from our AOF", keys.get(i))
                            .isEqualTo(infos.get(i));
                }
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<String> keys(RespClient client) {
        List<String> keys = new ArrayList<>();
        for (RespReply key : client.call("KEYS", "*").elements()) {
            keys.add(new String(key.bulk(), StandardCharsets.UTF_8));
        }
        keys.sort(null);
        return keys;
    }

    private static String configGet(RespClient client, String name) {
        return client.call("CONFIG", "GET", name).elements().get(1).text();
    }

    private static String info(RespClient client, String field) {
        for (String line : client.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return "";
    }

    private static void awaitLoaded(RespClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.call("DBSIZE").isError()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** A payload's body: without its version and checksum. */
    private static byte[] body(byte[] payload) {
        return java.util.Arrays.copyOf(payload, payload.length - 10);
    }

    /** A body with Redis 7.0's version and a right checksum, as DUMP ends it. */
    private static byte[] payload(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body);
        out.write(10);
        out.write(0);
        long crc = io.miniredis.persistence.Crc64.update(0, out.toByteArray(), 0, out.size());
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
        return out.toByteArray();
    }

    private static byte[] replaceLast(byte[] bytes, String fromHex, String toHex) {
        String all = HexFormat.of().formatHex(bytes);
        int at = all.lastIndexOf(fromHex);
        assertThat(at).isGreaterThanOrEqualTo(0);
        return hex(all.substring(0, at) + toHex + all.substring(at + fromHex.length()));
    }

    /**
     * Rewrites a type 19 payload as type 15: the same nodes, length and last ID, then without the first ID, the
     * largest deleted ID, entries-added, and each group's entries-read.
     */
    private static byte[] toType15(byte[] payload) {
        try {
            Type15Rewriter rewriter = new Type15Rewriter(body(payload));
            return payload(rewriter.rewrite());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Walks a type 19 body with the RDB length and string rules, copying what type 15 keeps. */
    private static final class Type15Rewriter {
        private final byte[] in;
        private int at;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Type15Rewriter(byte[] in) {
            this.in = in;
        }

        byte[] rewrite() throws IOException {
            assertThat(in[at++]).isEqualTo((byte) 19);
            out.write(15);
            long nodes = copyLength();
            for (long i = 0; i < nodes; i++) {
                copyString();
                copyString();
            }
            copyLength(); // length
            copyLength(); // last ID
            copyLength();
            skipLength(); // first ID
            skipLength();
            skipLength(); // largest deleted ID
            skipLength();
            skipLength(); // entries added
            long groups = copyLength();
            for (long g = 0; g < groups; g++) {
                copyString();
                copyLength();
                copyLength();
                skipLength(); // entries read
                long pending = copyLength();
                for (long p = 0; p < pending; p++) {
                    copyRaw(16 + 8);
                    copyLength();
                }
                long consumers = copyLength();
                for (long c = 0; c < consumers; c++) {
                    copyString();
                    copyRaw(8);
                    long owned = copyLength();
                    copyRaw((int) (16 * owned));
                }
            }
            return out.toByteArray();
        }

        private void copyRaw(int n) {
            out.write(in, at, n);
            at += n;
        }

        /** A length (copied), or for a string's special encodings -1 - encoding. */
        private long length(boolean copy) {
            int start = at;
            int first = in[at++] & 0xff;
            long value;
            switch (first >>> 6) {
                case 0 -> value = first & 0x3f;
                case 1 -> value = ((first & 0x3f) << 8) | (in[at++] & 0xff);
                case 3 -> value = -1 - (first & 0x3f);
                default -> {
                    int bytes = first == 0x80 ? 4 : 8;
                    value = 0;
                    for (int i = 0; i < bytes; i++) {
                        value = (value << 8) | (in[at++] & 0xff);
                    }
                }
            }
            if (copy) {
                out.write(in, start, at - start);
            }
            return value;
        }

        private long copyLength() {
            return length(true);
        }

        private void skipLength() {
            length(false);
        }

        private void copyString() {
            long length = copyLength();
            if (length >= 0) {
                copyRaw((int) length);
                return;
            }
            switch ((int) (-1 - length)) {
                case 0 -> copyRaw(1);
                case 1 -> copyRaw(2);
                case 2 -> copyRaw(4);
                default -> { // LZF: compressed length, length, data
                    long compressed = copyLength();
                    copyLength();
                    copyRaw((int) compressed);
                }
            }
        }
    }
}
