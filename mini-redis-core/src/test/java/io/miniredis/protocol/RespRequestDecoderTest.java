package io.miniredis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request decoder fed through Netty's EmbeddedChannel, whole and one byte at a time. */
class RespRequestDecoderTest {

    private static final ProtocolLimits LIMITS = new ProtocolLimits(1024 * 1024, 64 * 1024, 4L * 1024 * 1024);

    private static List<Object> decode(String input, boolean byteByByte) {
        return decode(input.getBytes(StandardCharsets.ISO_8859_1), byteByByte, true);
    }

    private static List<Object> decode(byte[] input, boolean byteByByte, boolean authenticated) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(LIMITS, () -> authenticated));
        if (byteByByte) {
            for (byte b : input) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        } else {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
        }
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static List<String> commands(List<Object> decoded) {
        List<String> out = new ArrayList<>();
        for (Object message : decoded) {
            if (message instanceof byte[][] argv) {
                out.add(String.join(
                        "|",
                        Arrays.stream(argv)
                                .map(a -> new String(a, StandardCharsets.ISO_8859_1))
                                .toList()));
            } else {
                ProtocolError error = (ProtocolError) message;
                out.add(error.silent() ? "!closed" : "!" + error.replyText());
            }
        }
        return out;
    }

    @Test
    void decodesMultibulkWholeAndSplitAtEveryByte() {
        String input = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n";
        assertThat(commands(decode(input, false))).containsExactly("SET|k|hello", "PING");
        assertThat(commands(decode(input, true))).containsExactly("SET|k|hello", "PING");
    }

    @Test
    void binarySafeArguments() {
        byte[] value = {0, '\r', '\n', (byte) 0xff, '*', '$'};
        byte[] head = "*2\r\n$3\r\nGET\r\n$6\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[head.length + value.length + 2];
        System.arraycopy(head, 0, input, 0, head.length);
        System.arraycopy(value, 0, input, head.length, value.length);
        input[input.length - 2] = '\r';
        input[input.length - 1] = '\n';
        for (boolean split : new boolean[] {false, true}) {
            List<Object> decoded = decode(input, split, true);
            assertThat(decoded).hasSize(1);
            assertThat(((byte[][]) decoded.get(0))[1]).isEqualTo(value);
        }
    }

    @Test
    void inlineCommandsWithQuotesAndEscapes() {
        String input = "SET k \"a b\\x41\\n\"\r\nGET 'it\\'s'\nPING\r\n\r\n   \r\nECHO \"\"\r\n";
        List<String> expected = List.of("SET|k|a bA\n", "GET|it's", "PING", "ECHO|");
        assertThat(commands(decode(input, false))).isEqualTo(expected);
        assertThat(commands(decode(input, true))).isEqualTo(expected);
    }

    @Test
    void emptyMultibulkIsSkipped() {
        assertThat(commands(decode("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", true))).containsExactly("PING");
    }

    @Test
    void trailingBytesAfterBulkAreNotChecked() {
        // Like Redis: the two bytes after the payload are skipped whatever they are.
        assertThat(commands(decode("*1\r\n$4\r\nPINGxx", false))).containsExactly("PING");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "*abc\\r\\n                          | ERR Protocol error: invalid multibulk length",
                "*01\\r\\n                           | ERR Protocol error: invalid multibulk length",
                "*3000000000\\r\\n                   | ERR Protocol error: invalid multibulk length",
                "*1\\r\\n$-1\\r\\n                   | ERR Protocol error: invalid bulk length",
                "*1\\r\\n$abc\\r\\n                  | ERR Protocol error: invalid bulk length",
                "*1\\r\\n$2000000\\r\\n              | ERR Protocol error: invalid bulk length",
                "*1\\r\\nx3\\r\\n                    | ERR Protocol error: expected '$', got 'x'",
                "SET k \"abc\\r\\n                    | ERR Protocol error: unbalanced quotes in request",
                "SET k \"abc\"def\\r\\n               | ERR Protocol error: unbalanced quotes in request",
            })
    void protocolErrors(String input, String error) {
        String bytes = input.strip().replace("\\r\\n", "\r\n");
        assertThat(commands(decode(bytes, false))).containsExactly("!" + error);
        assertThat(commands(decode(bytes, true))).containsExactly("!" + error);
    }

    @Test
    void commandsBeforeAnErrorAreKeptAndInputAfterItIsDiscarded() {
        String input = "*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n*1\r\n$4\r\nPING\r\n";
        assertThat(commands(decode(input, false))).containsExactly("PING", "!ERR Protocol error: invalid bulk length");
    }

    @Test
    void tooLongLinesWithoutNewline() {
        String inline = "A".repeat(64 * 1024 + 1);
        assertThat(commands(decode(inline, false))).containsExactly("!ERR Protocol error: too big inline request");
        String count = "*" + "1".repeat(64 * 1024 + 1);
        assertThat(commands(decode(count, false))).containsExactly("!ERR Protocol error: too big mbulk count string");
        String bulk = "*1\r\n$" + "1".repeat(64 * 1024 + 1);
        assertThat(commands(decode(bulk, false))).containsExactly("!ERR Protocol error: too big bulk count string");
    }

    @Test
    void unauthenticatedClientsGetSmallLimits() {
        byte[] manyArgs = ("*11\r\n" + "$1\r\na\r\n".repeat(11)).getBytes(StandardCharsets.US_ASCII);
        assertThat(commands(decode(manyArgs, false, false)))
                .containsExactly("!ERR Protocol error: unauthenticated multibulk length");
        byte[] bigBulk = "*2\r\n$4\r\nAUTH\r\n$16385\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(commands(decode(bigBulk, false, false)))
                .containsExactly("!ERR Protocol error: unauthenticated bulk length");
        assertThat(commands(decode(manyArgs, false, true))).hasSize(1);
    }

    @Test
    void queryBufferLimitClosesSilently() {
        // Three 1 MiB arguments still arriving exceed the 4 MiB query buffer limit of LIMITS only together.
        StringBuilder input = new StringBuilder("*5\r\n");
        for (int i = 0; i < 5; i++) {
            input.append("$1000000\r\n").append("x".repeat(1_000_000)).append("\r\n");
        }
        assertThat(commands(decode(input.toString(), false))).containsExactly("!closed");
    }

    @Test
    void hugeArgumentCountAllocatesNothingUpFront() {
        // Announcing two billion arguments must not allocate for them; the decoder waits for data.
        assertThat(decode("*2000000000\r\n$4\r\nPING\r\n", false)).isEmpty();
    }

    @Test
    void releasesNothingItDoesNotOwn() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(LIMITS, () -> true));
        ByteBuf buf = Unpooled.copiedBuffer("*1\r\n$4\r\nPING\r\n", StandardCharsets.US_ASCII);
        channel.writeInbound(buf);
        assertThat(buf.refCnt()).isZero(); // consumed and released by ByteToMessageDecoder
        assertThat((Object) channel.readInbound()).isInstanceOf(byte[][].class);
        channel.finishAndReleaseAll();
    }
}
