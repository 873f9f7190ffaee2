package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.protocol.Numbers;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.store.Database;
import io.miniredis.store.FieldTable;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.Values;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RDB files both ways against the real server: a file {@link RdbWriter} wrote from mini-redis's keyspace is accepted
 * by {@code redis-check-rdb} and loads in a fresh {@code redis-server} with every key the same (type, encoding,
 * content, expiry, function libraries); a file Redis wrote ({@code DEBUG RELOAD}: SAVE, then load) reads with
 * {@code RdbReader} into the same keys, encodings and expiries Redis has after loading it, with IDLE and FREQ data
 * under LRU and LFU policies.
 */
class RdbFileDifferentialTest extends DifferentialTestBase {

    private static final String LIBRARY = "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)";

    @Override
    protected String[] serverOptions() {
        return new String[] {
            "--enable-debug-command",
            "yes",
            "--hash-max-listpack-entries",
            "16",
            "--zset-max-listpack-entries",
            "16",
            "--set-max-intset-entries",
            "16"
        };
    }

    // ---- the dataset --------------------------------------------------------------------------------------------

    private void populate() {
        Random random = new Random(42);
        same("FUNCTION", "LOAD", "REPLACE", LIBRARY);
        List<List<String>> commands = new ArrayList<>();
        String[] strings = {
            "0",
            "-1",
            "127",
            "128",
            "32768",
            "2147483648",
            "-2147483649",
            "hello",
            "",
            "x".repeat(100),
            "compress me ".repeat(50),
            "007",
            "1.5"
        };
        for (int i = 0; i < strings.length; i++) {
            commands.add(List.of("SET", "str:" + i, strings[i]));
        }
        byte[] noise = new byte[5000];
        random.nextBytes(noise);
        commands.add(List.of("APPEND", "appended", "part one,"));
        commands.add(List.of("APPEND", "appended", " part two"));
        commands.add(List.of("SET", "ttl:str", "v", "PXAT", "4102444800123"));
        for (int size : new int[] {3, 40, 2000}) {
            List<String> list = new ArrayList<>(List.of("RPUSH", "list:" + size));
            List<String> set = new ArrayList<>(List.of("SADD", "set:" + size));
            List<String> ints = new ArrayList<>(List.of("SADD", "intset:" + size));
            List<String> hash = new ArrayList<>(List.of("HSET", "hash:" + size));
            List<String> zset = new ArrayList<>(List.of("ZADD", "zset:" + size));
            for (int i = 0; i < size; i++) {
                list.add(i % 5 == 0 ? Integer.toString(i * 1000) : "item-" + i + "-" + "p".repeat(random.nextInt(30)));
                set.add("member-" + i);
                ints.add(Long.toString(random.nextLong() >> random.nextInt(63)));
                hash.add("field-" + i);
                hash.add(i % 3 == 0 ? Integer.toString(i) : "value-" + i);
                zset.add(Double.toString(random.nextInt(1000) / 8.0 - 50));
                zset.add("m" + i);
            }
            commands.addAll(List.of(list, set, ints, hash, zset));
        }
        commands.add(List.of("HSET", "hash:longvalue", "f", "v".repeat(100)));
        commands.add(List.of("ZADD", "zset:longmember", "1", "m".repeat(100)));
        commands.add(List.of("PEXPIREAT", "hash:40", "4102444800999"));
        commands.add(List.of("PEXPIREAT", "list:2000", "4102444801000"));
        for (List<String> command : commands) {
            same(command.toArray(String[]::new));
        }
        same("SET", "noise", new String(noise, StandardCharsets.ISO_8859_1));
        expected.call("SET".getBytes(), "noise".getBytes(), noise);
        actual.call("SET".getBytes(), "noise".getBytes(), noise);
        same("SELECT", "3");
        same("SET", "in-db-3", "three");
        same("RPUSH", "list-in-db-3", "a", "b");
        same("SELECT", "0");
    }

    // ---- comparison ---------------------------------------------------------------------------------------------

