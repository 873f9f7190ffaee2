package io.miniredis.command;

import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisValue;

/**
 * The one way a blocking command (BLPOP, BLMOVE, BLMPOP, BZPOPMIN, BZMPOP, and the stream reads to come) serves its
 * client or makes it wait: one function that serves from a key holding a value of the command's type, used both
 * at once, on the first of the keys that holds one, and later, on each key that becomes ready while the client
 * waits (see {@link io.miniredis.server.BlockedClients}).
 *
 * <p>The two attempts differ as in Redis: at once, a key of another type met first is a WRONGTYPE error; while
 * waiting, a key that holds another type is passed over and the client keeps waiting. Inside MULTI or a script
 * nothing waits: the command answers as its timeout would (a null array, or what the caller gives).
 */
public final class BlockingServe {

    private BlockingServe() {}

    /** Serves the client from {@code entry}, whose value is {@code value}: writes the whole reply, makes the change. */
    @FunctionalInterface
    public interface Serve<V> {
        void serve(CommandCall call, KeyEntry entry, V value);
    }

    /**
     * For commands that decide themselves, key by key, whether they can be served (the stream reads: new entries past
     * the client's ID): called with each key that may have changed, it writes the whole reply and returns true, or
     * writes nothing and returns false. {@code wantsMissingKey}: also called when the key is gone (XREADGROUP's
     * errors).
     */
    public interface KeyServe {
        boolean serve(CommandCall call, byte[] key);
    }

    /**
     * Parks {@code c} on {@code keys} until {@code serve} serves it from one of them, the timeout passes (a null
     * array) or it is unblocked. The caller has tried to serve it at once and checked that it may wait.
     */
    public static void park(CommandCall c, byte[][] keys, long timeoutMillis, boolean wantsMissingKey, KeyServe serve) {
        CommandCall call = c.detached(); // kept while the client waits
        c.server().blockedClients().block(c.client(), keys, timeoutMillis, new io.miniredis.server.BlockedCommand() {
            @Override
            public boolean tryServe(byte[] key) {
                return serve.serve(call, key);
            }

            @Override
            public boolean wantsMissingKey() {
                return wantsMissingKey;
            }
        });
    }

    /** Serves {@code c} from the first of {@code keys} holding a {@code type}, or parks it on all of them. */
    public static <V extends RedisValue> void serveOrPark(
            CommandCall c, byte[][] keys, long timeoutMillis, Class<V> type, Serve<V> serve) {
        serveOrPark(c, keys, timeoutMillis, type, serve, () -> c.reply().nullArray());
    }

    /**
     * The same, with {@code notWaiting} writing the reply when the client may not wait (MULTI, a script) and
     * nothing can serve it now.
     */
    public static <V extends RedisValue> void serveOrPark(
            CommandCall c, byte[][] keys, long timeoutMillis, Class<V> type, Serve<V> serve, Runnable notWaiting) {
        Database db = c.db();
        for (byte[] key : keys) {
            KeyEntry entry = db.lookupWrite(key);
            V value = CollectionKeys.valueOf(entry, type); // WRONGTYPE when another type comes first
            if (value != null) {
                serve.serve(c, entry, value);
                return;
            }
        }
        if (c.client().denyBlocking()) {
            notWaiting.run();
            return;
        }
        CommandCall call = c.detached(); // kept while the client waits
        c.server().blockedClients().block(c.client(), keys, timeoutMillis, key -> {
            KeyEntry entry = call.db().lookupWrite(key);
            if (entry == null || !type.isInstance(entry.value())) {
                return false; // missing, or another type: keeps waiting, in its place
            }
            serve.serve(call, entry, type.cast(entry.value()));
            return true;
        });
    }
}
