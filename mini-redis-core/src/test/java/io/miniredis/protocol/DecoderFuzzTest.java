package io.miniredis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the request decoder: whatever the bytes, it emits commands and at most one protocol
 * error, never throws, and decodes the same whether the bytes arrive at once or in random fragments.
 */
class DecoderFuzzTest {

    private static final ProtocolLimits LIMITS = new ProtocolLimits(64 * 1024, 64 * 1024, 1024 * 1024);
    private static final String[] SEEDS = {
        "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n", "PING\r\n", "SET k \"a\\x41 b\" 'c'\r\n",
        "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "*0\r\n", "\r\n\r\n"
    };

    @Test
    void neverThrowsAndIgnoresFragmentation() {
        long seed = Long.getLong("mini-redis.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            byte[] input = mutate(random, SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1));
            List<String> whole = decode(input, new int[] {input.length});
            List<String> fragmented = decode(input, randomCuts(random, input.length));
            assertThat(fragmented)
                    .as("seed %d input %s", seed, Arrays.toString(input))
                    .isEqualTo(whole);
            long errors = whole.stream().filter(s -> s.startsWith("E:")).count();
            assertThat(errors).isLessThanOrEqualTo(1);
            if (errors == 1) {
                assertThat(whole.get(whole.size() - 1))
                        .as(
                                "seed %d decoded %s from %s",
                                seed,
                                whole,
                                new String(input, StandardCharsets.ISO_8859_1)
                                        .replace("\r", "\\r")
                                        .replace("\n", "\\n"))
                        .startsWith("E:");
            }
        }
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] data = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (data.length > 0) {
                        data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    byte[] interesting = "*$\r\n-0123456789\"'\\x".getBytes(StandardCharsets.ISO_8859_1);
                    if (data.length > 0) {
                        data[random.nextInt(data.length)] = interesting[random.nextInt(interesting.length)];
                    }
                }
                case 2 -> data = Arrays.copyOf(data, Math.max(0, data.length - random.nextInt(4)));
                case 3 -> {
                    byte[] doubled = new byte[data.length * 2];
                    System.arraycopy(data, 0, doubled, 0, data.length);
                    System.arraycopy(data, 0, doubled, data.length, data.length);
                    data = doubled;
                }
                default -> {
                    if (data.length > 1) {
                        int at = random.nextInt(data.length);
                        byte[] cut = new byte[data.length - 1];
                        System.arraycopy(data, 0, cut, 0, at);
                        System.arraycopy(data, at + 1, cut, at, data.length - at - 1);
                        data = cut;
                    }
                }
            }
        }
        return data;
    }

    private static int[] randomCuts(Random random, int length) {
        List<Integer> sizes = new ArrayList<>();
        int left = length;
        while (left > 0) {
            int size = 1 + random.nextInt(Math.min(left, 8));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> decode(byte[] input, int[] fragments) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(LIMITS, () -> true));
        int offset = 0;
        for (int size : fragments) {
            if (size > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, offset, size));
            }
            offset += size;
        }
        List<String> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            if (message instanceof byte[][] argv) {
                out.add("C:"
                        + String.join(
                                "|",
                                Arrays.stream(argv)
                                        .map(a -> new String(a, StandardCharsets.ISO_8859_1))
                                        .toList()));
            } else {
                out.add("E:" + ((ProtocolError) message).message());
            }
        }
        channel.finishAndReleaseAll();
        return out;
    }
}