    /** Every key of every database of {@code client}: name, type, encoding, expiry, content. */
    private static TreeMap<String, String> keysOf(RespClient client) {
        TreeMap<String, String> keys = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            client.call("SELECT", Integer.toString(db));
            for (RespReply key : client.call("KEYS", "*").elements()) {
                String k = new String(key.bulk(), StandardCharsets.ISO_8859_1);
                byte[] kb = key.bulk();
                String type = client.call("TYPE".getBytes(), kb).line();
                String encoding = new String(
                        client.call("OBJECT".getBytes(), "ENCODING".getBytes(), kb)
                                .bulk(),
                        StandardCharsets.ISO_8859_1);
                String expiry = client.call("PEXPIRETIME".getBytes(), kb).line();
                keys.put(db + ":" + k, type + " " + encoding + " expire=" + expiry + " " + content(client, type, kb));
            }
        }
        client.call("SELECT", "0");
        return keys;
    }

    private static String content(RespClient client, String type, byte[] key) {
        List<String> parts = new ArrayList<>();
        switch (type) {
            case "string" -> parts.add(text(client.call("GET".getBytes(), key).bulk()));
            case "list" ->
                client.call("LRANGE".getBytes(), key, "0".getBytes(), "-1".getBytes())
                        .elements()
                        .forEach(e -> parts.add(text(e.bulk())));
            case "set" -> {
                client.call("SMEMBERS".getBytes(), key).elements().forEach(e -> parts.add(text(e.bulk())));
                parts.sort(null);
            }
            case "hash" -> {
                List<RespReply> all = client.call("HGETALL".getBytes(), key).elements();
                for (int i = 0; i < all.size(); i += 2) {
                    parts.add(
                            text(all.get(i).bulk()) + "=" + text(all.get(i + 1).bulk()));
                }
                parts.sort(null);
            }
            case "zset" -> {
                List<RespReply> all = client.call(
                                "ZRANGE".getBytes(), key, "0".getBytes(), "-1".getBytes(), "WITHSCORES".getBytes())
                        .elements();
                for (int i = 0; i < all.size(); i += 2) {
                    parts.add(
                            text(all.get(i).bulk()) + "=" + text(all.get(i + 1).bulk()));
                }
            }
            default -> throw new AssertionError(type);
        }
        return parts.toString();
    }

    /** The same description of every key of a keyspace loaded here. */
    private static TreeMap<String, String> keysOf(Keyspace keyspace) {
        TreeMap<String, String> keys = new TreeMap<>();
        for (int db = 0; db < keyspace.databaseCount(); db++) {
            Database database = keyspace.db(db);
            int index = db;
            database.forEachLive(entry -> keys.put(index + ":" + text(entry.key()), describe(entry)));
        }
        return keys;
    }

    private static String describe(KeyEntry entry) {
        Object value = entry.value();
        List<String> parts = new ArrayList<>();
        if (value instanceof RedisList list) {
            for (int i = 0; i < list.size(); i++) {
                parts.add(text(list.get(i)));
            }
        } else if (value instanceof RedisSet set) {
            for (int i = 0; i < set.limit(); i++) {
                if (set.isMember(i)) {
                    parts.add(text(set.member(i)));
                }
            }
            parts.sort(null);
        } else if (value instanceof RedisHash hash) {
            FieldTable table = hash.table();
            for (int i = 0; i < table.limit(); i++) {
                if (table.key(i) != null) {
                    parts.add(text(table.key(i)) + "=" + text(table.value(i)));
                }
            }
            parts.sort(null);
        } else if (value instanceof RedisSortedSet zset) {
            for (RedisSortedSet.Node n = zset.first(); n != null; n = n.next()) {
                parts.add(text(n.member()) + "=" + Numbers.formatDouble(n.score()));
            }
        } else {
            parts.add(text(Values.stringBytes(value)));
        }
        return Values.type(value).wireName() + " " + Values.encoding(value) + " expire="
                + (entry.hasExpiry() ? entry.expireAt() : -1) + " " + parts;
    }

    /** The keys must be the same; a difference is reported per key, descriptions cut short. */
    private static void assertSameKeys(String what, TreeMap<String, String> got, TreeMap<String, String> want) {
        List<String> differences = new ArrayList<>();
        java.util.TreeSet<String> all = new java.util.TreeSet<>(got.keySet());
        all.addAll(want.keySet());
        for (String key : all) {
            String g = got.get(key);
            String w = want.get(key);
            if (!java.util.Objects.equals(g, w)) {
                differences.add(key + ":\n    got  " + cut(g) + "\n    want " + cut(w));
            }
        }
        assertThat(differences).as(what).isEmpty();
        assertThat(got).isNotEmpty();
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ---- our files, read by Redis -------------------------------------------------------------------------------

    @Test
    void ourFilePassesRedisCheckRdbAndLoadsInRedis() throws Exception {
        populate();
        Path directory = Files.createTempDirectory("mini-rdb");
        Path file = directory.resolve("ours.rdb");
        byte[] code = LIBRARY.getBytes(StandardCharsets.UTF_8);
        writeFile(mini, file, List.of(code), RdbWriteOptions.from(mini.context().config()), RdbWriter.AccessData.NONE);

        assertThat(checkRdb(file)).contains("RDB looks OK");

        try (RealRedis loaded = RealRedis.start(
                        "--dir",
                        directory.toString(),
                        "--dbfilename",
                        "ours.rdb",
                        "--hash-max-listpack-entries",
                        "16",
                        "--zset-max-listpack-entries",
                        "16",
                        "--set-max-intset-entries",
                        "16");
                RespClient client = new RespClient(loaded.port())) {
            // compared with the reference after it went through a file too (an appended string loads as embstr)
            assertThat(expected.call("DEBUG", "RELOAD").line()).isEqualTo("OK");
            assertSameKeys("the file loaded by Redis", keysOf(client), keysOf(expected));
            assertThat(client.call("FUNCTION", "LIST", "WITHCODE"))
                    .isEqualTo(expected.call("FUNCTION", "LIST", "WITHCODE"));
        }
    }

    @Test
    void fileWithoutCompressionOrChecksum() throws Exception {
        populate();
        Path directory = Files.createTempDirectory("mini-rdb");
        Path file = directory.resolve("plain.rdb");
        writeFile(
                mini,
                file,
                List.of(),
                new RdbWriteOptions(false, false, 5, 1, RdbWriteOptions.DEFAULT_PACKED_THRESHOLD),
                RdbWriter.AccessData.LRU_IDLE);
        assertThat(checkRdb(file)).contains("RDB looks OK");
        try (RealRedis loaded = RealRedis.start(
                        "--dir",
                        directory.toString(),
                        "--dbfilename",
                        "plain.rdb",
                        "--hash-max-listpack-entries",
                        "16",
                        "--zset-max-listpack-entries",
                        "16",
                        "--set-max-intset-entries",
                        "16");
                RespClient client = new RespClient(loaded.port())) {
            // compared with the reference after it went through a file too (an appended string loads as embstr)
            assertThat(expected.call("DEBUG", "RELOAD").line()).isEqualTo("OK");
            assertSameKeys("the file loaded by Redis", keysOf(client), keysOf(expected));
        }
    }

    /** Writes {@code server}'s keyspace to {@code file} with {@link RdbWriter}, on the keyspace thread. */
    static void writeFile(
            MiniRedisServer server,
            Path file,
            List<byte[]> functions,
            RdbWriteOptions options,
            RdbWriter.AccessData access)
            throws Exception {
        server.context()
                .keyspaceThread()
                .submit(() -> {
                    try (OutputStream out = Files.newOutputStream(file)) {
                        RdbWriter.writeKeyspace(out, server.context().keyspace(), functions, options, access, "7.0.15");
                    }
                    return null;
                })
                .get(30, TimeUnit.SECONDS);
    }

    /** Runs redis-check-rdb on {@code file}: it must exit 0; returns what it said. */
    static String checkRdb(Path file) throws Exception {
        Process process = new ProcessBuilder("redis-check-rdb", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    // ---- Redis's files, read here -------------------------------------------------------------------------------

    private KeyspaceLoader.Loaded reloadAndRead(String policy) throws Exception {
        same("CONFIG", "SET", "maxmemory-policy", policy);
        try {
            assertThat(expected.call("DEBUG", "RELOAD").line()).isEqualTo("OK");
            Path file = Path.of(expected.call("CONFIG", "GET", "dir")
                            .elements()
                            .get(1)
                            .text())
                    .resolve(expected.call("CONFIG", "GET", "dbfilename")
                            .elements()
                            .get(1)
                            .text());
            return KeyspaceLoader.load(file, 16, InstantSource.system(), new RdbLoadLimits(16, 64, 16, 16, 64));
        } finally {
            same("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }

    @Test
    void redisFilesReadIntoTheSameKeys() throws Exception {
        populate();
        for (String policy : List.of("noeviction", "allkeys-lru", "volatile-lfu")) {
            KeyspaceLoader.Loaded loaded = reloadAndRead(policy);
            assertSameKeys("keys read from Redis's file under " + policy, keysOf(loaded.keyspace()), keysOf(expected));
            assertThat(loaded.functions()).hasSize(1);
            assertThat(new String(loaded.functions().get(0), StandardCharsets.UTF_8))
                    .isEqualTo(LIBRARY);
            assertThat(new String(loaded.aux().get("redis-ver"), StandardCharsets.UTF_8))
                    .isEqualTo("7.0.15");
            assertThat(loaded.summary().checksumVerified()).isTrue();
            assertThat(loaded.summary().version()).isEqualTo(10);
        }
    }
}
