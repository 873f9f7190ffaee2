package io.miniredis.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A consumer group: the last ID delivered to it, its logical read counter ({@code entries-read}, -1 when unknown),
 * its pending entries list (PEL) by ID, and its consumers by name in byte order (Redis keeps both in radix trees,
 * and XINFO lists them in that order). Changes go through these methods, which keep the stream's memory total.
 */
public final class StreamGroup {

    /** The entries-read value Redis stores when the counter is not known. */
    public static final long ENTRIES_READ_UNKNOWN = -1;

    static final int SHELL =
            MemoryEstimates.object(5, 8) + 2 * MemoryEstimates.object(3, 8) + MemoryEstimates.object(5, 1);
    /** A pending entry in the group's map and a consumer's: two tree entries, one key, the NACK. */
    static final int PENDING_BYTES =
            2 * MemoryEstimates.object(5, 1) + MemoryEstimates.object(0, 16) + StreamNack.BYTES;

    private final RedisStream stream;
    private final byte[] name;
    private StreamId lastId;
    private long entriesRead;
    private final TreeMap<StreamId, StreamNack> pending = new TreeMap<>();
    private final TreeMap<byte[], StreamConsumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    StreamGroup(RedisStream stream, byte[] name, StreamId lastId, long entriesRead) {
        this.stream = stream;
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    public byte[] name() {
        return name;
    }

    public StreamId lastId() {
        return lastId;
    }

    public void lastId(StreamId lastId) {
        this.lastId = lastId;
    }

    public long entriesRead() {
        return entriesRead;
    }

    public void entriesRead(long entriesRead) {
        this.entriesRead = entriesRead;
    }

    /** The pending entries list by ID (read-only: change it with {@link #addPending} and {@link #ack}). */
    public NavigableMap<StreamId, StreamNack> pending() {
        return Collections.unmodifiableNavigableMap(pending);
    }

    public StreamNack pending(StreamId id) {
        return pending.get(id);
    }

    /** Consumers in name order (read-only). */
    public Collection<StreamConsumer> consumers() {
        return Collections.unmodifiableCollection(consumers.values());
    }

    public int consumerCount() {
        return consumers.size();
    }

    public StreamConsumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** Creates consumer {@code name} seen at {@code seenTime}; null when it exists already. */
    public StreamConsumer createConsumer(byte[] name, long seenTime) {
        if (consumers.containsKey(name)) {
            return null;
        }
        StreamConsumer consumer = new StreamConsumer(name, seenTime);
        consumers.put(name, consumer);
        stream.adjustGroupBytes(StreamConsumer.SHELL + MemoryEstimates.bytes(name));
        return consumer;
    }

    /** Deletes consumer {@code name} with its pending entries; how many it had, or -1 when there is none. */
    public long deleteConsumer(byte[] name) {
        StreamConsumer consumer = consumers.remove(name);
        if (consumer == null) {
            return -1;
        }
        long count = consumer.pending.size();
        for (StreamId id : consumer.pending.keySet()) {
            pending.remove(id);
        }
        stream.adjustGroupBytes(-(StreamConsumer.SHELL + MemoryEstimates.bytes(name) + count * PENDING_BYTES));
        return count;
    }

    /**
     * Adds {@code id} to the PEL, owned by {@code consumer}, or gives the existing pending entry to it: either way
     * with the delivery time and count given. Returns the NACK.
     */
    public StreamNack addPending(StreamId id, StreamConsumer consumer, long deliveryTime, long deliveryCount) {
        StreamNack fresh = new StreamNack(consumer, deliveryTime, deliveryCount);
        StreamNack nack = pending.putIfAbsent(id, fresh); // one walk of the PEL, not a get and a put
        if (nack == null) {
            nack = fresh;
            consumer.pending.put(id, nack);
            stream.adjustGroupBytes(PENDING_BYTES);
            return nack;
        }
        if (nack.consumer() != consumer) {
            nack.consumer().pending.remove(id);
            consumer.pending.put(id, nack);
            nack.consumer(consumer);
        }
        nack.deliveryTime(deliveryTime);
        nack.deliveryCount(deliveryCount);
        return nack;
    }

    /** Acknowledges {@code id}: removes it from the PEL and its consumer's; false when it was not pending. */
    public boolean ack(StreamId id) {
        StreamNack nack = pending.remove(id);
        if (nack == null) {
            return false;
        }
        nack.consumer().pending.remove(id);
        stream.adjustGroupBytes(-PENDING_BYTES);
        return true;
    }

    /** What the group takes with its consumers and pending entries, for the stream's total. */
    long estimatedBytes() {
        long bytes = SHELL + MemoryEstimates.bytes(name) + (long) pending.size() * PENDING_BYTES;
        for (StreamConsumer consumer : consumers.values()) {
            bytes += StreamConsumer.SHELL + MemoryEstimates.bytes(consumer.name());
        }
        return bytes;
    }

    StreamGroup copy(RedisStream into) {
        StreamGroup copy = new StreamGroup(into, name, lastId, entriesRead);
        for (StreamConsumer consumer : consumers.values()) {
            copy.consumers.put(consumer.name(), new StreamConsumer(consumer.name(), consumer.seenTime()));
        }
        for (var e : pending.entrySet()) {
            StreamNack nack = e.getValue();
            StreamConsumer owner = copy.consumers.get(nack.consumer().name());
            StreamNack nackCopy = new StreamNack(owner, nack.deliveryTime(), nack.deliveryCount());
            copy.pending.put(e.getKey(), nackCopy);
            owner.pending.put(e.getKey(), nackCopy);
        }
        return copy;
    }
}
