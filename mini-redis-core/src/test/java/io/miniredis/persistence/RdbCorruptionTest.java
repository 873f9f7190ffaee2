package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.stats.ServerStats;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged input: truncated at every offset, bits flipped, checksums wrong, lengths that claim gigabytes. Each must
 * end in an {@link RdbFormatException} saying where and what (never another exception, never a huge allocation),
 * and a load that fails returns nothing.
 */
class RdbCorruptionTest {

    private static final InstantSource CLOCK = InstantSource.system();

    /** A small keyspace with every type and encoding. */
    static Keyspace sample(int scale) {
        Keyspace keyspace = new Keyspace(16, CLOCK, new ServerStats());
        Database db = keyspace.db(0);
        Random random = new Random(1);
        db.add(b("int"), b("12345"));
        db.add(b("text"), b("hello world"));
        db.add(b("long"), b("compressible ".repeat(10 * scale)));
        RedisList list = new RedisList();
        for (int i = 0; i < 100 * scale; i++) {
            list.pushLast(i % 3 == 0 ? b(Integer.toString(i)) : b("element " + i));
        }
        db.add(b("list"), list);
        RedisSet ints = new RedisSet();
        RedisSet members = new RedisSet();
        RedisHash small = new RedisHash();
        RedisHash big = new RedisHash();
        RedisSortedSet zsmall = new RedisSortedSet();
        RedisSortedSet zbig = new RedisSortedSet();
        for (int i = 0; i < 20 * scale; i++) {
            ints.add(b(Integer.toString(random.nextInt())), 512);
            members.add(b("m" + i), 0);
            small.set(b("f" + i), b("v" + i), 512, 64);
            big.set(b("f" + i), b("v" + i), 0, 0);
            zsmall.add(b("z" + i), random.nextInt(100) / 4.0, new ListpackLimits(128, 64));
            zbig.add(b("z" + i), random.nextDouble(), new ListpackLimits(0, 0));
        }
        db.add(b("intset"), ints);
        db.add(b("set"), members);
        db.add(b("hash-lp"), small);
        db.add(b("hash"), big);
        db.add(b("zset-lp"), zsmall);
        db.add(b("zset"), zbig);
        db.add(b("stream"), stream(scale, random));
        db.setExpiry(db.peek(b("text")), CLOCK.millis() + 1_000_000);
        keyspace.db(5).add(b("elsewhere"), b("x"));
        return keyspace;
    }

    /** Several nodes, entries deleted, a consumer group with consumers and pending entries. */
    private static RedisStream stream(int scale, Random random) {
        RedisStream stream = new RedisStream();
        for (int i = 1; i <= 150 * scale; i++) {
            byte[][] fields = i % 4 == 0
                    ? new byte[][] {b("other"), b(Integer.toString(random.nextInt()))}
                    : new byte[][] {b("f"), b("v" + i), b("n"), b(Integer.toString(i))};
            stream.append(new StreamId(1_700_000_000_000L + i, i % 3), fields, 4096, 100);
        }
        for (int i = 5; i <= 150 * scale; i += 7) {
            stream.delete(new StreamId(1_700_000_000_000L + i, i % 3));
        }
        stream.maxDeletedId(new StreamId(1_700_000_000_000L + 145, 145 % 3));
        StreamGroup group = stream.createGroup(b("g"), new StreamId(1_700_000_000_000L + 40, 1), 40);
        StreamConsumer alice = group.createConsumer(b("alice"), 1_700_000_000_500L);
        StreamConsumer bob = group.createConsumer(b("bob"), 1_700_000_000_600L);
        for (int i = 1; i <= 20; i++) {
            group.addPending(
                    new StreamId(1_700_000_000_000L + i, i % 3), i % 2 == 0 ? alice : bob, 1_700_000_000_000L + i, i);
        }
        stream.createGroup(b("empty"), StreamId.MIN, StreamGroup.ENTRIES_READ_UNKNOWN);
        return stream;
    }

