package io.miniredis.store;

import java.util.Arrays;

/**
 * One key of a database: the key, its value and its LRU/LFU clock, in one object so that a key costs a single
 * allocation beside its bytes. It is also the bucket chain node of {@link Dict}.
 *
 * <p>A short string value (at most {@value #INLINE_MAX} bytes, Redis's embstr bound) lives in the key's own array,
 * after the key's bytes, as Redis embeds a short string in its object: one array header and its padding fewer per
 * key. {@link #key()} and {@link #value()} then return copies of their parts. The key's hash is not kept (it is
 * computed again when the table resizes, as Redis does); its length is, to tell the two parts apart.
 *
 * <p>A key's expiry is not a field here: most keys have none, and an 8-byte time plus the key's place in {@link
 * ExpiringKeys} would make every entry 56 bytes instead of 40. A key with a TTL holds, in its value field, an {@link
 * Expiry} that carries the value, the time and the place, as Redis keeps expiring keys in a second dict; {@link
 * #value()} looks through it.
 */
public final class KeyEntry {

    public static final long NO_EXPIRY = -1;

    /** The value and the expiry of a key that has a TTL, in the key's value field. */
    static final class Expiry {
        Object value;
        long at;
        /** Position in {@link ExpiringKeys}, or -1. */
        int slot = -1;

        Expiry(Object value, long at) {
            this.value = value;
            this.at = at;
        }
    }

    /** A string value at most this long is stored inline, in {@link #key} after the key's bytes. */
    static final int INLINE_MAX = 44;
    /** The value of a key whose value is inline. */
    private static final Object INLINE = new Object();

    /** The key's bytes, followed by the value's when the value is inline. */
    byte[] key;
    /** The length of the key in {@link #key}. */
    final int keyLength;
    /** The value ({@link #INLINE} for an inline string), or an {@link Expiry} holding it when the key has a TTL. */
    private Object slot;
    /** Last access in LRU clock units (or, under an LFU policy, the LFU counter and its decay time). */
    int accessClock;
    /**
     * What the database last counted for this key, in 8-byte words ({@link MemoryEstimates}: sizes are multiples of
     * 8, so an int covers 16 GiB).
     */
    int memoryWords;
    /**
     * The number of the background save that has already written this entry (or that began after it was created),
     * so the save's cursor and its pre-write hook each write an entry at most once. 0: none.
     */
    int saveMark;

    KeyEntry next;

    KeyEntry(byte[] key, Object value) {
        this.key = key;
        this.keyLength = key.length;
        value(value);
    }

    /** The key (a copy when the value is inline). */
    public byte[] key() {
        return key.length == keyLength ? key : Arrays.copyOf(key, keyLength);
    }

    boolean keyEquals(byte[] other) {
        return other.length == keyLength && Arrays.equals(key, 0, keyLength, other, 0, keyLength);
    }

    int keyHash() {
        return KeyHash.hash(key, keyLength);
    }

    /** The value (for an inline string, a copy of its bytes). */
    public Object value() {
        Object v = stored();
        return v == INLINE ? Arrays.copyOfRange(key, keyLength, key.length) : v;
    }

    /**
     * The array that holds this key's inline string value, from {@link #inlineValueOffset()} to its end, so that GET
     * can reply without copying it; null when the value is not inline. Read only.
     */
    public byte[] inlineValueArray() {
        return stored() == INLINE ? key : null;
    }

    public int inlineValueOffset() {
        return keyLength;
    }

    /** The value as stored: {@link #INLINE} for an inline string, which then takes no memory of its own. */
    Object stored() {
        Object v = slot;
        return v instanceof Expiry e ? e.value : v;
    }

    /** Replaces the value in place (the key keeps its expiry). Use {@link Database#replaceValue} from commands. */
    void value(Object value) {
        Object stored = value;
        if (value instanceof byte[] bytes && bytes.length <= INLINE_MAX && !SharedIntegers.isShared(bytes)) {
            // A value as long as the inline one it replaces is written over it: the array is this entry's own
            // (made here), and no one keeps it (key() and value() hand out copies, GET writes it out at once).
            if (stored() != INLINE || key.length - keyLength != bytes.length) {
                key = Arrays.copyOf(key, keyLength + bytes.length);
            }
            System.arraycopy(bytes, 0, key, keyLength, bytes.length);
            stored = INLINE;
        } else if (key.length != keyLength) {
            key = Arrays.copyOf(key, keyLength);
        }
        if (slot instanceof Expiry e) {
            e.value = stored;
        } else {
            slot = stored;
        }
    }

    public long expireAt() {
        return slot instanceof Expiry e ? e.at : NO_EXPIRY;
    }

    public boolean hasExpiry() {
        return slot instanceof Expiry;
    }

    /** True when the key has a TTL that has passed at {@code now}. */
    boolean expiredAt(long now) {
        return slot instanceof Expiry e && e.at <= now;
    }

    /** The key's expiry holder, or null without a TTL. */
    Expiry expiry() {
        return slot instanceof Expiry e ? e : null;
    }

    /** Gives the key a TTL (or a new one); returns the holder, new when the key had none. */
    Expiry expireAt(long at) {
        if (slot instanceof Expiry e) {
            e.at = at;
            return e;
        }
        Expiry e = new Expiry(slot, at);
        slot = e;
        return e;
    }

    /** Drops the TTL; returns the holder the key had, or null. */
    Expiry removeExpiry() {
        if (slot instanceof Expiry e) {
            slot = e.value;
            return e;
        }
        return null;
    }

    public int accessClock() {
        return accessClock;
    }

    public int saveMark() {
        return saveMark;
    }

    public void saveMark(int mark) {
        this.saveMark = mark;
    }

    public void accessClock(int clock) {
        this.accessClock = clock;
    }
}
