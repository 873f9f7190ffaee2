package io.miniredis.propagation;

import io.miniredis.store.Database;
import io.miniredis.store.KeyspaceListener;
import java.util.function.BooleanSupplier;

/**
 * Keys removed by the server rather than by a command (lazy or active expiry, eviction) reach the AOF and replicas
 * as a deletion, emitted at once as Redis 7.0 does: {@code DEL}, or {@code UNLINK} when {@code lazyfree-lazy-expire}
 * (expiry) or {@code lazyfree-lazy-eviction} (eviction) is on.
 */
public final class DeletionPropagation implements KeyspaceListener {

    private static final byte[] DEL = Propagator.bytes("DEL");
    private static final byte[] UNLINK = Propagator.bytes("UNLINK");

    private final Propagator propagator;
    private final BooleanSupplier lazyExpire;
    private final BooleanSupplier lazyEviction;

    public DeletionPropagation(Propagator propagator, BooleanSupplier lazyExpire, BooleanSupplier lazyEviction) {
        this.propagator = propagator;
        this.lazyExpire = lazyExpire;
        this.lazyEviction = lazyEviction;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        if (propagator.active()) {
            propagator.emitNow(db.index(), lazyExpire.getAsBoolean() ? UNLINK : DEL, key);
        }
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        if (propagator.active()) {
            propagator.emitNow(db.index(), lazyEviction.getAsBoolean() ? UNLINK : DEL, key);
        }
    }
}