    static byte[] file(Keyspace keyspace, boolean checksum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.writeKeyspace(
                out,
                keyspace,
                List.of(b("#!lua name=l\nredis.register_function('f', function() end)")),
                RdbWriteOptions.DEFAULTS.withCompression(true).withChecksum(checksum),
                RdbWriter.AccessData.NONE,
                "7.0.15");
        return out.toByteArray();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyspaceLoader.Loaded load(byte[] bytes, boolean sizeKnown) throws IOException {
        return KeyspaceLoader.load(
                new ByteArrayInputStream(bytes), sizeKnown ? bytes.length : -1, 16, CLOCK, RdbLoadLimits.DEFAULTS);
    }

    @Test
    void theSampleReadsBack() throws IOException {
        byte[] bytes = file(sample(3), true);
        KeyspaceLoader.Loaded loaded = load(bytes, true);
        assertThat(loaded.keyspace().totalKeys()).isEqualTo(12);
        assertThat(loaded.summary().checksumVerified()).isTrue();
        assertThat(loaded.summary().bytes()).isEqualTo(bytes.length);
        assertThat(load(bytes, false).keyspace().totalKeys()).isEqualTo(12);
    }

    @Test
    void truncatedAtEveryOffset() throws IOException {
        byte[] bytes = file(sample(1), true);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            for (boolean sizeKnown : new boolean[] {true, false}) {
                int at = length;
                assertThatThrownBy(() -> load(cut, sizeKnown))
                        .as("cut at %d", at)
                        .isInstanceOf(RdbFormatException.class)
                        .satisfies(e ->
                                assertThat(((RdbFormatException) e).offset()).isBetween(0L, (long) at));
            }
        }
    }

