package io.miniredis.store;

/** The Redis data types, with the names TYPE and SCAN ... TYPE use. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash"),
    STREAM("stream");

    private final String wireName;

    ValueType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type called {@code name} (lower case), or null. */
    public static ValueType byName(String name) {
        for (ValueType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
