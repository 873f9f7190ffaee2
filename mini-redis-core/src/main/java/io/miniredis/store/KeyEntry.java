package io.miniredis.store;

/**
 * One key of a database: the key, its value, its expiry and its LRU/LFU clock, in one object so that a key costs a
 * single allocation beside its bytes. It is also the bucket chain node of {@link Dict}.
 */
public final class KeyEntry {

    public static final long NO_EXPIRY = -1;

    final byte[] key;
    final int hash;
    Object value;
    long expireAt = NO_EXPIRY;
    /** Last access in LRU clock units (or, under an LFU policy, the LFU counter and its decay time). */
    int accessClock;
    /** Position in {@link ExpiringKeys}, or -1. */
    int expiringSlot = -1;
    /**
     * What the database last counted for this key, in 8-byte words ({@link MemoryEstimates}: sizes are multiples of
     * 8, so an int covers 16 GiB). It fits the padding of this object: the entry stays 48 bytes.
     */
    int memoryWords;
    /**
     * The number of the background save that has already written this entry (or that began after it was created),
     * so the save's cursor and its pre-write hook each write an entry at most once. 0: none. It costs the entry 8
     * bytes (56 instead of 48): the price of a fork-less, consistent BGSAVE.
     */
    int saveMark;

    KeyEntry next;

    KeyEntry(byte[] key, int hash, Object value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    public byte[] key() {
        return key;
    }

    public Object value() {
        return value;
    }

    /** Replaces the value in place (the key keeps its expiry). Use {@link Database#replaceValue} from commands. */
    void value(Object value) {
        this.value = value;
    }

    public long expireAt() {
        return expireAt;
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
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
