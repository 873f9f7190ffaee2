package io.miniredis.store;

/**
 * A value of a collection type (lists, hashes, sets, ...). Strings are not wrapped: a plain {@code byte[]} or an
 * {@link AppendableString} is a string value, which keeps the commonest key as small as it can be.
 */
public interface RedisValue {

    ValueType type();

    /** The name OBJECT ENCODING reports: the encoding Redis would use for this value as it is now. */
    String encoding();

    /** A deep copy, for COPY. */
    RedisValue copy();

    /**
     * What this value takes on the heap, in bytes ({@link MemoryEstimates}): in O(1), from a running total the value
     * keeps as it changes, since memory accounting asks after every write.
     */
    long estimatedBytes();
}
