package io.miniredis.pubsub;

import io.miniredis.config.NotifyKeyspaceEvents;

/**
 * The class of a keyspace event, as the command families pass it to {@code CommandCall.notify}: one bit each, the
 * same bits {@code notify-keyspace-events} enables (see {@link NotifyKeyspaceEvents} for the letters).
 */
public final class NotifyType {

    /** {@code g}: DEL, EXPIRE, RENAME... events that apply to any type. */
    public static final int GENERIC = NotifyKeyspaceEvents.GENERIC;
    /** {@code $}. */
    public static final int STRING = NotifyKeyspaceEvents.STRING;
    /** {@code l}. */
    public static final int LIST = NotifyKeyspaceEvents.LIST;
    /** {@code s}. */
    public static final int SET = NotifyKeyspaceEvents.SET;
    /** {@code h}. */
    public static final int HASH = NotifyKeyspaceEvents.HASH;
    /** {@code z}. */
    public static final int ZSET = NotifyKeyspaceEvents.ZSET;
    /** {@code x}: a key removed because its TTL ran out. */
    public static final int EXPIRED = NotifyKeyspaceEvents.EXPIRED;
    /** {@code e}: a key removed to stay under maxmemory. */
    public static final int EVICTED = NotifyKeyspaceEvents.EVICTED;
    /** {@code t}. */
    public static final int STREAM = NotifyKeyspaceEvents.STREAM;
    /** {@code m}: a read of a missing key. */
    public static final int KEY_MISS = NotifyKeyspaceEvents.KEY_MISS;
    /** {@code n}: a key created. */
    public static final int NEW = NotifyKeyspaceEvents.NEW;

    private NotifyType() {}
}
