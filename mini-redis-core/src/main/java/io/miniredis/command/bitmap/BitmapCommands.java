package io.miniredis.command.bitmap;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import java.util.List;

/**
 * The bitmap commands: bits of string values. Strings stay strings (a {@code byte[]} or, once a bit command has
 * written, an {@link AppendableString}, which Redis's OBJECT ENCODING calls {@code raw}); GET, DUMP and the rest see
 * the same bytes.
 */
public final class BitmapCommands implements CommandFamily {

    private static final RedisError BAD_BIT = new RedisError("ERR bit is not an integer or out of range");
    private static final RedisError BITPOS_BIT = new RedisError("ERR The bit argument must be 1 or 0.");
    private static final RedisError NOT_SINGLE_KEY =
            new RedisError("ERR BITOP NOT must be called with a single source key.");

    @Override
    public String group() {
        return "bitmap";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("setbit", 4, "write denyoom", 1, 1, 1, this::setbit),
                command("getbit", 3, "readonly fast", 1, 1, 1, this::getbit),
                command("bitcount", -2, "readonly", 1, 1, 1, this::bitcount),
                command("bitpos", -3, "readonly", 1, 1, 1, this::bitpos),
                command("bitop", -4, "write denyoom", 2, -1, 1, this::bitop),
                command("bitfield", -2, "write denyoom", 1, 1, 1, c -> Bitfield.run(c, false)),
                command("bitfield_ro", -2, "readonly fast", 1, 1, 1, c -> Bitfield.run(c, true)));
        // spotless:on
    }

    private void setbit(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long offset = StringBits.offset(c, args.next(), 0);
        long on = args.nextLong(BAD_BIT);
        if ((on & ~1L) != 0) {
            throw BAD_BIT;
        }
        long dirty = c.keyspace().dirty();
        StringBits.Writable target = StringBits.writable(c, key, offset);
        byte[] bytes = target.string().buffer();
        int index = (int) (offset >>> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        int old = (bytes[index] & mask) != 0 ? 1 : 0;
        // Redis tells watchers and subscribers only when the string was made or grew, or the bit changed.
        if (target.grown() || old != on) {
            bytes[index] = (byte) (on == 1 ? bytes[index] | mask : bytes[index] & ~mask);
            c.db().touched(target.entry());
            c.notify(NotifyType.STRING, "setbit", key);
            c.keyspace().dirty(dirty + 1); // one change for Redis, made or grown or not
        }
        c.reply().integer(old);
    }

    private void getbit(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long offset = StringBits.offset(c, args.next(), 0);
        c.reply().integer(StringBits.read(c.db().lookupRead(key)).bit(offset));
    }

    /**
     * BITCOUNT key [start end [BYTE|BIT]]: Redis looks the key up before it reads the range, so a missing key
     * answers 0 whatever follows it.
     */
    private void bitcount(CommandCall c) {
        Args args = c.args();
        KeyEntry entry = c.db().lookupRead(args.next());
        if (entry == null) {
            c.reply().integer(0);
            return;
        }
        StringBits bits = StringBits.read(entry);
        int remaining = args.remaining();
        long start = 0;
        long end;
        boolean inBits = false;
        if (remaining == 2 || remaining == 3) {
            start = args.nextLong();
            end = args.nextLong();
            if (remaining == 3) {
                inBits = args.oneOf("BYTE", "BIT") == 1;
            }
            BitRange range = start < 0 && end < 0 && start > end // BITCOUNT's own shortcut; BITPOS has none
                    ? null
                    : BitRange.clamp(start, end, bits.length, inBits);
            if (range == null) {
                c.reply().integer(0);
                return;
            }
            c.reply().integer(BitRange.popcount(bits, range.firstBit(), range.lastBit()));
        } else if (remaining == 0) {
            c.reply().integer(BitRange.popcount(bits, 0, bits.length * 8L - 1));
        } else {
            throw RedisError.SYNTAX;
        }
    }

    /**
     * BITPOS key bit [start [end [BYTE|BIT]]]: the bit is checked first, then a missing key answers at once (an
     * endless run of zeros), then the range is read: its unit keyword before its end.
     */
    private void bitpos(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long bit = args.nextLong();
        if (bit != 0 && bit != 1) {
            throw BITPOS_BIT;
        }
        KeyEntry entry = c.db().lookupRead(key);
        if (entry == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        StringBits bits = StringBits.read(entry);
        int remaining = args.remaining();
        if (remaining > 3) {
            throw RedisError.SYNTAX;
        }
        long start = 0;
        long end = bits.length - 1L;
        boolean endGiven = false;
        boolean inBits = false;
        if (remaining >= 1) {
            start = args.nextLong();
            if (remaining == 3) {
                byte[] endArgument = args.next();
                inBits = args.oneOf("BYTE", "BIT") == 1;
                end = Args.toLong(endArgument);
                endGiven = true;
            } else if (remaining == 2) {
                end = args.nextLong();
                endGiven = true;
            }
        }
        BitRange range = BitRange.clamp(start, end, bits.length, inBits);
        if (range == null) {
            c.reply().integer(-1);
            return;
        }
        long found = BitRange.find(bits, (int) bit, range.firstBit(), range.lastBit());
        if (found < 0 && bit == 0 && !endGiven) {
            // No clear bit in the string: without an explicit end, the string continues with zeros.
            found = range.lastBit() + 1;
        }
        c.reply().integer(found);
    }

    /** BITOP AND|OR|XOR|NOT destkey key...: the result replaces destkey, or deletes it when empty. */
    private void bitop(CommandCall c) {
        Args args = c.args();
        int op = args.oneOf("AND", "OR", "XOR", "NOT");
        byte[] dest = args.next();
        byte[][] keys = args.rest();
        if (op == 3 && keys.length != 1) {
            throw NOT_SINGLE_KEY;
        }
        Database db = c.db();
        StringBits[] sources = new StringBits[keys.length];
        int longest = 0;
        for (int i = 0; i < keys.length; i++) {
            sources[i] = StringBits.read(db.lookupRead(keys[i]));
            longest = Math.max(longest, sources[i].length);
        }
        if (longest == 0) {
            if (db.delete(dest)) {
                c.notify(NotifyType.GENERIC, "del", dest);
            }
            c.reply().integer(0);
            return;
        }
        byte[] result = new byte[longest];
        for (int i = 0; i < longest; i++) {
            int value = byteAt(sources[0], i);
            for (int k = 1; k < sources.length; k++) {
                int other = byteAt(sources[k], i);
                value = switch (op) {
                    case 0 -> value & other;
                    case 1 -> value | other;
                    default -> value ^ other;
                };
            }
            result[i] = (byte) (op == 3 ? ~value : value);
        }
        db.set(dest, new AppendableString(result, 0), false); // a raw string in Redis, whatever its length
        c.notify(NotifyType.STRING, "set", dest);
        c.reply().integer(longest);
    }

    private static int byteAt(StringBits bits, int index) {
        return index < bits.length ? bits.bytes[index] & 0xFF : 0;
    }
}
