package io.miniredis.command.bitmap;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: integer fields of any width at any bit offset of a string. The whole command is parsed
 * before anything is read or written (a bad operation anywhere fails the command), as Redis does.
 */
final class Bitfield {

    private static final RedisError BAD_TYPE = new RedisError(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final RedisError BAD_OVERFLOW = new RedisError("ERR Invalid OVERFLOW type specified");
    private static final RedisError READ_ONLY = new RedisError("ERR BITFIELD_RO only supports the GET subcommand");

    enum Kind {
        GET,
        SET,
        INCRBY
    }

    /** One GET, SET or INCRBY, with the OVERFLOW mode in force where it appears. */
    record Operation(Kind kind, boolean signed, int width, long offset, long value, Overflow overflow) {}

    private Bitfield() {}

    static void run(CommandCall c, boolean readOnlyCommand) {
        Args args = c.args();
        byte[] key = args.next();
        List<Operation> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        long maxBit = 0;
        boolean writes = false;
        while (args.hasNext()) {
            Kind kind;
            if (args.option("GET", 2)) {
                kind = Kind.GET;
            } else if (args.option("SET", 3)) {
                kind = Kind.SET;
            } else if (args.option("INCRBY", 3)) {
                kind = Kind.INCRBY;
            } else if (args.option("OVERFLOW", 1)) {
                overflow = Overflow.values()[args.oneOf(BAD_OVERFLOW, "WRAP", "SAT", "FAIL")];
                continue;
            } else {
                throw RedisError.SYNTAX;
            }
            byte[] type = args.next();
            boolean signed = type.length > 0 && type[0] == 'i';
            int width = width(type);
            long offset = StringBits.offset(c, args.next(), width);
            long value = 0;
            if (kind != Kind.GET) {
                writes = true;
                maxBit = Math.max(maxBit, offset + width - 1);
                value = args.nextLong();
            }
            ops.add(new Operation(kind, signed, width, offset, value, overflow));
        }
        if (!writes) {
            StringBits bits = StringBits.read(c.db().lookupRead(key));
            Reply reply = c.reply();
            reply.array(ops.size());
            for (Operation op : ops) {
                reply.integer(read(bits, op));
            }
            return;
        }
        if (readOnlyCommand) {
            throw READ_ONLY;
        }
        StringBits.Writable target = StringBits.writable(c, key, maxBit);
        StringBits bits = StringBits.of(target.string());
        Reply reply = c.reply();
        reply.array(ops.size());
        int changes = 0;
        for (Operation op : ops) {
            if (op.kind() == Kind.GET) {
                reply.integer(read(bits, op));
                continue;
            }
            long old = read(bits, op);
            Overflow.Result result = op.kind() == Kind.SET
                    ? op.overflow().apply(op.signed(), op.width(), op.value(), 0)
                    : op.overflow().apply(op.signed(), op.width(), old, op.value());
            if (result == null) { // OVERFLOW FAIL: nothing written
                reply.nullBulk();
                continue;
            }
            write(bits, op, result.value());
            // Redis counts a change when the lookup made or grew the string, or the field's value changed.
            if (target.grown() || result.value() != old) {
                changes++;
            }
            reply.integer(op.kind() == Kind.SET ? old : result.value());
        }
        if (changes > 0) {
            c.db().touched(target.entry());
            c.notify(NotifyType.STRING, "setbit", key);
        }
    }

    /** {@code i1}..{@code i64} or {@code u1}..{@code u63}, lower case only, as Redis reads them. */
    private static int width(byte[] type) {
        if (type.length < 2 || (type[0] != 'i' && type[0] != 'u')) {
            throw BAD_TYPE;
        }
        long width;
        try {
            width = Args.toLong(java.util.Arrays.copyOfRange(type, 1, type.length));
        } catch (RedisError e) {
            throw BAD_TYPE;
        }
        int max = type[0] == 'i' ? 64 : 63;
        if (width < 1 || width > max) {
            throw BAD_TYPE;
        }
        return (int) width;
    }

    /** The field's value: unsigned, or sign-extended from its top bit. */
    private static long read(StringBits bits, Operation op) {
        long value = 0;
        for (int i = 0; i < op.width(); i++) {
            value = (value << 1) | bits.bit(op.offset() + i);
        }
        if (op.signed() && op.width() < 64 && (value >>> (op.width() - 1)) != 0) {
            value |= -1L << op.width();
        }
        return value;
    }

    /** Writes the low {@code width} bits of {@code value} (the string is long enough: BITFIELD grew it). */
    private static void write(StringBits bits, Operation op, long value) {
        byte[] bytes = bits.bytes;
        for (int i = 0; i < op.width(); i++) {
            long position = op.offset() + i;
            int index = (int) (position >>> 3);
            int mask = 1 << (7 - (int) (position & 7));
            boolean on = ((value >>> (op.width() - 1 - i)) & 1) != 0;
            bytes[index] = (byte) (on ? bytes[index] | mask : bytes[index] & ~mask);
        }
    }
}
