package io.miniredis.store;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A consumer of a group: its name, when it was last seen (unix ms: created, read or claimed; Redis 7.0's
 * {@code seen-time}) and the entries delivered to it and not acknowledged, by ID.
 */
public final class StreamConsumer {

    static final int SHELL = MemoryEstimates.object(2, 8) + MemoryEstimates.object(3, 8) + MemoryEstimates.object(5, 1);

    private final byte[] name;
    private long seenTime;
    final TreeMap<StreamId, StreamNack> pending = new TreeMap<>();

    StreamConsumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }

    public byte[] name() {
        return name;
    }

    public long seenTime() {
        return seenTime;
    }

    public void seenTime(long seenTime) {
        this.seenTime = seenTime;
    }

    /** Its pending entries by ID (read-only for callers: change them through the group). */
    public NavigableMap<StreamId, StreamNack> pending() {
        return java.util.Collections.unmodifiableNavigableMap(pending);
    }

    public int pendingCount() {
        return pending.size();
    }
}
