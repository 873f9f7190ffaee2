package io.miniredis.server;

/**
 * What a client blocked on keys is waiting to do: BLPOP's pop, BLMOVE's move, BZPOPMIN's pop, XREAD's read. The
 * command layer makes one (io.miniredis.command.BlockingServe) and passes it to {@link BlockedClients#block}; it is
 * tried each time one of the keys may have become servable.
 *
 * <p>It runs on the keyspace thread, after the command that changed the key has finished, with the blocked client's
 * reply going to a fresh buffer that is flushed to the client if the attempt succeeds, and {@code key} the key that
 * became ready (one of those it blocked on, in its database).
 *
 * <p>It returns true when it served the client: it wrote the whole reply and made its changes through the normal
 * {@code Database} methods (so a push it makes, BLMOVE's, wakes the clients waiting on the destination in turn).
 * It returns false, writing nothing and changing nothing, when the key cannot serve it (missing, empty, of another
 * type): the client keeps waiting, in its place in the queue. A {@link io.miniredis.protocol.RedisError} thrown
 * (BLMOVE to a destination of the wrong type) becomes the client's reply and ends its wait.
 */
@FunctionalInterface
public interface BlockedCommand {

    boolean tryServe(byte[] key);

    /**
     * True when the command must also be offered the key once it is gone (deleted, or replaced by another type):
     * XREADGROUP then answers with Redis's error. Others are passed over while the key is missing.
     */
    default boolean wantsMissingKey() {
        return false;
    }
}