    @Test
    void truncatedLargeFile() throws IOException {
        byte[] bytes = file(sample(50), true);
        Random random = new Random(2);
        for (int i = 0; i < 300; i++) {
            int length = random.nextInt(bytes.length);
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> load(cut, random.nextBoolean()))
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("RDB offset");
        }
    }

    @Test
    void flippedBitsAreCaughtByTheChecksum() throws IOException {
        byte[] bytes = file(sample(2), true);
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] damaged = bytes.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> load(damaged, true)).isInstanceOf(RdbFormatException.class);
        }
    }

    /** Without a checksum to catch them, damage must still end in a format error or a load, nothing else. */
    @Test
    void flippedBytesWithoutChecksumNeverBreakTheReader() throws IOException {
        byte[] bytes = file(sample(2), false);
        assertThat(load(bytes, true).summary().checksumVerified()).isFalse();
        Random random = new Random(4);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] damaged = bytes.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                damaged[9 + random.nextInt(damaged.length - 17)] = (byte) random.nextInt(256);
            }
            try {
                load(damaged, random.nextBoolean());
            } catch (RdbFormatException expected) {
                failures++;
            }
        }
        assertThat(failures).isPositive();
    }

    @Test
    void checksumMismatchIsNamed() throws IOException {
        byte[] bytes = file(sample(1), true);
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> load(bytes, true))
                .isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("checksum mismatch")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(bytes.length - 8L));
    }

    @Test
    void headersThatAreNotRdb() {
        assertThatThrownBy(() -> load(b("RADIS0010"), true)).hasMessageContaining("not an RDB file");
        assertThatThrownBy(() -> load(b("REDIS0011\u00ff"), true)).hasMessageContaining("RDB version 11");
        assertThatThrownBy(() -> load(b("REDIS00x0"), true)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> load(latin1("REDIS0010\u00f6"), true)).hasMessageContaining("pre-release");
        assertThatThrownBy(() -> load(latin1("REDIS0010\u00f7"), true)).hasMessageContaining("module");
        assertThatThrownBy(() -> load(b("REDIS0010\u0015\u0001k"), true)).hasMessageContaining("stream");
        assertThatThrownBy(() -> load(b("REDIS0010\u0014\u0001k"), true)).hasMessageContaining("Redis 7.2");
        assertThatThrownBy(() -> load(b("REDIS0010\u0007\u0001k"), true)).hasMessageContaining("module value");
    }

    /** The header and a key whose value is a string claiming {@code length} bytes, given as raw length bytes. */
    private static byte[] claim(int... lengthBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("REDIS0010"));
        out.write(0); // string
        out.write(1);
        out.write('k');
        for (int x : lengthBytes) {
            out.write(x);
        }
        out.writeBytes(b("only a few bytes follow"));
        return out.toByteArray();
    }

    @Test
    void hugeLengthsFailWithoutAllocatingThem() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (boolean sizeKnown : new boolean[] {true, false}) {
            // 4 GB, 2^62 and a 4 GB LZF string from 5 bytes
            assertThatThrownBy(() -> load(claim(0x80, 0xff, 0xff, 0xff, 0xff), sizeKnown))
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("4294967295 bytes");
            assertThatThrownBy(() -> load(claim(0x81, 0x40, 0, 0, 0, 0, 0, 0, 0), sizeKnown))
                    .isInstanceOf(RdbFormatException.class);
            assertThatThrownBy(() -> load(claim(0xC3, 5, 0x80, 0xff, 0xff, 0xff, 0xff), sizeKnown))
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("more than LZF can expand to");
        }
        // 1.5 GB declared on a stream of unknown size that ends early: grown only as bytes come
        assertThatThrownBy(() -> load(claim(0x80, 0x60, 0, 0, 0), false))
                .isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("ends in the middle");
        // a list of 2^40 elements
        byte[] list = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', 1, 1, 'k', (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> load(list, true)).hasMessageContaining("more than the");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated refusing them").isLessThan(64L << 20);
    }

    @Test
    void streamsOfUnknownSizeGrowStringsWithTheBytesThatCome() throws IOException {
        // a real 3 MB string read from a stream that does not say its size
        Keyspace keyspace = new Keyspace(16, CLOCK, new ServerStats());
        byte[] big = new byte[3 << 20];
        new Random(5).nextBytes(big);
        keyspace.db(0).add(b("big"), big);
        byte[] bytes = file(keyspace, true);
        InputStream slow = new SequenceInputStream(
                new ByteArrayInputStream(bytes, 0, 1000), new ByteArrayInputStream(bytes, 1000, bytes.length - 1000));
        KeyspaceLoader.Loaded loaded = KeyspaceLoader.load(slow, -1, 16, CLOCK, RdbLoadLimits.DEFAULTS);
        assertThat((byte[]) loaded.keyspace().db(0).peek(b("big")).value()).isEqualTo(big);
    }

    @Test
    void aFailedLoadLeavesNothing() throws IOException {
        byte[] bytes = file(sample(1), true);
        bytes[bytes.length - 3] ^= 1;
        KeyspaceLoader.Loaded[] result = new KeyspaceLoader.Loaded[1];
        assertThatThrownBy(() -> result[0] = load(bytes, true)).isInstanceOf(RdbFormatException.class);
        assertThat(result[0]).isNull();
    }

    @Test
    void sinkRefusalsNameTheKeysOffset() throws IOException {
        byte[] bytes = file(sample(1), true);
        assertThatThrownBy(() -> KeyspaceLoader.load(
                        new ByteArrayInputStream(bytes), bytes.length, 2, CLOCK, RdbLoadLimits.DEFAULTS))
                .isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("database 5")
                .hasMessageContaining("RDB offset");
    }

    @Test
    void dumpPayloadsNeverBreakTheParser() {
        Random random = new Random(6);
        Keyspace keyspace = sample(2);
        List<Object> values = new java.util.ArrayList<>();
        keyspace.db(0).forEachLive(e -> values.add(e.value()));
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] payload = DumpPayload.create(values.get(random.nextInt(values.size())), RdbWriteOptions.DEFAULTS);
            byte[] damaged = payload.clone();
            int body = damaged.length - 10;
            for (int f = 0; f < 1 + random.nextInt(3); f++) {
                damaged[random.nextInt(body)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            try {
                DumpPayload.parse(damaged, RdbLoadLimits.DEFAULTS);
                parsed++;
            } catch (RdbFormatException expected) {
                // fine: a clear refusal
            }
        }
        assertThat(parsed).isLessThan(5000);
    }
}
