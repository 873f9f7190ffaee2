package io.miniredis.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The push messages (pub/sub messages, keyspace notifications) on their way to one client, kept in the order Redis
 * sends them relative to the client's own replies. Keyspace thread only.
 *
 * <ul>
 *   <li>While the client's own command runs (its reply target is set: a read batch, or a blocked command being
 *       served) a push is written straight into that reply, where Redis's reply buffer would have it: a PUBLISH to
 *       oneself answers with the message first, then the count. The push's byte range is remembered, because
 *       CLIENT REPLY OFF/SKIP drop a command's reply but, in Redis 7.0, not its pushes.</li>
 *   <li>Otherwise it is appended to the {@linkplain #pending pending buffer}, which goes out at the end of the
 *       current keyspace task (the registry's flush), or just before the client's next reply batch if that comes
 *       first, so a message published before a command always arrives before its reply.</li>
 * </ul>
 */
final class ClientPushes {

    /** Pushes not yet handed to the channel; null when there are none. */
    private ByteBuf pending;
    /** The reply buffer the recorded ranges are in, and the ranges themselves: start, end, start, end... */
    private ByteBuf rangesIn;

    private int[] ranges = new int[8];
    private int rangeCount;
    /** Set once the client is being disconnected (output buffer limit): nothing more is queued for it. */
    private boolean closing;
    /** Whether the registry's flush already has this client on its list. */
    boolean flushQueued;

    /** The buffer to append an out-of-band push to. */
    ByteBuf pending(ByteBufAllocator alloc) {
        if (pending == null) {
            pending = alloc.ioBuffer(256);
        }
        return pending;
    }

    int pendingBytes() {
        return pending == null ? 0 : pending.readableBytes();
    }

    /** Hands the pending pushes over (ownership included); null when there are none. */
    ByteBuf takePending() {
        ByteBuf taken = pending;
        pending = null;
        if (taken != null && !taken.isReadable()) {
            taken.release();
            return null;
        }
        return taken;
    }

    boolean closing() {
        return closing;
    }

    /** The client is going away: frees what was queued and queues nothing more. */
    void close() {
        closing = true;
        release();
    }

    void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        rangesIn = null;
        rangeCount = 0;
    }

    /** A push was written at {@code [start, end)} of the running reply {@code reply}. */
    void recordInReply(ByteBuf reply, int start, int end) {
        if (reply != rangesIn || (rangeCount > 0 && start < ranges[rangeCount - 1])) {
            // another batch, or the reply was cut back since: the old ranges are gone
            rangesIn = reply;
            rangeCount = 0;
        }
        if (rangeCount > 0 && ranges[rangeCount - 1] == start) {
            ranges[rangeCount - 1] = end; // adjacent pushes: one range
            return;
        }
        if (rangeCount == ranges.length) {
            ranges = java.util.Arrays.copyOf(ranges, rangeCount * 2);
        }
        ranges[rangeCount++] = start;
        ranges[rangeCount++] = end;
    }

    /**
     * Cuts {@code out} back to {@code mark}, dropping the command's replies but keeping the pushes written since
     * (CLIENT REPLY OFF/SKIP): they move down to {@code mark}, in their order.
     */
    void dropRepliesSince(ByteBuf out, int mark) {
        int end = out.writerIndex();
        int write = mark;
        if (out == rangesIn) {
            for (int i = 0; i < rangeCount; i += 2) {
                int start = Math.max(ranges[i], mark);
                int stop = Math.min(ranges[i + 1], end);
                if (start >= stop) {
                    continue;
                }
                if (start != write) {
                    byte[] bytes = new byte[stop - start];
                    out.getBytes(start, bytes);
                    out.setBytes(write, bytes);
                }
                write += stop - start;
            }
            rangeCount = 0;
            rangesIn = null;
        }
        out.writerIndex(write);
    }
}
