package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> keysInOrder(FieldTable table) {
        List<String> keys = new ArrayList<>();
        for (int slot = 0; slot < table.limit(); slot++) {
            if (table.key(slot) != null) {
                keys.add(s(table.key(slot)));
            }
        }
        return keys;
    }

    /** One random step against the model: put {@code key} = {@code value}, remove {@code key}, or get it. */
    private static void randomOperation(
            Random random, FieldTable table, Map<String, String> model, String key, String value) {
        int op = random.nextInt(3);
        if (op == 0) {
            int slot = table.putIfAbsent(b(key), b(value));
            if (slot >= 0) {
                table.setValue(slot, b(value));
            }
            assertThat(slot < 0).isEqualTo(!model.containsKey(key));
            model.put(key, value);
        } else if (op == 1) {
            assertThat(table.remove(b(key))).isEqualTo(model.remove(key) != null);
        } else {
            byte[] found = table.get(b(key));
            assertThat(found == null ? null : s(found)).isEqualTo(model.get(key));
        }
    }

    /** Against a LinkedHashMap (insertion order, updates in place), through the linear and the indexed forms. */
    @Test
    void behavesAsAnInsertionOrderedMap() {
        Random random = new Random(7);
        FieldTable table = new FieldTable(true);
        Map<String, String> model = new LinkedHashMap<>();
        for (int step = 0; step < 100_000; step++) {
            // Key ranges that shrink and grow, so the table goes back and forth across the linear limit.
            int range = (step / 5000) % 3 == 0 ? 6 : (step / 5000) % 3 == 1 ? 40 : 3000;
            randomOperation(random, table, model, "k" + random.nextInt(range), "v" + step);
            assertThat(table.size()).isEqualTo(model.size());
            if (step % 997 == 0) {
                assertThat(keysInOrder(table)).isEqualTo(new ArrayList<>(model.keySet()));
            }
        }
    }

    /**
     * Packed (a small hash), against a LinkedHashMap, with values long enough to need the five-byte length; then
     * unpacked halfway, which keeps the order and the contents; and a packed copy stays independent.
     */
    @Test
    void packedBehavesAsAnInsertionOrderedMapAndUnpacksInOrder() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            FieldTable table = FieldTable.packed();
            Map<String, String> model = new LinkedHashMap<>();
            for (int step = 0; step < 400; step++) {
                if (step == 200) {
                    FieldTable copy = table.copy();
                    table.unpack();
                    assertThat(table.isPacked()).isFalse();
                    assertThat(keysInOrder(table)).isEqualTo(new ArrayList<>(model.keySet()));
                    copy.add(b("only-in-copy"), b("x"));
                    assertThat(table.contains(b("only-in-copy"))).isFalse();
                }
                String value = random.nextInt(10) == 0 ? "v".repeat(300 + step) : "v" + step;
                randomOperation(random, table, model, "k" + random.nextInt(30), value);
                assertThat(table.size()).isEqualTo(model.size());
                assertThat(keysInOrder(table)).isEqualTo(new ArrayList<>(model.keySet()));
                List<String> values = new ArrayList<>();
                for (int slot = 0; slot < table.limit(); slot++) {
                    if (table.key(slot) != null) {
                        values.add(s(table.value(slot)));
                    }
                }
                assertThat(values).isEqualTo(new ArrayList<>(model.values()));
            }
        }
    }

    @Test
    void copiesAreIndependent() {
        FieldTable table = new FieldTable(false);
        for (int i = 0; i < 100; i++) {
            table.add(b("m" + i), null);
        }
        FieldTable copy = table.copy();
        table.remove(b("m1"));
        copy.add(b("extra"), null);
        assertThat(table.contains(b("m1"))).isFalse();
        assertThat(copy.contains(b("m1"))).isTrue();
        assertThat(table.contains(b("extra"))).isFalse();
        assertThat(copy.size()).isEqualTo(101);
    }

    @Test
    void randomSlotsCoverEveryEntryEvenWithHoles() {
        FieldTable table = new FieldTable(false);
        for (int i = 0; i < 1000; i++) {
            table.add(b("m" + i), null);
        }
        for (int i = 0; i < 1000; i += 3) {
            table.remove(b("m" + i));
        }
        SplittableRandom random = new SplittableRandom(1);
        int[] hits = new int[1000];
        for (int i = 0; i < 200_000; i++) {
            int slot = table.randomSlot(random);
            assertThat(table.key(slot)).isNotNull();
            hits[Integer.parseInt(s(table.key(slot)).substring(1))]++;
        }
        for (int i = 0; i < 1000; i++) {
            if (i % 3 == 0) {
                assertThat(hits[i]).isZero();
            } else {
                // 300 expected per entry: a loose bound that any real bias would break
                assertThat(hits[i]).as("hits of m%d", i).isBetween(180, 440);
            }
        }
    }

    @Test
    void scanReturnsEveryEntryPresentThroughoutDespiteResizes() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            FieldTable table = new FieldTable(true);
            int stable = 1 + random.nextInt(round < 10 ? 12 : 1000);
            for (int i = 0; i < stable; i++) {
                table.add(b("stable:" + i), b("x"));
            }
            Set<String> seen = new HashSet<>();
            List<String> transientKeys = new ArrayList<>();
            int churn = 0;
            long cursor = 0;
            int calls = 0;
            do {
                cursor = table.scan(cursor, slot -> seen.add(s(table.key(slot))));
                if (random.nextBoolean()) {
                    for (int i = random.nextInt(round < 10 ? 10 : 300); i > 0; i--) {
                        String k = "churn:" + churn++;
                        table.add(b(k), b("y"));
                        transientKeys.add(k);
                    }
                } else {
                    transientKeys.forEach(k -> table.remove(b(k)));
                    transientKeys.clear();
                }
                calls++;
            } while (cursor != 0);
            for (int i = 0; i < stable; i++) {
                assertThat(seen).as("round %d, %d calls", round, calls).contains("stable:" + i);
            }
        }
    }

    @Test
    void aWholeScanWithoutChangesVisitsEachEntryOnce() {
        FieldTable table = new FieldTable(false);
        for (int i = 0; i < 5000; i++) {
            table.add(b("m" + i), null);
        }
        for (int i = 0; i < 5000; i += 2) {
            table.remove(b("m" + i));
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = table.scan(cursor, slot -> seen.add(s(table.key(slot))));
        } while (cursor != 0);
        assertThat(seen).hasSize(2500).doesNotHaveDuplicates();
    }
}
