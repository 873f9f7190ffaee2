package io.miniredis.store;

/**
 * A pending entry of a consumer group (Redis's NACK): delivered to {@link #consumer()} at {@link #deliveryTime()}
 * (unix ms) and not yet acknowledged, {@link #deliveryCount()} deliveries so far. One object, in both the group's
 * and the consumer's pending lists.
 */
public final class StreamNack {

    static final int BYTES = MemoryEstimates.object(1, 16);

    private StreamConsumer consumer;
    private long deliveryTime;
    private long deliveryCount;

    StreamNack(StreamConsumer consumer, long deliveryTime, long deliveryCount) {
        this.consumer = consumer;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }

    public StreamConsumer consumer() {
        return consumer;
    }

    void consumer(StreamConsumer consumer) {
        this.consumer = consumer;
    }

    public long deliveryTime() {
        return deliveryTime;
    }

    public void deliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    public long deliveryCount() {
        return deliveryCount;
    }

    public void deliveryCount(long deliveryCount) {
        this.deliveryCount = deliveryCount;
    }
}
