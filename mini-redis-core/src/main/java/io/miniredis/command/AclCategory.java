package io.miniredis.command;

import java.util.Locale;

/**
 * Redis's ACL command categories, declared in the order Redis lists them (ACL CAT, COMMAND INFO): COMMAND INFO
 * reports a command's categories in this order, whatever order they were derived in.
 */
public enum AclCategory {
    KEYSPACE,
    READ,
    WRITE,
    SET,
    SORTEDSET,
    LIST,
    HASH,
    STRING,
    BITMAP,
    HYPERLOGLOG,
    GEO,
    STREAM,
    PUBSUB,
    ADMIN,
    FAST,
    SLOW,
    BLOCKING,
    DANGEROUS,
    CONNECTION,
    TRANSACTION,
    SCRIPTING;

    /** The category as COMMAND INFO shows it: {@code @read}. */
    public String wireName() {
        return "@" + name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code name} (any case, without the {@code @}), or null. */
    public static AclCategory named(String name) {
        for (AclCategory category : values()) {
            if (category.name().equalsIgnoreCase(name)) {
                return category;
            }
        }
        return null;
    }
}
