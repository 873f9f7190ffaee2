package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.persistence.Crc64;
import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Files in the formats of older Redis versions (RDB 6 to 9: ziplists, quicklists of ziplists, zipmaps, sorted sets
 * with text scores, expiry in seconds), built here byte by byte, loaded by a real Redis 7.0 and by {@code
 * RdbReader}: both must end up with the same keys, encodings and expiries.
 */
class LegacyRdbDifferentialTest {

    /** A byte buffer with the RDB primitives of old files. */
    private static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes le(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes length(long n) {
            if (n < 64) {
                return raw((int) n);
            }
            if (n < 16384) {
                return raw(0x40 | (int) (n >>> 8), (int) n & 0xff);
            }
            raw(0x80);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
            return this;
        }

        Bytes string(byte[] s) {
            return length(s.length).raw(s);
        }

        Bytes string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A ziplist of {@code entries}: strings, or integers (Long) in the smallest ziplist integer encoding. */
    static byte[] ziplist(Object... entries) {
        Bytes body = new Bytes();
        int previous = 0;
        int tail = 10;
        for (Object entry : entries) {
            tail = 10 + body.out.size();
            Bytes e = new Bytes();
            if (previous < 254) {
                e.raw(previous);
            } else {
                e.raw(0xFE).le(previous, 4);
            }
            if (entry instanceof Long v) {
                if (v >= 0 && v <= 12) {
                    e.raw(0xF1 + v.intValue());
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    e.raw(0xFE).le(v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    e.raw(0xC0).le(v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    e.raw(0xF0).le(v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    e.raw(0xD0).le(v, 4);
                } else {
                    e.raw(0xE0).le(v, 8);
                }
            } else {
                byte[] s = ((String) entry).getBytes(StandardCharsets.UTF_8);
                if (s.length < 64) {
                    e.raw(s.length);
                } else if (s.length < 16384) {
                    e.raw(0x40 | (s.length >>> 8), s.length & 0xff);
                } else {
                    e.raw(0x80, s.length >>> 24, (s.length >>> 16) & 0xff, (s.length >>> 8) & 0xff, s.length & 0xff);
                }
                e.raw(s);
            }
            byte[] encoded = e.bytes();
            body.raw(encoded);
            previous = encoded.length;
        }
        byte[] content = body.bytes();
        return new Bytes()
                .le(10 + content.length + 1, 4)
                .le(entries.length == 0 ? 10 : tail, 4)
                .le(entries.length, 2)
                .raw(content)
                .raw(0xFF)
                .bytes();
    }

    /** A zipmap of field/value pairs, each value followed by {@code free} unused bytes. */
    static byte[] zipmap(int free, String... pairs) {
        Bytes z = new Bytes().raw(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] f = pairs[i].getBytes(StandardCharsets.UTF_8);
            byte[] v = pairs[i + 1].getBytes(StandardCharsets.UTF_8);
            z.raw(f.length).raw(f);
            if (v.length < 254) {
                z.raw(v.length);
            } else {
                z.raw(254).le(v.length, 4);
            }
            z.raw(free).raw(v).raw(new byte[free]);
        }
        return z.raw(0xFF).bytes();
    }

    private static byte[] file(int version) {
        String big = "z".repeat(300);
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(i % 2 == 0 ? (Object) (long) (i * 1000 - 70000) : "item" + i);
        }
        Bytes f = new Bytes().raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        f.raw(0xFA).string("redis-ver").string("5.0.0");
        f.raw(0xFE).length(0).raw(0xFB).length(14).length(3);
        f.raw(10).string("list:ziplist").string(ziplist("a", 1L, 12L, 13L, -1L, 300L, 70000L, 1L << 40, "", big));
        f.raw(14)
                .string("list:quicklist")
                .length(2)
                .string(ziplist(many.subList(0, 150).toArray()))
                .string(ziplist(many.subList(150, 300).toArray()));
        f.raw(13).string("hash:ziplist").string(ziplist("f1", "v1", "n", 42L, "big", big));
        f.raw(12).string("zset:ziplist").string(ziplist("c", "-inf", "a", 1L, "b", "1.5", "d", 100000L));
        f.raw(9).string("hash:zipmap").string(zipmap(2, "k1", "v1", "k2", "value two", "k3", big));
        f.raw(3)
                .string("zset:text")
                .length(3)
                .string("x")
                .raw(3)
                .raw("1.5".getBytes())
                .string("y")
                .raw(254)
                .string("z")
                .raw(4)
                .raw("-2e3".getBytes());
        f.raw(1).string("list:plain").length(3).string("1").string("two").string(big);
        f.raw(4)
                .string("hash:plain")
                .length(2)
                .string("a")
                .string("1")
                .string("b")
                .string(big);
        f.raw(2).string("set:plain").length(3).string("3").string("1").string("2");
        f.raw(11)
                .string("set:intset")
                .string(new Bytes()
                        .le(2, 4)
                        .le(3, 4)
                        .le(-5, 2)
                        .le(7, 2)
                        .le(300, 2)
                        .bytes());
        f.raw(0xFD).le(2147483000L, 4).raw(0).string("expires:seconds").string("v");
        f.raw(0xFD).le(4102444800L, 4).raw(0).string("expires:past-2038").string("gone"); // negative: expired
        f.raw(0xFC).le(4102444800500L, 8).raw(0).string("expires:ms").string("w");
        f.raw(0xFE).length(2).raw(0).string("in-db-2").raw(0xC0, 7);
        f.raw(0xFF);
        byte[] content = f.bytes();
        return new Bytes().raw(content).le(Crc64.of(content), 8).bytes();
    }

    @Test
    void olderFormatsLoadHereAsInRedis() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        for (int version : new int[] {6, 7, 8, 9}) {
            Path directory = Files.createTempDirectory("legacy-rdb");
            Files.write(directory.resolve("old.rdb"), file(version));
            KeyspaceLoader.Loaded loaded = KeyspaceLoader.load(
                    directory.resolve("old.rdb"), 16, InstantSource.system(), RdbLoadLimits.DEFAULTS);
            try (RealRedis redis = RealRedis.start("--dir", directory.toString(), "--dbfilename", "old.rdb");
                    RespClient client = new RespClient(redis.port())) {
                TreeMap<String, String> theirs = describe(client);
                assertThat(theirs).hasSize(13);
                TreeMap<String, String> ours = describe(loaded.keyspace());
                List<String> differences = new ArrayList<>();
                for (String key : theirs.keySet()) {
                    if (!theirs.get(key).equals(ours.get(key))) {
                        differences.add(
                                key + "\n  ours   " + cut(ours.get(key)) + "\n  theirs " + cut(theirs.get(key)));
                    }
                }
                assertThat(differences).as("version %d", version).isEmpty();
                assertThat(ours.keySet()).isEqualTo(theirs.keySet());
            }
        }
    }

    private static String cut(String s) {
        return s == null || s.length() < 200 ? s : s.substring(0, 200) + "...";
    }

    private static TreeMap<String, String> describe(RespClient client) {
        TreeMap<String, String> keys = new TreeMap<>();
        for (int db = 0; db < 3; db++) {
            client.call("SELECT", Integer.toString(db));
            for (RespReply key : client.call("KEYS", "*").elements()) {
                String k = key.text();
                String type = client.call("TYPE", k).line();
                String content = switch (type) {
                    case "string" -> client.call("GET", k).text();
                    case "list" -> client.call("LRANGE", k, "0", "-1").toString();
                    case "set" -> client.call("SMEMBERS", k).sorted().toString();
                    case "hash" -> client.call("HGETALL", k).sorted().toString();
                    default -> client.call("ZRANGE", k, "0", "-1", "WITHSCORES").toString();
                };
                keys.put(
                        db + ":" + k,
                        type + " " + client.call("OBJECT", "ENCODING", k).text() + " "
                                + client.call("PEXPIRETIME", k).line() + " " + content);
            }
        }
        return keys;
    }

    /** The same description, by running the same commands against a mini-redis holding the loaded keyspace. */
    private static TreeMap<String, String> describe(Keyspace keyspace) throws Exception {
        io.miniredis.server.MiniRedisServer server = io.miniredis.server.MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .build()
                .start();
        try (RespClient client = new RespClient(server.port())) {
            server.context()
                    .keyspaceThread()
                    .submit(() -> {
                        for (int db = 0; db < 3; db++) {
                            Database from = keyspace.db(db);
                            Database to = server.context().keyspace().db(db);
                            from.forEachLive(e -> to.putEntry(e.key(), e.value(), e.expireAt()));
                        }
                        return null;
                    })
                    .get();
            return describe(client);
        } finally {
            server.close();
        }
    }
}
