package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStreamTest {

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

    private static RedisStream filled(int n) {
        RedisStream s = new RedisStream();
        for (int i = 1; i <= n; i++) {
            s.append(new StreamId(i, 0), fv("f", "v" + i), 4096, 100);
        }
        return s;
    }

    private static List<String> ids(RedisStream s, StreamId from, StreamId to, long count, boolean reverse) {
        List<String> out = new ArrayList<>();
        s.range(from, to, count, reverse, (id, fields) -> out.add(id.toString()));
        return out;
    }

    @Test
    void lastEntryIdFollowsAppendsDeletesAndTrims() {
        RedisStream s = filled(250);
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(250, 0));
        s.delete(new StreamId(250, 0));
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(249, 0));
        s.delete(new StreamId(1, 0));
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(249, 0));
        s.append(new StreamId(300, 1), fv("f", "v"), 4096, 100);
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(300, 1));
        assertThat(s.copy().lastEntryId()).isEqualTo(new StreamId(300, 1));
        for (int i = 201; i <= 249; i++) {
            s.delete(new StreamId(i, 0));
        }
        s.delete(new StreamId(300, 1));
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(200, 0));
        s.trimMaxLen(0, false, 0);
        assertThat(s.length()).isZero();
        assertThat(s.lastEntryId()).isNull();
        s.append(new StreamId(400, 0), fv("f", "v"), 4096, 100);
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(400, 0));
    }

    @Test
    void parsesIdsAsRedis() {
        assertThat(StreamId.parse(b("1-2"), 0, false)).isEqualTo(new StreamId(1, 2));
        assertThat(StreamId.parse(b("5"), -1L, false)).isEqualTo(new StreamId(5, -1L));
        assertThat(StreamId.parse(b("-"), 0, false)).isEqualTo(StreamId.MIN);
        assertThat(StreamId.parse(b("+"), 0, false)).isEqualTo(StreamId.MAX);
        assertThat(StreamId.parse(b("+"), 0, true)).isNull();
        assertThat(StreamId.parse(b("18446744073709551615-18446744073709551615"), 0, false))
                .isEqualTo(StreamId.MAX);
        assertThat(StreamId.parse(b("18446744073709551616"), 0, false)).isNull();
        assertThat(StreamId.parse(b("007-1"), 0, false)).isEqualTo(new StreamId(7, 1));
        assertThat(StreamId.parse(b("1--1"), 0, false)).isNull();
        assertThat(StreamId.parse(b("x"), 0, false)).isNull();
        assertThat(StreamId.parse(b(""), 0, false)).isNull();
        assertThat(StreamId.parse(b("1-*"), 0, true, true).autoSeq()).isTrue();
        assertThat(StreamId.parse(b("1-*"), 0, true)).isNull();
        assertThat(StreamId.MAX.toString()).isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(new StreamId(1, -1L).next()).isEqualTo(new StreamId(2, 0));
        assertThat(StreamId.MAX.next()).isNull();
        assertThat(StreamId.MIN.previous()).isNull();
    }

    @Test
    void rangesForwardAndBackwardAcrossNodes() {
        RedisStream s = filled(250);
        assertThat(s.length()).isEqualTo(250);
        assertThat(s.nodeCount()).isEqualTo(3); // 100 entries a node by default
        assertThat(ids(s, new StreamId(99, 0), new StreamId(102, 0), 0, false))
                .containsExactly("99-0", "100-0", "101-0", "102-0");
        assertThat(ids(s, new StreamId(99, 0), new StreamId(102, 0), 2, true)).containsExactly("102-0", "101-0");
        assertThat(ids(s, new StreamId(250, 1), StreamId.MAX, 0, false)).isEmpty();
        assertThat(ids(s, StreamId.MIN, new StreamId(0, 5), 0, true)).isEmpty();
        assertThat(s.get(new StreamId(150, 0))).isDeepEqualTo(fv("f", "v150"));
        assertThat(s.firstId()).isEqualTo(new StreamId(1, 0));
        assertThat(s.lastEntryId()).isEqualTo(new StreamId(250, 0));
    }

    @Test
    void mixedFieldsAreKept() {
        RedisStream s = new RedisStream();
        s.append(new StreamId(1, 0), fv("a", "1", "b", "2"), 4096, 100);
        s.append(new StreamId(2, 0), fv("c", "3"), 4096, 100);
        s.append(new StreamId(3, 0), fv("a", "x", "b", ""), 4096, 100);
        assertThat(s.get(new StreamId(2, 0))).isDeepEqualTo(fv("c", "3"));
        assertThat(s.get(new StreamId(3, 0))).isDeepEqualTo(fv("a", "x", "b", ""));
    }

    @Test
    void deletesAndDropsEmptiedNodes() {
        RedisStream s = filled(150);
        for (int i = 1; i <= 100; i++) {
            assertThat(s.delete(new StreamId(i, 0))).isTrue();
        }
        assertThat(s.delete(new StreamId(1, 0))).isFalse();
        assertThat(s.nodeCount()).isEqualTo(1);
        assertThat(s.length()).isEqualTo(50);
        assertThat(s.firstId()).isEqualTo(new StreamId(101, 0));
    }

    @Test
    void approximateTrimRemovesWholeNodesOnly() {
        RedisStream s = filled(250);
        assertThat(s.trimMaxLen(120, true, 10_000)).isEqualTo(100);
        assertThat(s.length()).isEqualTo(150);
        assertThat(s.trimMaxLen(120, false, 0)).isEqualTo(30);
        assertThat(s.firstId()).isEqualTo(new StreamId(131, 0));
        assertThat(s.trimMinId(new StreamId(200, 0), true, 10_000)).isZero(); // node 101..200 keeps 200
        assertThat(s.trimMinId(new StreamId(201, 0), true, 10_000)).isEqualTo(70);
    }

    @Test
    void nodeClosesByListpackBytes() {
        RedisStream s = new RedisStream();
        byte[] big = new byte[1000];
        for (int i = 1; i <= 10; i++) {
            s.append(new StreamId(i, 0), new byte[][] {b("f"), big}, 4096, 100);
        }
        assertThat(s.nodeCount()).isEqualTo(3); // as Redis: 4 entries of ~1 KB a node (4031 + 1001 >= 4096)
    }

    @Test
    void radixTreeNodeCount() {
        assertThat(new RedisStream().radixTreeNodes()).isEqualTo(1);
        assertThat(filled(1).radixTreeNodes()).isEqualTo(2);
    }

    @Test
    void groupsConsumersAndPendingKeepMemory() {
        RedisStream s = filled(3);
        long base = s.estimatedBytes();
        StreamGroup g = s.createGroup(b("g"), StreamId.MIN, 0);
        assertThat(s.createGroup(b("g"), StreamId.MIN, 0)).isNull();
        StreamConsumer alice = g.createConsumer(b("alice"), 10);
        StreamConsumer bob = g.createConsumer(b("bob"), 10);
        g.addPending(new StreamId(1, 0), alice, 10, 1);
        g.addPending(new StreamId(2, 0), alice, 10, 1);
        g.addPending(new StreamId(2, 0), bob, 20, 2);
        assertThat(alice.pendingCount()).isEqualTo(1);
        assertThat(bob.pendingCount()).isEqualTo(1);
        assertThat(g.pending(new StreamId(2, 0)).deliveryCount()).isEqualTo(2);
        RedisStream copy = s.copy();
        assertThat(copy.group(b("g")).consumer(b("bob")).pendingCount()).isEqualTo(1);
        assertThat(g.ack(new StreamId(1, 0))).isTrue();
        assertThat(g.ack(new StreamId(1, 0))).isFalse();
        assertThat(g.deleteConsumer(b("bob"))).isEqualTo(1);
        assertThat(g.pending()).isEmpty();
        assertThat(s.destroyGroup(b("g"))).isTrue();
        assertThat(s.estimatedBytes()).isEqualTo(base);
    }

    @Test
    void millionSmallEntriesStaySmall() {
        RedisStream s = new RedisStream();
        byte[][] entry = fv("field", "value");
        for (int i = 0; i < 1_000_000; i++) {
            s.append(new StreamId(1_700_000_000_000L + i / 3, i % 3), entry, 4096, 100);
        }
        assertThat(s.length()).isEqualTo(1_000_000);
        assertThat(s.estimatedBytes() / 1_000_000).isLessThan(20);
    }
}
