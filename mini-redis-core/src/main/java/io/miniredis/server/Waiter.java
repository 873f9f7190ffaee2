package io.miniredis.server;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;

/** One blocked client (see {@link BlockedClients}): where it waits, what it will do, its deadline. */
final class Waiter {

    final ClientSession client;
    final Key[] keys;
    final BlockedCommand command;
    /** When its timeout passes, in the server clock's epoch milliseconds; 0 for none. */
    long deadline;
    /** The task that times it out on a system clock; null on a manual clock, which times it out as it moves. */
    ScheduledFuture<?> timer;

    Waiter(ClientSession client, Key[] keys, BlockedCommand command) {
        this.client = client;
        this.keys = keys;
        this.command = command;
    }

    /** A key in one database; keys are byte arrays, compared by content. */
    record Key(int db, byte[] key) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && db == that.db && Arrays.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }
}
