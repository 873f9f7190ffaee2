package io.miniredis.store;

import io.miniredis.protocol.Numbers;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A set value, in one of Redis 7.0's two encodings, because here the encoding shows beyond OBJECT ENCODING:
 * <ul>
 *   <li><b>intset</b> while every member is an integer (as Redis's strict string2ll reads it: no sign but '-', no
 *       leading zero, no space) and there are at most {@code set-max-intset-entries} members: a sorted
 *       {@code long[]}, so members come out in ascending numeric order, as clients of Redis see them;</li>
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

    /** Intset encoding: members sorted ascending in {@code [0, count)}; null once a hashtable. */
    private long[] ints;

    private int count;
    private FieldTable table;

    /** An empty set in the intset encoding, as Redis creates the result of SINTERSTORE and friends. */
    public RedisSet() {
        this.ints = new long[4];
    }

    private RedisSet(RedisSet other) {
        this.ints = other.ints == null ? null : Arrays.copyOf(other.ints, Math.max(other.count, 1));
        this.count = other.count;
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

    private static final int SHELL = MemoryEstimates.object(2, 4);

    @Override
    public long estimatedBytes() {
        return SHELL + (table == null ? MemoryEstimates.longArray(ints.length) : table.estimatedBytes());
    }

    public boolean isIntset() {
        return table == null;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    /**
     * Adds {@code member}; true when it was not there. A non-integer member, or one integer too many for
     * {@code maxIntsetEntries}, converts an intset to a hashtable.
     */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (table == null) {
            if (isInteger(member)) {
                long value = Numbers.parseLong(member);
                int at = Arrays.binarySearch(ints, 0, count, value);
                if (at >= 0) {
                    return false;
                }
                if (count + 1 <= Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
                    insertInt(-at - 1, value);
                    return true;
                }
            }
            convertToTable();
        }
        return table.putIfAbsent(member, null) < 0;
    }

    private void insertInt(int at, long value) {
        if (count == ints.length) {
            ints = Arrays.copyOf(ints, Math.max(4, count + (count >> 1)));
        }
        System.arraycopy(ints, at, ints, at + 1, count - at);
        ints[at] = value;
        count++;
    }

    public boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member);
        }
        if (!isInteger(member)) {
            return false;
        }
        int at = Arrays.binarySearch(ints, 0, count, Numbers.parseLong(member));
        if (at < 0) {
            return false;
        }
        System.arraycopy(ints, at + 1, ints, at, count - at - 1);
        count--;
        return true;
    }

    public boolean contains(byte[] member) {
        if (table != null) {
            return table.contains(member);
        }
        return isInteger(member) && Arrays.binarySearch(ints, 0, count, Numbers.parseLong(member)) >= 0;
    }

    /** True when {@code other}'s member at {@code position} is in this set (without bytes between two intsets). */
    public boolean containsMemberOf(RedisSet other, int position) {
        if (table == null && other.table == null) {
            return Arrays.binarySearch(ints, 0, count, other.ints[position]) >= 0;
        }
        return contains(other.member(position));
    }

    // ---- positions ----

    /** One past the last position; iterate {@code [0, limit())} and skip positions that are not members. */
    public int limit() {
        return table == null ? count : table.limit();
    }

    public boolean isMember(int position) {
        return table == null || table.key(position) != null;
    }

    /** The member at {@code position} (a new array for an intset member). */
    public byte[] member(int position) {
        return table == null ? Numbers.toBytes(ints[position]) : table.key(position);
    }

    /** A uniformly chosen member's position; the set must not be empty. */
    public int randomPosition(RandomGenerator random) {
        return table == null ? random.nextInt(count) : table.randomSlot(random);
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
        ints = values;
        count = n;
        table = null;
    }

    private void convertToTable() {
        FieldTable converted = new FieldTable(false);
        for (int i = 0; i < count; i++) {
            converted.add(Numbers.toBytes(ints[i]), null);
        }
        table = converted;
        ints = null;
        count = 0;
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
