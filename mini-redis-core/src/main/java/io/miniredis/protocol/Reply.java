package io.miniredis.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes replies into the connection's output buffer, in RESP2 or RESP3 depending on what the client
 * negotiated with HELLO. A handler calls {@link #map(int)}, {@link #set(int)}, {@link #nullValue()} or
 * {@link #doubleValue(double)} once, and the RESP2 client gets Redis's fall-back (a flat array, a plain array, a
 * null bulk, a bulk string).
 *
 * <p>Every error reply passes through {@link #error(String)}, which is how INFO errorstats and the commandstats
 * failure counts see them.
 */
public final class Reply {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[1024][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Consumer<String> errorListener;
    private ByteBuf out;
    private int protocol = 2;
    private boolean errorWritten;
    /** Where numbers are formatted before they are copied into the buffer; one per client, never shared. */
    /** A line's type byte, its decimal digits and CRLF, formatted here and copied into the buffer in one write. */
    private final byte[] scratch = new byte[Numbers.MAX_LONG_DIGITS + 3];

    /** Bulk strings up to this long go out header, value and CRLF in one write ({@link #bulk(byte[], int, int)}). */
    private static final int SHORT_BULK_MAX = 64;

    private final byte[] shortBulk = new byte[1 + 2 + 2 + SHORT_BULK_MAX + 2];

    /** @param errorListener told of every error reply written (its full text), for the error statistics */
    public Reply(Consumer<String> errorListener) {
        this.errorListener = errorListener;
    }

    /** Points the writer at the buffer of the current batch. */
    public void target(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf buffer() {
        return out;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    /** True when an error was written since the last call; resets the flag. */
    public boolean takeErrorFlag() {
        boolean written = errorWritten;
        errorWritten = false;
        return written;
    }

    public Reply ok() {
        out.writeBytes(OK);
        return this;
    }

    /** A status reply ({@code +text}); the text must not contain CR or LF. */
    public Reply status(String text) {
        out.writeByte('+');
        writeAscii(text);
        out.writeBytes(CRLF);
        return this;
    }

    /**
     * An error reply. {@code text} starts with the error code ({@code ERR}, {@code WRONGTYPE}, ...); like Redis,
     * any CR or LF inside it becomes a space so the reply cannot break the protocol.
     */
    public Reply error(String text) {
        String safe = text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0
                ? text.replace('\r', ' ').replace('\n', ' ')
                : text;
        out.writeByte('-');
        out.writeCharSequence(safe, StandardCharsets.ISO_8859_1); // texts built from client bytes are Latin-1
        out.writeBytes(CRLF);
        errorWritten = true;
        errorListener.accept(safe);
        return this;
    }

    public Reply integer(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            out.writeBytes(SMALL_INTEGERS[(int) value]);
        } else {
            line(':', value);
        }
        return this;
    }

    /** An integer reply from its decimal text, already formatted (INCR stores the same text it replies). */
    public Reply integerText(byte[] digits) {
        out.writeByte(':');
        out.writeBytes(digits);
        out.writeBytes(CRLF);
        return this;
    }

    public Reply bulk(byte[] value) {
        if (value == null) {
            return nullBulk();
        }
        return bulk(value, 0, value.length);
    }

    /**
     * A bulk string of {@code value[offset, offset + length)}. A short one (most of LRANGE's or HGETALL's elements)
     * is laid out whole and copied in one write: each write into the buffer costs its checks and a copy call, which
     * made the three writes of a short bulk string most of an LRANGE's cost in a profile.
     */
    public Reply bulk(byte[] value, int offset, int length) {
        if (length <= SHORT_BULK_MAX) {
            byte[] b = shortBulk;
            int i = 0;
            b[i++] = '$';
            if (length >= 10) {
                b[i++] = (byte) ('0' + length / 10);
            }
            b[i++] = (byte) ('0' + length % 10);
            b[i++] = '\r';
            b[i++] = '\n';
            System.arraycopy(value, offset, b, i, length);
            i += length;
            b[i++] = '\r';
            b[i++] = '\n';
            out.writeBytes(b, 0, i);
            return this;
        }
        line('$', length);
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
        return this;
    }

    public Reply bulk(String value) {
        return value == null ? nullBulk() : bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of {@code value} (what Redis replies for integers kept as text). */
    public Reply bulk(long value) {
        return bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** The null reply to a missing string: {@code $-1} in RESP2, {@code _} in RESP3. */
    public Reply nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
        return this;
    }

    /** The null reply where Redis 2 sends a null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    public Reply nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
        return this;
    }

    public Reply array(long length) {
        if (length == 0) {
            out.writeBytes(EMPTY_ARRAY);
            return this;
        }
        return header('*', length);
    }

    /** A map of {@code pairs} entries: {@code %n} in RESP3, a flat array of {@code 2n} in RESP2. */
    public Reply map(long pairs) {
        return protocol == 3 ? header('%', pairs) : array(pairs * 2);
    }

    /** A set: {@code ~n} in RESP3, an array in RESP2. */
    public Reply set(long length) {
        return protocol == 3 ? header('~', length) : array(length);
    }

    /** A set of simple strings (flags, categories), as COMMAND INFO lists them. */
    public Reply statusSet(java.util.Collection<String> values) {
        set(values.size());
        for (String value : values) {
            status(value);
        }
        return this;
    }

    /** A push message (pub/sub): {@code >n} in RESP3, an array in RESP2. */
    public Reply push(long length) {
        return protocol == 3 ? header('>', length) : array(length);
    }

    /** A boolean: {@code #t}/{@code #f} in RESP3, {@code :1}/{@code :0} in RESP2. */
    public Reply bool(boolean value) {
        if (protocol == 3) {
            out.writeByte('#').writeByte(value ? 't' : 'f');
            out.writeBytes(CRLF);
            return this;
        }
        return integer(value ? 1 : 0);
    }

    /** A double as Redis formats it ({@code %.17g}): {@code ,d} in RESP3, a bulk string in RESP2. */
    public Reply doubleValue(double value) {
        String text = Numbers.formatDouble(value);
        if (protocol == 3) {
            out.writeByte(',');
            writeAscii(text);
            out.writeBytes(CRLF);
            return this;
        }
        return bulk(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Verbatim text (INFO, CLIENT LIST...): {@code =len\r\ntxt:...} in RESP3, a bulk string in RESP2. */
    public Reply verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (protocol != 3) {
            return bulk(bytes);
        }
        line('=', bytes.length + 4L);
        writeAscii("txt:");
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
        return this;
    }

    /** Bytes that are already a complete RESP reply. */
    public Reply raw(byte[] resp) {
        out.writeBytes(resp);
        return this;
    }

    private Reply header(char type, long length) {
        line(type, length);
        return this;
    }

    /**
     * {@code type}, the decimal {@code value} and CRLF, in one write: three small writes cost three rounds of the
     * buffer's checks and copy calls, a third of an integer reply's cost in a profile.
     */
    private void line(char type, long value) {
        int end = scratch.length - 2;
        int start = Numbers.formatLong(value, scratch, end) - 1;
        scratch[start] = (byte) type;
        scratch[end] = '\r';
        scratch[end + 1] = '\n';
        out.writeBytes(scratch, start, scratch.length - start);
    }

    private void writeAscii(String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
}
