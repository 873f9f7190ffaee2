package io.miniredis.store;

import io.miniredis.protocol.Numbers;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A set value, in one of Redis 7.0's two encodings, because here the encoding shows beyond OBJECT ENCODING:
 * <ul>
 *   <li><b>intset</b> while every member is an integer (as Redis's strict string2ll reads it: no sign but '-', no
 *       leading zero, no space) and there are at most {@code set-max-intset-entries} members: an {@link Intset},
 *       sorted, so members come out in ascending numeric order, as clients of Redis see them;</li>
 *   <li><b>hashtable</b> otherwise: a {@link FieldTable} of member bytes. The conversion is one-way.</li>
 * </ul>
 * (Redis 7.0 has no listpack sets; they came in 7.2.)
 *
 * <p>Members are addressed by <em>position</em> for iteration and random picks: {@code [0, limit())}, where a
 * position may be a hole in the hashtable encoding ({@link #isMember(int)} false).
 */
public final class RedisSet implements RedisValue {

    /** Redis caps the intset at 2^30 entries whatever set-max-intset-entries says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    /** Intset encoding: the members ({@link Intset}); null once a hashtable. */
    private byte[] ints;

    private FieldTable table;

    /** An empty set in the intset encoding, as Redis creates the result of SINTERSTORE and friends. */
    public RedisSet() {
        this.ints = Intset.empty();
    }

    private RedisSet(RedisSet other) {
        this.ints = other.ints == null ? null : other.ints.clone();
        this.table = other.table == null ? null : other.table.copy();
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return table == null ? "intset" : "hashtable";
    }

    @Override
    public RedisValue copy() {
        return new RedisSet(this);
    }

    private static final int SHELL = MemoryEstimates.object(2, 0);

    @Override
    public long estimatedBytes() {
        return SHELL + (table == null ? MemoryEstimates.bytes(ints) : table.estimatedBytes());
    }

    public boolean isIntset() {
        return table == null;
    }

    public int size() {
        return table == null ? Intset.size(ints) : table.size();
    }

    /**
     * Adds {@code member}; true when it was not there. A non-integer member, or one integer too many for
     * {@code maxIntsetEntries}, converts an intset to a hashtable.
     */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (table == null) {
            if (isInteger(member)) {
                long value = Numbers.parseLong(member);
                if (Intset.contains(ints, value)) {
                    return false;
                }
                if (Intset.size(ints) + 1 <= Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
                    ints = Intset.add(ints, value);
                    return true;
                }
            }
            convertToTable();
        }
        return table.putIfAbsent(member, null) < 0;
    }

    public boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member);
        }
        byte[] smaller = isInteger(member) ? Intset.remove(ints, Numbers.parseLong(member)) : null;
        if (smaller == null) {
            return false;
        }
        ints = smaller;
        return true;
    }

    public boolean contains(byte[] member) {
        if (table != null) {
            return table.contains(member);
        }
        return isInteger(member) && Intset.contains(ints, Numbers.parseLong(member));
    }

    /** True when {@code other}'s member at {@code position} is in this set (without bytes between two intsets). */
    public boolean containsMemberOf(RedisSet other, int position) {
        if (table == null && other.table == null) {
            return Intset.contains(ints, Intset.get(other.ints, position));
        }
        return contains(other.member(position));
    }

    // ---- positions ----

    /** One past the last position; iterate {@code [0, limit())} and skip positions that are not members. */
    public int limit() {
        return table == null ? Intset.size(ints) : table.limit();
    }

    public boolean isMember(int position) {
        return table == null || table.key(position) != null;
    }

    /** The member at {@code position} (a new array for an intset member). */
    public byte[] member(int position) {
        return table == null ? Numbers.toBytes(Intset.get(ints, position)) : table.key(position);
    }

    /** A uniformly chosen member's position; the set must not be empty. */
    public int randomPosition(RandomGenerator random) {
        return table == null ? random.nextInt(Intset.size(ints)) : table.randomSlot(random);
    }

    /** The hashtable encoding's table, for scans; null for an intset. */
    public FieldTable table() {
        return table;
    }

    /**
     * Re-encodes the set as Redis would encode a set built anew from its members: intset when they are all integers
     * and few enough. SPOP with a count close to the size does that, since Redis rebuilds the remaining members
     * into a new set there.
     */
    public void reencode(long maxIntsetEntries) {
        if (table == null || table.size() > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
            return;
        }
        long[] values = new long[Math.max(4, table.size())];
        int n = 0;
        for (int slot = 0; slot < table.limit(); slot++) {
            byte[] member = table.key(slot);
            if (member == null) {
                continue;
            }
            if (!isInteger(member)) {
                return;
            }
            values[n++] = Numbers.parseLong(member);
        }
        Arrays.sort(values, 0, n);
        ints = Intset.of(values, n);
        table = null;
    }

    private void convertToTable() {
        FieldTable converted = new FieldTable(false);
        for (int i = 0; i < Intset.size(ints); i++) {
            converted.add(Numbers.toBytes(Intset.get(ints, i)), null);
        }
        table = converted;
        ints = null;
    }

    /**
     * Whether Redis would store {@code member} in an intset: a strict 64-bit decimal (string2ll: an optional '-', no
     * leading zero, nothing else). Decided without exceptions, except for 19 and 20 characters where the range
     * matters.
     */
    static boolean isInteger(byte[] member) {
        int length = member.length;
        if (length == 0 || length > 20) {
            return false;
        }
        int i = member[0] == '-' ? 1 : 0;
        if (i == length || (member[i] == '0' && length > 1)) {
            return false; // "-", a leading zero, "-0"
        }
        for (int j = i; j < length; j++) {
            if (member[j] < '0' || member[j] > '9') {
                return false;
            }
        }
        return length - i < 19 || Numbers.isLong(member);
    }
}
