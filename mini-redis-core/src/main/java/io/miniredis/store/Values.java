package io.miniredis.store;

import io.miniredis.protocol.Numbers;

/** What any value is: its type, its encoding name, a copy of it. Strings are {@code byte[]} or {@link AppendableString}. */
public final class Values {

    /** Redis keeps strings up to this length in one allocation with the object ("embstr"). */
    private static final int EMBSTR_MAX = 44;

    private Values() {}

    public static boolean isString(Object value) {
        return value instanceof byte[] || value instanceof AppendableString;
    }

    public static ValueType type(Object value) {
        if (isString(value)) {
            return ValueType.STRING;
        }
        return ((RedisValue) value).type();
    }

    public static String encoding(Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && Numbers.isLong(bytes)) {
                return "int";
            }
            return bytes.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        if (value instanceof AppendableString) {
            return "raw";
        }
        return ((RedisValue) value).encoding();
    }

    public static Object copy(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes; // never mutated in place
        }
        if (value instanceof AppendableString s) {
            return new AppendableString(s.toBytes(), 0);
        }
        return ((RedisValue) value).copy();
    }

    /** The bytes of a string value (a copy only for an appendable string). */
    public static byte[] stringBytes(Object value) {
        return value instanceof byte[] bytes ? bytes : ((AppendableString) value).toBytes();
    }

    public static int stringLength(Object value) {
        return value instanceof byte[] bytes ? bytes.length : ((AppendableString) value).length();
    }
}
