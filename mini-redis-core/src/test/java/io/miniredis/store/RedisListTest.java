package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The circular array against a plain {@link ArrayList} model, through random operations at both ends and in the
 * middle, so wrap-around, growth, shrinking and the two shift directions of an insert are all exercised.
 */
class RedisListTest {

    @Test
    void behavesLikeAnArrayList() {
        checkAgainstModel(new Random().nextLong(), 50, 2000, 50, 0);
    }

    /**
     * Sizes around the packed bound, trims often (which pack again), and now and then an element too long to stay
     * packed: every way in and out of the packed form.
     */
    @Test
    void staysAListAcrossPackingAndUnpacking() {
        checkAgainstModel(new Random().nextLong(), 40, RedisList.PACKED_MAX_SIZE + 40, 5, 200);
    }

    /**
     * Random operations against the model. Sizes grow while under {@code small}, then drift up to {@code big} and
     * back; LTRIM one time in {@code retainOneIn} of its turns; one value in {@code longOneIn} (0: none) longer than
     * a packed list takes.
     */
    private static void checkAgainstModel(long seed, int small, int big, int retainOneIn, int longOneIn) {
        Random random = new Random(seed);
        RedisList list = new RedisList();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            String value = longOneIn > 0 && random.nextInt(longOneIn) == 0
                    ? "L".repeat(RedisList.PACKED_MAX_LENGTH) + random.nextInt(3)
                    : "v" + random.nextInt(20);
            // push more than pop while small, the other way round while big: sizes go up and down through many
            // capacities
            boolean grow = model.size() < small || (model.size() < big && random.nextInt(100) < 55);
            switch (random.nextInt(10)) {
                case 0, 1 -> {
                    if (grow) {
                        list.pushFirst(bytes(value));
                        model.add(0, value);
                    } else if (!model.isEmpty()) {
                        assertThat(text(list.popFirst())).isEqualTo(model.remove(0));
                    }
                }
                case 2, 3 -> {
                    if (grow) {
                        list.pushLast(bytes(value));
                        model.add(value);
                    } else if (!model.isEmpty()) {
                        assertThat(text(list.popLast())).isEqualTo(model.remove(model.size() - 1));
                    }
                }
                case 4 -> {
                    int index = random.nextInt(model.size() + 1);
                    list.insert(index, bytes(value));
                    model.add(index, value);
                }
                case 5 -> {
                    if (!model.isEmpty()) {
                        int index = random.nextInt(model.size());
                        list.set(index, bytes(value));
                        model.set(index, value);
                    }
                }
                case 6 -> {
                    if (random.nextInt(20) == 0) {
                        long limit = random.nextInt(4);
                        boolean fromTail = random.nextBoolean();
                        int removed = list.removeAll(bytes(value), limit, fromTail);
                        assertThat(removed).isEqualTo(removeFromModel(model, value, limit, fromTail));
                    }
                }
                case 7 -> {
                    if (random.nextInt(retainOneIn) == 0 && !model.isEmpty()) {
                        int start = random.nextInt(model.size());
                        int end = start + random.nextInt(model.size() - start);
                        list.retain(start, end);
                        List<String> kept = new ArrayList<>(model.subList(start, end + 1));
                        model.clear();
                        model.addAll(kept);
                    }
                }
                case 8 -> assertThat(list.indexOf(bytes(value))).isEqualTo(model.indexOf(value));
                default -> {
                    if (!model.isEmpty()) {
                        int index = random.nextInt(model.size());
                        assertThat(text(list.get(index)))
                                .as("seed %d step %d", seed, step)
                                .isEqualTo(model.get(index));
                    }
                }
            }
            assertThat(list.size()).as("seed %d step %d", seed, step).isEqualTo(model.size());
        }
        assertThat(contents(list)).isEqualTo(model);
        RedisList copy = list.copy();
        copy.pushFirst(bytes("only in the copy"));
        assertThat(contents(list)).isEqualTo(model);
        assertThat(copy.size()).isEqualTo(model.size() + 1);
    }

    @Test
    void reportsQuicklistLikeRedis70() {
        RedisList list = new RedisList();
        list.pushLast(bytes("a"));
        assertThat(list.encoding()).isEqualTo("quicklist");
        assertThat(list.type()).isEqualTo(ValueType.LIST);
    }

    private static int removeFromModel(List<String> model, String value, long limit, boolean fromTail) {
        int removed = 0;
        if (fromTail) {
            for (int i = model.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                }
            }
        } else {
            for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        }
        return removed;
    }

    private static List<String> contents(RedisList list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(text(list.get(i)));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
