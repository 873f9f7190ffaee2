package io.miniredis.command.bitmap;

import io.miniredis.command.CommandCall;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;

/**
 * The bytes of a string value seen as bits, most significant bit of the first byte first (Redis's bit order), and
 * the lookups the bit commands share: offsets as Redis parses them, and a string made writable and long enough.
 */
final class StringBits {

    static final RedisError BAD_OFFSET = new RedisError("ERR bit offset is not an integer or out of range");
    private static final RedisError TOO_LONG_FOR_JVM =
            new RedisError("ERR string exceeds the largest size mini-redis can hold (2 GiB)");

    /** The bytes; only {@code [0, length)} belong to the string. */
    final byte[] bytes;

    final int length;

    private StringBits(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    static final StringBits EMPTY = new StringBits(new byte[0], 0);

    /** The bits of a string value (byte[] or AppendableString), without copying. */
    static StringBits of(Object value) {
        if (value instanceof byte[] b) {
            return new StringBits(b, b.length);
        }
        AppendableString s = (AppendableString) value;
        return new StringBits(s.buffer(), s.length());
    }

    /** The string at {@code entry} for reading, {@link #EMPTY} when missing; WRONGTYPE for another type. */
    static StringBits read(KeyEntry entry) {
        if (entry == null) {
            return EMPTY;
        }
        if (!Values.isString(entry.value())) {
            throw RedisError.WRONGTYPE;
        }
        return of(entry.value());
    }

    /** The bit at {@code offset}; bits past the end are 0. */
    int bit(long offset) {
        long index = offset >>> 3;
        if (index >= length) {
            return 0;
        }
        return (bytes[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    /**
     * A bit offset as Redis reads one: a non-negative integer whose byte is below proto-max-bulk-len; with {@code
     * hashWidth > 0} (BITFIELD), {@code #n} means n times the field's width.
     */
    static long offset(CommandCall c, byte[] argument, int hashWidth) {
        boolean hash = hashWidth > 0 && argument.length > 0 && argument[0] == '#';
        long offset;
        try {
            offset = hash
                    ? Numbers.parseLong(java.util.Arrays.copyOfRange(argument, 1, argument.length))
                    : Numbers.parseLong(argument);
        } catch (Numbers.NotANumber e) {
            throw BAD_OFFSET;
        }
        if (hash) {
            offset *= hashWidth; // wraps on overflow as Redis's does, and is then refused below or not, the same way
        }
        if (offset < 0 || (offset >>> 3) >= c.server().config().getLong("proto-max-bulk-len")) {
            throw BAD_OFFSET;
        }
        return offset;
    }

    /** The result of {@link #writable}: the string to write into, and whether the lookup created or grew it. */
    record Writable(KeyEntry entry, AppendableString string, boolean grown) {}

    /**
     * The string at {@code key} ready to be written up to bit {@code maxBit}, as Redis's lookup for bit commands: a
     * missing key is created with zeros, a shorter string is zero-padded, and the value becomes a {@code raw} string
     * (an {@link AppendableString}) even when nothing is written afterwards, as OBJECT ENCODING then shows.
     */
    static Writable writable(CommandCall c, byte[] key, long maxBit) {
        long bytesNeeded = (maxBit >>> 3) + 1;
        if (bytesNeeded > AppendableString.MAX_LENGTH) {
            throw TOO_LONG_FOR_JVM;
        }
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        if (entry == null) {
            AppendableString created = new AppendableString(new byte[0], 0);
            created.growZeros((int) bytesNeeded);
            return new Writable(db.add(key, created), created, true);
        }
        Object value = entry.value();
        if (!Values.isString(value)) {
            throw RedisError.WRONGTYPE;
        }
        AppendableString string;
        if (value instanceof AppendableString s) {
            string = s;
        } else {
            string = new AppendableString((byte[]) value, 0);
            db.reencode(entry, string);
        }
        boolean grown = string.growZeros((int) bytesNeeded);
        if (grown) {
            db.resized(entry);
        }
        return new Writable(entry, string, grown);
    }
}
