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
}
