package io.miniredis.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Server-side request decoder: turns bytes into commands ({@code byte[][]}, the argument vector) the way Redis
 * reads its query buffer. A request starting with {@code *} is a multibulk request; anything else is an inline
 * command line (so {@code nc} and telnet work).
 *
 * <p>It is a resumable state machine: a request may arrive split at any byte. Every length a client sends is
 * checked against {@link ProtocolLimits} before anything is allocated for it, and the argument vector grows as
 * arguments actually arrive, so a header announcing two billion arguments costs nothing. A broken request emits a
 * {@link ProtocolError} after the commands decoded before it, and the decoder then discards all further input.
 */
public final class RespRequestDecoder extends ByteToMessageDecoder {

    private static final int MAX_PREALLOCATED_ARGS = 1024;

    /** Read at each check, so CONFIG SET proto-max-bulk-len / client-query-buffer-limit apply to open connections. */
    private final Supplier<ProtocolLimits> limits;

    private final BooleanSupplier authenticated;

    /** Arguments still expected in the current multibulk request; 0 when between requests. */
    private int argsRemaining;
    /** Length of the bulk being read, or -1 when its {@code $} header is still to come. */
    private long bulkLength = -1;

    private byte[][] argv;
    private int argc;
    /** Bytes of the current request already copied out of the buffer, for the query buffer limit. */
    private long requestBytes;

    private boolean failed;
    /** After the last read: bytes left unparsed, and the capacity of the buffer holding them. */
    private int unparsed;

    private int bufferCapacity;

    public RespRequestDecoder(ProtocolLimits limits, BooleanSupplier authenticated) {
        this(() -> limits, authenticated);
    }

    public RespRequestDecoder(Supplier<ProtocolLimits> limits, BooleanSupplier authenticated) {
        this.limits = limits;
        this.authenticated = authenticated;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(in, out);
    }

    // ---- client memory (CLIENT LIST qbuf/argv-mem, maxmemory-clients), read from the keyspace thread: plain
    // fields, written once per decoded read, so another thread may see them a read late, never inconsistent objects

    /** Bytes received and not parsed yet (CLIENT LIST {@code qbuf}). */
    public int unparsedBytes() {
        return unparsed;
    }

    /** The size of the buffer holding them; 0 when nothing is left over (Netty has then released it). */
    public int bufferCapacity() {
        return bufferCapacity;
    }

    /** Bytes of the request being decoded already copied out of the buffer into its arguments. */
    public long partialRequestBytes() {
        return requestBytes;
    }

