package io.miniredis.command.key;

import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisHash;
import io.miniredis.store.Values;
import java.util.Arrays;

/**
 * A BY or GET pattern of SORT: {@code #} is the element itself; otherwise the first {@code *} is replaced by the
 * element to name a key whose string value is wanted, or, with {@code ->field} after the {@code *}, a field of the
 * hash at that key. Anything else (a missing key, another type, a missing field, a pattern without {@code *}) has
 * no value.
 *
 * <p>Redis looks for {@code #}, {@code *} and {@code ->} with C string functions, so they count only before the
 * pattern's first NUL byte; the key and the field are still cut from the whole pattern. The field must not be empty
 * (a pattern ending in {@code ->} names a plain key).
 */
final class SortPattern {

    private final byte[] pattern;
    /** The pattern is {@code #}: the element itself. */
    private final boolean self;
    /** The first '*' (before any NUL), or -1: then the pattern names nothing. */
    private final int star;
    /** Where the key part ends: the {@code ->} of a hash field, or the pattern's end. */
    private final int keyEnd;
    /** The hash field after {@code ->}, or null for a string key. */
    private final byte[] field;

    private SortPattern(byte[] pattern) {
        this.pattern = pattern;
        int text = cLength(pattern);
        this.self = text == 1 && pattern[0] == '#';
        this.star = indexOf(pattern, (byte) '*', 0, text);
        int arrow = star < 0 ? -1 : arrow(pattern, star + 1, text);
        if (arrow >= 0 && arrow + 2 < text) {
            this.keyEnd = arrow;
            this.field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
        } else {
            this.keyEnd = pattern.length;
            this.field = null;
        }
    }

    static SortPattern of(byte[] pattern) {
        return new SortPattern(pattern);
    }

    /** True when the pattern has a '*' (a BY pattern without one means "do not sort"). */
    static boolean hasStar(byte[] pattern) {
        return indexOf(pattern, (byte) '*', 0, cLength(pattern)) >= 0;
    }

    /** The value the pattern gives for {@code element}, or null; keys are looked up as reads (expiry, hits/misses). */
    byte[] lookup(Database db, byte[] element) {
        if (self) {
            return element;
        }
        if (star < 0) {
            return null;
        }
        int suffix = keyEnd - star - 1;
        byte[] key = new byte[star + element.length + suffix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, suffix);
        KeyEntry entry = db.lookupRead(key);
        if (entry == null) {
            return null;
        }
        Object value = entry.value();
        if (field != null) {
            return value instanceof RedisHash hash ? hash.get(field) : null;
        }
        return Values.isString(value) ? Values.stringBytes(value) : null;
    }

    /** The length of {@code bytes} as a C string: up to the first NUL. */
    static int cLength(byte[] bytes) {
        int nul = indexOf(bytes, (byte) 0, 0, bytes.length);
        return nul < 0 ? bytes.length : nul;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first "->" starting in {@code [from, to)} and ending before {@code to}, or -1. */
    private static int arrow(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '-' && bytes[i + 1] == '>') {
                return i;
            }
        }
        return -1;
    }
}
