package io.miniredis.server;

import io.miniredis.command.CommandCall;

/**
 * What a client blocked on keys is waiting to do: BLPOP's pop, BLMOVE's move, BZPOPMIN's pop, XREAD's read. The
 * blocking command's handler passes one to {@link BlockedClients#block}; it is tried each time one of the keys may
 * have become servable.
 *
 * <p>It runs on the keyspace thread, after the command that changed the key has finished, with:
 * <ul>
 *   <li>{@code call} bound to the blocked command: its arguments, its client, its database (a blocked client cannot
 *       SELECT another), and its reply going to a fresh buffer that is flushed to the client if the attempt
 *       succeeds;</li>
 *   <li>{@code key} the key that became ready (one of those it blocked on; the database is {@code call.db()}).</li>
 * </ul>
 *
 * <p>It returns true when it served the client: it wrote the whole reply and made its changes through the normal
 * {@code Database} methods (so a push it makes, BLMOVE's, wakes the clients waiting on the destination in turn).
 * It returns false, writing nothing and changing nothing, when the key cannot serve it (missing, empty, of another
 * type): the client keeps waiting, in its place in the queue. A {@link io.miniredis.protocol.RedisError} thrown
 * (BLMOVE to a destination of the wrong type) becomes the client's reply and ends its wait.
 */
@FunctionalInterface
public interface BlockedCommand {

    boolean tryServe(CommandCall call, byte[] key);
}
