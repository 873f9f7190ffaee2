package io.miniredis.store;

/**
 * What a background save (BGSAVE without fork) hears from the keyspace: told <em>before</em> an entry that may
 * belong to the snapshot is changed or removed, so it can write the entry's snapshot-time value first, and told of
 * every entry created while it runs, which belongs to no snapshot. Both are called on the keyspace thread, from the
 * few choke points of {@link Database} that every write passes (see docs/persistence.md).
 */
public interface SnapshotHook {

    /** {@code entry}, stored in {@code table}, is about to change (value, expiry) or go. */
    void beforeChange(Dict table, KeyEntry entry);

    /** {@code entry} was just created: it is not part of the snapshot. */
    void created(KeyEntry entry);
}
