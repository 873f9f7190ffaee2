package io.miniredis.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters read by INFO and by the starter's metrics. Counters written only by the keyspace thread
 * are plain fields (another thread may read a slightly old value, which is fine for monitoring); the ones the
 * I/O threads write are {@link LongAdder}s.
 */
public final class ServerStats {

    private long keyspaceHits;
    private long keyspaceMisses;
    private long expiredKeys;
    private long evictedKeys;
    private long commandsProcessed;
    private long errorReplies;
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final LongAdder readsProcessed = new LongAdder();
    private final LongAdder writesProcessed = new LongAdder();
    /** Error replies by their first word (ERR, WRONGTYPE...): INFO errorstats. Keyspace thread only. */
    private final Map<String, long[]> errorsByCode = new TreeMap<>();

    private final OpsMeter opsMeter = new OpsMeter();

    public void keyspaceHit() {
        keyspaceHits++;
    }

    public void keyspaceMiss() {
        keyspaceMisses++;
    }

    public void keyExpired() {
        expiredKeys++;
    }

    public void keyEvicted() {
        evictedKeys++;
    }

    public void commandProcessed() {
        commandsProcessed++;
    }

    public void connectionReceived() {
        connectionsReceived.increment();
    }

    public void connectionRejected() {
        rejectedConnections.increment();
    }

    /** One socket read of {@code bytes} (also INFO total_reads_processed). */
    public void bytesIn(long bytes) {
        netInputBytes.add(bytes);
        readsProcessed.increment();
    }

    /** One reply write of {@code bytes} (also INFO total_writes_processed). */
    public void bytesOut(long bytes) {
        netOutputBytes.add(bytes);
        writesProcessed.increment();
    }

    /** Counts an error reply by its code, the text up to the first space (Redis caps the number of codes at 128). */
    public void errorReplied(String text) {
        errorReplies++;
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        long[] count = errorsByCode.get(code);
        if (count == null) {
            if (errorsByCode.size() >= 128) {
                return;
            }
            count = new long[1];
            errorsByCode.put(code, count);
        }
        count[0]++;
    }

    public long keyspaceHits() {
        return keyspaceHits;
    }

    public long keyspaceMisses() {
        return keyspaceMisses;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    public long errorReplies() {
        return errorReplies;
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    public long readsProcessed() {
        return readsProcessed.sum();
    }

    public long writesProcessed() {
        return writesProcessed.sum();
    }

    public Map<String, long[]> errorsByCode() {
        return errorsByCode;
    }

    public OpsMeter opsMeter() {
        return opsMeter;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        keyspaceHits = 0;
        keyspaceMisses = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        commandsProcessed = 0;
        errorReplies = 0;
        connectionsReceived.reset();
        rejectedConnections.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        readsProcessed.reset();
        writesProcessed.reset();
        errorsByCode.clear();
    }
}
