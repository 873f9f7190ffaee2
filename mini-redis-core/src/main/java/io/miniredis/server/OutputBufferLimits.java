package io.miniredis.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.List;

/**
 * {@code client-output-buffer-limit} for the client classes this server has, {@code normal} and {@code pubsub}
 * (a subscribed client, in either protocol): a client whose unsent output reaches the hard limit, or stays at or
 * over the soft limit for more than the soft seconds, is disconnected rather than left to grow the heap, as Redis
 * does. A limit of 0 is no limit; the default for normal clients is none, so for them the check costs one boolean.
 *
 * <p>The output counted is what is queued for the client and not yet taken by the socket: Netty's outbound buffer
 * plus whatever the caller is about to add. Live: CONFIG SET applies to the next check.
 */
public final class OutputBufferLimits {

    private static final System.Logger LOG = System.getLogger(OutputBufferLimits.class.getName());

    /** One class's limits; bytes and seconds, 0 meaning none. */
    record Limit(long hard, long soft, long softSeconds) {

        static final Limit NONE = new Limit(0, 0, 0);

        boolean enabled() {
            return hard > 0 || soft > 0;
        }
    }

    // keyspace thread only: CONFIG SET and every check run there
    private Limit normal = Limit.NONE;
    private Limit pubsub = Limit.NONE;
    private boolean normalEnabled;

    /** Reads the canonical value of {@code client-output-buffer-limit} ({@code normal h s t slave h s t pubsub ...}). */
    void update(String value) {
        List<String> words = List.of(value.trim().split("\\s+"));
        for (int i = 0; i + 3 < words.size(); i += 4) {
            Limit limit = new Limit(
                    Long.parseUnsignedLong(words.get(i + 1)),
                    Long.parseUnsignedLong(words.get(i + 2)),
                    Long.parseLong(words.get(i + 3)));
            switch (words.get(i)) {
                case "normal" -> normal = limit;
                case "pubsub" -> pubsub = limit;
                default -> {
                    // replicas: this server has none
                }
            }
        }
        normalEnabled = normal.enabled();
    }

    /** Whether {@code client}'s class has a limit at all: the cheap test before measuring anything. */
    public boolean applies(ClientSession client) {
        return client.subscribed() ? pubsub.enabled() : normalEnabled;
    }

    /**
     * Whether {@code client} must be disconnected now that {@code adding} more bytes are queued for it; keeps the
     * time the soft limit was first reached on the session, as Redis keeps it on the client.
     */
    public boolean exceeded(ClientSession client, long adding, long nowMillis) {
        Limit limit = client.subscribed() ? pubsub : normal;
        if (!limit.enabled()) {
            return false;
        }
        long used = adding + pendingOutbound(client.channel());
        boolean hard = limit.hard() > 0 && used >= limit.hard();
        boolean soft = false;
        if (limit.soft() > 0 && used >= limit.soft()) {
            long since = client.outputSoftLimitSince();
            if (since == 0) {
                client.outputSoftLimitSince(nowMillis);
            } else {
                soft = nowMillis - since > limit.softSeconds() * 1000;
            }
        } else {
            client.outputSoftLimitSince(0);
        }
        if (hard || soft) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Client id=" + client.id() + " addr=" + client.address()
                            + " closed for overcoming of output buffer limits (" + used + " bytes pending).");
        }
        return hard || soft;
    }

    /** Bytes written to the channel and not yet sent to the socket. */
    static long pendingOutbound(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