    /** Decodes every complete request in {@code in}; visible for the JMH benchmark and the fuzz tests. */
    public void decode(ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                byte[][] command;
                if (argsRemaining > 0) {
                    command = readMultibulkArguments(in);
                } else if (in.getByte(in.readerIndex()) == '*') {
                    if (!readMultibulkHeader(in)) {
                        break;
                    }
                    command = argsRemaining > 0 ? readMultibulkArguments(in) : null;
                    if (argsRemaining == 0 && command == null) {
                        continue; // "*0" or "*-1": an empty request, skipped like Redis does
                    }
                } else {
                    int before = in.readerIndex();
                    command = readInline(in);
                    if (command == null && in.readerIndex() == before) {
                        break;
                    }
                    if (command == null) {
                        continue; // an empty line
                    }
                }
                if (command == null) {
                    if (requestBytes + in.readableBytes() > limits.get().maxQueryBuffer()) {
                        throw new QueryBufferOverflow();
                    }
                    break;
                }
                out.add(command);
            }
        } catch (ProtocolViolation violation) {
            fail(in, out, new ProtocolError(violation.getMessage()));
        } catch (QueryBufferOverflow overflow) {
            fail(in, out, ProtocolError.QUERY_BUFFER_OVERFLOW);
        }
        // what stays buffered (a partial request) is part of the client's memory: two field writes per read
        unparsed = in.readableBytes();
        bufferCapacity = unparsed == 0 ? 0 : in.capacity();
    }

    private void fail(ByteBuf in, List<Object> out, ProtocolError error) {
        failed = true;
        argv = null;
        in.skipBytes(in.readableBytes());
        out.add(error);
    }

    /** Reads {@code *<count>\r\n}; false when the line is not complete yet. */
    private boolean readMultibulkHeader(ByteBuf in) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > limits.get().maxInlineLength()) {
                throw new ProtocolViolation("too big mbulk count string");
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false; // the byte after '\r' has not arrived
        }
        long count = parseLong(in, start + 1, cr);
        if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
            throw new ProtocolViolation("invalid multibulk length");
        }
        if (count > ProtocolLimits.UNAUTHENTICATED_MAX_ARGS && !authenticated.getAsBoolean()) {
            throw new ProtocolViolation("unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (count > 0) {
            argsRemaining = (int) count;
            argv = new byte[(int) Math.min(count, MAX_PREALLOCATED_ARGS)][];
            argc = 0;
            bulkLength = -1;
            requestBytes = cr + 2 - start;
        }
        return true;
    }

    /** Reads as many arguments as are complete; returns the command once the last one is in. */
    private byte[][] readMultibulkArguments(ByteBuf in) {
        while (argsRemaining > 0) {
            if (bulkLength < 0 && !readBulkHeader(in)) {
                return null;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            // Like Redis, the two bytes after the payload are skipped, not checked.
            in.skipBytes(2);
            requestBytes += bulkLength + 2;
            if (argc == argv.length) {
                argv = Arrays.copyOf(argv, (int) Math.min((long) argc * 2, (long) argc + argsRemaining));
            }
            argv[argc++] = arg;
            argsRemaining--;
            bulkLength = -1;
        }
        byte[][] command = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
        argv = null;
        requestBytes = 0;
        return command;
    }

    private boolean readBulkHeader(ByteBuf in) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > limits.get().maxInlineLength()) {
                throw new ProtocolViolation("too big bulk count string");
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false;
        }
        byte type = in.getByte(start);
        if (type != '$') {
            throw new ProtocolViolation("expected '$', got '" + (char) (type & 0xff) + "'");
        }
        long length = parseLong(in, start + 1, cr);
        if (length == Long.MIN_VALUE || length < 0 || length > limits.get().maxBulkLength()) {
            throw new ProtocolViolation("invalid bulk length");
        }
        if (length > ProtocolLimits.UNAUTHENTICATED_MAX_BULK && !authenticated.getAsBoolean()) {
            throw new ProtocolViolation("unauthenticated bulk length");
        }
        if (requestBytes + length > limits.get().maxQueryBuffer()) {
            throw new QueryBufferOverflow();
        }
        in.readerIndex(cr + 2);
        requestBytes += cr + 2 - start;
        bulkLength = length;
        return true;
    }

    /** An inline command line; null when incomplete (reader index unchanged) or empty (line consumed). */
    private byte[][] readInline(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > limits.get().maxInlineLength()) {
                throw new ProtocolViolation("too big inline request");
            }
            return null;
        }
        int end = lf;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        byte[][] args = InlineSplitter.split(line);
        if (args == null) {
            throw new ProtocolViolation("unbalanced quotes in request");
        }
        return args.length == 0 ? null : args;
    }

    /**
     * Parses a signed decimal between {@code from} and {@code to} as strictly as Redis's string2ll: no sign
     * other than a leading minus, no leading zeros, no spaces. Returns {@link Long#MIN_VALUE} when invalid.
     */
    static long parseLong(ByteBuf in, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > 20) {
            return Long.MIN_VALUE;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return Long.MIN_VALUE;
            }
        }
        byte first = in.getByte(i);
        if (first == '0') {
            return length == 1 ? 0 : Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** A protocol violation, thrown inside the decoder only; no stack trace, it is control flow. */
    private static final class ProtocolViolation extends RuntimeException {
        ProtocolViolation(String message) {
            super(message, null, false, false);
        }
    }

    /** The client has more unparsed request bytes than {@code client-query-buffer-limit}. */
    private static final class QueryBufferOverflow extends RuntimeException {
        QueryBufferOverflow() {
            super(null, null, false, false);
        }
    }
}
