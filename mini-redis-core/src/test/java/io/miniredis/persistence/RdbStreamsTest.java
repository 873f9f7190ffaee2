package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams in DUMP payloads, byte for byte against payloads redis-server 7.0.15 produced for the same streams (the
 * differential tests cover what the commands build; these pin the encoding itself, times included).
 */
class RdbStreamsTest {

    /** {@code XADD s 1-1 f v}, {@code XADD s 1-2 f v2}, {@code XADD s 2-0 a 1 b x}, then DUMP s. */
    private static final String THREE_ENTRIES = "130110000000000000000100000000000000013f3f00000018000301000101018166"
            + "020001020100010001817602040102010001010182763203040100010101dfff02020181610201018162028178020801ff"
            + "0302000101000003000a0018aa45a2d3cec61e";

    /**
     * The same, then {@code XGROUP CREATE s g 0}, {@code XREADGROUP GROUP g c1 COUNT 2 STREAMS s >} at
     * 1796686525134 ms, {@code XDEL s 1-2}.
     */
    private static final String WITH_GROUP = "130110000000000000000100000000000000013f3f0000001800020101010101816602"
            + "0001020100010001817602040103010001010182763203040100010101dfff02020181610201018162028178020801ff02"
            + "020001010102030101670102020200000000000000010000000000000001ceb2dc52a2010000010000000000000001000"
            + "0000000000002ceb2dc52a20100000101026331ceb2dc52a20100000200000000000000010000000000000001000000000"
            + "000000100000000000000020a00012c02124fc6b7a1";

    /** {@code XGROUP CREATE e g $ MKSTREAM}: an empty stream, its group's entries-read -1 (2^64-1). */
    private static final String EMPTY_WITH_GROUP =
            "13000000000000000000010167000081ffffffffffffffff00000a00a01a953dfb9cddde";

