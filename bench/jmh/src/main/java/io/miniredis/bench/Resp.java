package io.miniredis.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds requests the way redis-benchmark sends them: RESP multibulk, keys {@code key:%012d}. */
final class Resp {

    private Resp() {}

    static byte[] key(long n) {
        return String.format("key:%012d", n).getBytes(StandardCharsets.US_ASCII);
    }

    /** redis-benchmark's value for {@code -d size}: that many 'x' bytes. */
    static byte[] value(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        return value;
    }

    static byte[][] argv(String command, byte[]... args) {
        byte[][] argv = new byte[args.length + 1][];
        argv[0] = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(args, 0, argv, 1, args.length);
        return argv;
    }

    static byte[] encode(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "*" + argv.length + "\r\n");
        for (byte[] arg : argv) {
            write(out, "$" + arg.length + "\r\n");
            out.writeBytes(arg);
            write(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** {@code count} commands back to back, as one pipelined read would deliver them. */
    static byte[] pipeline(byte[][]... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] argv : commands) {
            out.writeBytes(encode(argv));
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
