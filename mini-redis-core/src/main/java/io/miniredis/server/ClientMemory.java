package io.miniredis.server;

import io.miniredis.protocol.RespRequestDecoder;
import io.miniredis.pubsub.ClientSubscriptions;
import io.miniredis.store.MemoryAccounting;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * What one client holds, measured as CLIENT LIST reports it ({@code qbuf}, {@code argv-mem}, {@code multi-mem},
 * {@code omem}, {@code tot-mem}) and as {@code maxmemory-clients} counts it. Every part is read from a field that is
 * already maintained (the decoder's buffer, Netty's outbound byte count, the MULTI queue's size, the pending pushes),
 * so a measurement is a handful of reads, never a walk over the client's data.
 *
 * <p>The parts: {@link MemoryAccounting#CLIENT_BYTES} (the session's own objects); the query buffer (unparsed
 * bytes, counted at the buffer's capacity) and the arguments of a request decoded so far; the MULTI queue; the
 * output not yet taken by the socket (Netty's outbound buffer, writes still on their way to the I/O thread
 * included) plus queued pub/sub pushes; an estimate per subscription and per watched key.
 */
final class ClientMemory {

    /** A channel or pattern in the client's set: a hash-set node and its table slot (the name is shared). */
    static final long SUBSCRIPTION_BYTES = 48;
    /** A WATCH entry in the client's list (the key is shared with the server-wide registry). */
    static final long WATCH_BYTES = 32;

    private ClientMemory() {}

    /** CLIENT LIST {@code tot-mem}: everything below, plus the fixed per-client part. */
    static long total(ClientSession client) {
        long bytes = MemoryAccounting.CLIENT_BYTES + queryBufferCapacity(client) + partialArgv(client) + output(client);
        MultiState transaction = client.transaction();
        if (transaction != null) {
            bytes += transaction.memory();
        }
        ClientSubscriptions subscriptions = client.subscriptions();
        if (subscriptions != null) {
            bytes += SUBSCRIPTION_BYTES
                    * ((long) subscriptions.channelCount()
                            + subscriptions.patternCount()
                            + subscriptions.shardChannelCount());
        }
        java.util.List<WatchedKeys.Watch> watches = client.watchesOrNull();
        if (watches != null) {
            bytes += WATCH_BYTES * watches.size();
        }
        return bytes;
    }

    /** CLIENT LIST {@code qbuf}: bytes received and not parsed yet. */
    static long queryBuffer(ClientSession client) {
        RespRequestDecoder decoder = client.decoder();
        return decoder == null ? 0 : decoder.unparsedBytes();
    }

    /** CLIENT LIST {@code qbuf-free}: room left in the query buffer. */
    static long queryBufferFree(ClientSession client) {
        RespRequestDecoder decoder = client.decoder();
        return decoder == null ? 0 : decoder.bufferCapacity() - decoder.unparsedBytes();
    }

    private static long queryBufferCapacity(ClientSession client) {
        RespRequestDecoder decoder = client.decoder();
        return decoder == null ? 0 : decoder.bufferCapacity();
    }

    /** CLIENT LIST {@code argv-mem}: the arguments of a request still arriving, already copied out of the buffer. */
    static long partialArgv(ClientSession client) {
        RespRequestDecoder decoder = client.decoder();
        return decoder == null ? 0 : decoder.partialRequestBytes();
    }

    /** CLIENT LIST {@code omem}: output queued and not yet sent, pub/sub pushes waiting for their turn included. */
    static long output(ClientSession client) {
        long bytes = OutputBufferLimits.pendingOutbound(client.channel());
        ClientSubscriptions subscriptions = client.subscriptions();
        if (subscriptions != null) {
            bytes += subscriptions.pendingPushBytes();
        }
        return bytes;
    }

    /** CLIENT LIST {@code oll}: replies queued in the outbound buffer (an estimate read off the I/O thread). */
    static long outputEntries(ClientSession client) {
        ChannelOutboundBuffer buffer = client.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.size();
    }
}
