package io.miniredis.store;

/**
 * A hash value: fields and values in a {@link FieldTable}, in insertion order.
 *
 * <p>Redis 7.0 keeps a small hash as a listpack and converts it to a hash table, for good, once it holds more than
 * {@code hash-max-listpack-entries} fields or a field or value longer than {@code hash-max-listpack-value} bytes
 * has been set. Here the table is packed the same way while Redis would keep a listpack (every pair in one array),
 * and unpacked into arrays with an index at Redis's conversion. What a client sees is the same either way: the
 * encoding's name (OBJECT ENCODING) and insertion order, which is a listpack's order and the table's.
 */
public final class RedisHash implements RedisValue {

    private final FieldTable table;
    private boolean listpack = true;

    public RedisHash() {
        this.table = FieldTable.packed();
    }

    private RedisHash(RedisHash other) {
        this.table = other.table.copy();
        this.listpack = other.listpack;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "hashtable";
    }

    @Override
    public RedisValue copy() {
        return new RedisHash(this);
    }

    private static final int SHELL = MemoryEstimates.object(1, 1);

    @Override
    public long estimatedBytes() {
        return SHELL + table.estimatedBytes();
    }

    /** True while Redis would still keep this hash as a listpack. */
    public boolean isListpack() {
        return listpack;
    }

    public int size() {
        return table.size();
    }

    /** The fields and values, for iteration in order and for scans. */
    public FieldTable table() {
        return table;
    }

    public byte[] get(byte[] field) {
        return table.get(field);
    }

    public boolean contains(byte[] field) {
        return table.contains(field);
    }

    /**
     * Sets {@code field} to {@code value}; true when the field is new. Converts the encoding as Redis does on every
     * set: a field or value longer than {@code maxListpackValue}, or more than {@code maxListpackEntries} fields
     * afterwards (checked after an update too, so a hash left large by a lowered limit converts on its next write).
     */
    public boolean set(byte[] field, byte[] value, long maxListpackEntries, long maxListpackValue) {
        int slot = table.putIfAbsent(field, value);
        if (slot >= 0) {
            table.setValue(slot, value);
        }
        if (listpack
                && (field.length > maxListpackValue
                        || value.length > maxListpackValue
                        || table.size() > maxListpackEntries)) {
            listpack = false;
            table.unpack();
        }
        return slot < 0;
    }

    /** Removes {@code field}; false when absent. Never converts back: Redis's conversion is one-way. */
    public boolean delete(byte[] field) {
        return table.remove(field);
    }
}
