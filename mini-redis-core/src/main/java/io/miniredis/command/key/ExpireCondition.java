package io.miniredis.command.key;

import io.miniredis.command.Args;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.protocol.RedisError;
import io.miniredis.store.KeyEntry;

/**
 * The NX / XX / GT / LT options of EXPIRE and its siblings (Redis 7.0). They are read before the time argument, so
 * an unknown option or an incompatible pair is reported even when the time is not a number.
 */
final class ExpireCondition {

    private boolean nx;
    private boolean xx;
    private boolean gt;
    private boolean lt;

    /** The options from the cursor to the end (after the key and the time). */
    static ExpireCondition parse(Args args) {
        ExpireCondition condition = new ExpireCondition();
        while (args.hasNext()) {
            if (args.option("NX")) {
                condition.nx = true;
            } else if (args.option("XX")) {
                condition.xx = true;
            } else if (args.option("GT")) {
                condition.gt = true;
            } else if (args.option("LT")) {
                condition.lt = true;
            } else {
                throw new RedisError("ERR Unsupported option " + CommandDispatcher.latin1(args.next()));
            }
        }
        if (condition.nx && (condition.xx || condition.gt || condition.lt)) {
            throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (condition.gt && condition.lt) {
            throw new RedisError("ERR GT and LT options at the same time are not compatible");
        }
        return condition;
    }

    /**
     * Whether the new expiry {@code when} may replace the key's current one. A key without a TTL counts as expiring
     * at infinity: GT never beats it, LT always does.
     */
    boolean allows(long current, long when) {
        boolean hasTtl = current != KeyEntry.NO_EXPIRY;
        if (nx && hasTtl) {
            return false;
        }
        if (xx && !hasTtl) {
            return false;
        }
        if (gt && (!hasTtl || when <= current)) {
            return false;
        }
        return !(lt && hasTtl && when >= current);
    }
}