    private static final long T = 1796686525134L;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] fv(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    private static RedisStream threeEntries() {
        RedisStream s = new RedisStream();
        s.append(new StreamId(1, 1), fv("f", "v"), 4096, 100);
        s.append(new StreamId(1, 2), fv("f", "v2"), 4096, 100);
        s.append(new StreamId(2, 0), fv("a", "1", "b", "x"), 4096, 100);
        return s;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static List<String> entries(RedisStream s) {
        List<String> out = new ArrayList<>();
        s.range(StreamId.MIN, StreamId.MAX, 0, false, (id, fields) -> {
            StringBuilder line = new StringBuilder(id.toString());
            for (byte[] f : fields) {
                line.append(' ').append(new String(f, StandardCharsets.UTF_8));
            }
            out.add(line.toString());
            return true;
        });
        return out;
    }

    @Test
    void writesEntriesAsRedis() {
        assertThat(hex(DumpPayload.create(threeEntries(), RdbWriteOptions.DEFAULTS)))
                .isEqualTo(THREE_ENTRIES);
    }

    @Test
    void writesGroupsConsumersAndPendingEntriesAsRedis() {
        RedisStream s = threeEntries();
        StreamGroup g = s.createGroup(b("g"), new StreamId(1, 2), 2);
        StreamConsumer c1 = g.createConsumer(b("c1"), T);
        g.addPending(new StreamId(1, 1), c1, T, 1);
        g.addPending(new StreamId(1, 2), c1, T, 1);
        s.delete(new StreamId(1, 2));
        s.maxDeletedId(new StreamId(1, 2));
        assertThat(hex(DumpPayload.create(s, RdbWriteOptions.DEFAULTS))).isEqualTo(WITH_GROUP);
    }

    @Test
    void writesAnUnknownEntriesReadCounterAsRedis() {
        RedisStream s = new RedisStream();
        s.createGroup(b("g"), StreamId.MIN, StreamGroup.ENTRIES_READ_UNKNOWN);
        assertThat(hex(DumpPayload.create(s, RdbWriteOptions.DEFAULTS))).isEqualTo(EMPTY_WITH_GROUP);
    }

    @Test
    void readsRedisPayloadsBack() throws Exception {
        RedisStream s = (RedisStream) DumpPayload.parse(HexFormat.of().parseHex(WITH_GROUP), RdbLoadLimits.DEFAULTS);
        assertThat(entries(s)).containsExactly("1-1 f v", "2-0 a 1 b x");
        assertThat(s.length()).isEqualTo(2);
        assertThat(s.lastId()).isEqualTo(new StreamId(2, 0));
        assertThat(s.maxDeletedId()).isEqualTo(new StreamId(1, 2));
        assertThat(s.entriesAdded()).isEqualTo(3);
        StreamGroup g = s.group(b("g"));
        assertThat(g.lastId()).isEqualTo(new StreamId(1, 2));
        assertThat(g.entriesRead()).isEqualTo(2);
        assertThat(g.pending().keySet()).containsExactly(new StreamId(1, 1), new StreamId(1, 2));
        assertThat(g.pending(new StreamId(1, 1)).consumer().name()).isEqualTo(b("c1"));
        assertThat(g.pending(new StreamId(1, 1)).deliveryTime()).isEqualTo(T);
        assertThat(g.consumer(b("c1")).seenTime()).isEqualTo(T);
        // written again, the same bytes
        assertThat(hex(DumpPayload.create(s, RdbWriteOptions.DEFAULTS))).isEqualTo(WITH_GROUP);

        RedisStream empty =
                (RedisStream) DumpPayload.parse(HexFormat.of().parseHex(EMPTY_WITH_GROUP), RdbLoadLimits.DEFAULTS);
        assertThat(empty.length()).isZero();
        assertThat(empty.group(b("g")).entriesRead()).isEqualTo(StreamGroup.ENTRIES_READ_UNKNOWN);
    }

    @Test
    void roundTripsManyNodesDeletionsAndLargeIds() throws Exception {
        RedisStream s = new RedisStream();
        for (int i = 0; i < 1000; i++) {
            byte[][] fields = i % 3 == 0 ? fv("f", "v" + i, "n", Integer.toString(i * 7919)) : fv("other" + i, "x");
            s.append(new StreamId(1_700_000_000_000L + i / 5, i % 5), fields, 4096, 100);
        }
        s.append(new StreamId(-2L, -1L), fv("big", "id"), 4096, 100);
        for (int i = 0; i < 1000; i += 7) {
            s.delete(new StreamId(1_700_000_000_000L + i / 5, i % 5));
        }
        s.trimMaxLen(900, false, 0);
        byte[] payload = DumpPayload.create(s, RdbWriteOptions.DEFAULTS);
        RedisStream back = (RedisStream) DumpPayload.parse(payload, RdbLoadLimits.DEFAULTS);
        assertThat(entries(back)).isEqualTo(entries(s));
        assertThat(back.nodeCount()).isEqualTo(s.nodeCount());
        assertThat(hex(DumpPayload.create(back, RdbWriteOptions.DEFAULTS))).isEqualTo(hex(payload));
        // appending after a load continues the tail node as before
        s.append(new StreamId(-1L, 0), fv("f", "v"), 4096, 100);
        back.append(new StreamId(-1L, 0), fv("f", "v"), 4096, 100);
        assertThat(hex(DumpPayload.create(back, RdbWriteOptions.DEFAULTS)))
                .isEqualTo(hex(DumpPayload.create(s, RdbWriteOptions.DEFAULTS)));
    }

    @Test
    void refusesInconsistentStreams() {
        byte[] good = HexFormat.of().parseHex(WITH_GROUP);
        // the stream length (after the node) says 3 where the node has 2 live entries
        assertThat(refusal(withByte(good, indexOf(good, "ff0202000101"), "ff0302000101")))
                .contains("stream length 3");
        // the consumer's pending entry 1-2 renamed 1-3: not in the group's list
        String tail = "000000000000000100000000000000020a00";
        assertThat(refusal(withByte(good, indexOf(good, tail), "000000000000000100000000000000030a00")))
                .contains("not in its group's list");
    }

    @Test
    void refusesAType21Stream() {
        byte[] payload = HexFormat.of().parseHex(EMPTY_WITH_GROUP);
        payload[0] = 21;
        assertThatThrownBy(() -> DumpPayload.parse(payload, RdbLoadLimits.DEFAULTS))
                .hasMessageContaining("Redis 7.2");
    }

    private static int indexOf(byte[] bytes, String hexPattern) {
        String all = hex(bytes);
        int at = all.indexOf(hexPattern);
        assertThat(at).isGreaterThanOrEqualTo(0);
        return at / 2;
    }

    private static byte[] withByte(byte[] bytes, int at, String hexReplacement) {
        byte[] copy = bytes.clone();
        byte[] replacement = HexFormat.of().parseHex(hexReplacement);
        System.arraycopy(replacement, 0, copy, at, replacement.length);
        return copy;
    }

    private static String refusal(byte[] payload) {
        try {
            DumpPayload.parse(payload, RdbLoadLimits.DEFAULTS);
        } catch (RdbFormatException e) {
            return e.getMessage();
        }
        return "accepted";
    }
}
