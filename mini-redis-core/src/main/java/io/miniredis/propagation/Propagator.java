package io.miniredis.propagation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one top-level execution unit (a command, an EXEC, a script or function call) changed, and hands it
 * to the listeners when the unit ends, as Redis 7.0's {@code also_propagate}: one command as it is; several wrapped
 * in {@code MULTI} ... {@code EXEC}, so that a transaction or a script is replayed as one unit.
 *
 * <p>What a command propagates is decided by the dispatcher ({@link #command}) after it ran: its argv when it changed
 * something (the dirty counter moved), or what the handler asked for instead ({@link #rewrite}: EXPIRE as PEXPIREAT,
 * SPOP as SREM, a blocking pop as its non-blocking form...). EXEC and scripts propagate nothing of their own: the
 * commands they ran did. Deletions by expiry and eviction are emitted at once ({@link #emitNow}), outside any unit,
 * as Redis 7.0 does.
 *
 * <p>Keyspace thread only.
 */
public final class Propagator {

    public static final byte[] MULTI = bytes("MULTI");
    public static final byte[] EXEC = bytes("EXEC");

    private record Op(int db, byte[][] argv) {}

    private final List<PropagationListener> listeners = new ArrayList<>();
    private final List<Op> pending = new ArrayList<>();
    /** How many execution units are open (a command inside EXEC or a script is nested). */
    private int depth;
    /** Set by {@link #rewrite} during the current command: its own argv is then not propagated. */
    private boolean rewritten;
    /** True while a blocked client is served (see {@link #beginBlockedServe}). */
    private boolean servingBlocked;
    /** Off while loading (the AOF replaying itself must not propagate). */
    private boolean enabled = true;

    public void addListener(PropagationListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PropagationListener listener) {
        listeners.remove(listener);
    }

    /** Whether anyone listens: when nobody does, the dispatcher skips the bookkeeping. */
    public boolean active() {
        if (!enabled) {
            return false;
        }
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).listening()) {
                return true;
            }
        }
        return false;
    }

    /** Turns propagation off (while the AOF is being loaded) or on again. */
    public void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** A command starts (the dispatcher, before its handler). Returns the state to hand back to {@link #end}. */
    public boolean begin() {
        depth++;
        boolean outer = rewritten;
        rewritten = false;
        return outer;
    }

    /**
     * A command ended: {@code changed} when the dirty counter moved; {@code container} for EXEC and script calls,
     * whose own argv is never propagated. When the outermost unit ends, its commands go to the listeners.
     */
    public void end(boolean outerRewritten, int db, byte[][] argv, boolean changed, boolean container) {
        if (changed && !container && !rewritten && active()) {
            pending.add(new Op(db, argv));
        }
        rewritten = outerRewritten;
        if (--depth == 0) {
            flush();
        }
    }

    /**
     * The running command propagates {@code argv} on {@code db} instead of its own (call it several times for
     * several commands, or with nothing to propagate nothing: {@link #suppress}). Outside a command (a blocked
     * client served later) it is emitted at once.
     */
    public void rewrite(int db, byte[]... argv) {
        rewritten = true;
        if (!active()) {
            return;
        }
        if (depth == 0) {
            emitNow(db, argv);
        } else {
            pending.add(new Op(db, argv));
        }
    }

    /** Whether a command is running (false while blocked clients are served after one). */
    public boolean inCommand() {
        return depth > 0 && !servingBlocked;
    }

    /**
     * A blocked client is being served after the command that made its key ready: what it propagates is one unit
     * of its own (several commands go out in MULTI/EXEC, as Redis's), and {@link #inCommand} is false meanwhile.
     * Returns the state to hand back to {@link #endBlockedServe}.
     */
    public boolean beginBlockedServe() {
        servingBlocked = true;
        return begin();
    }

    public void endBlockedServe(boolean outerRewritten, int db) {
        end(outerRewritten, db, null, false, true);
        servingBlocked = false;
    }

    /** The running command propagates nothing, whatever it changed. */
    public void suppress() {
        rewritten = true;
    }

    /** Emits one command now, outside any unit: deletions by lazy or active expiry and by eviction. */
    public void emitNow(int db, byte[]... argv) {
        if (!active()) {
            return;
        }
        for (PropagationListener listener : listeners) {
            listener.propagate(db, argv);
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            if (!active()) {
                return;
            }
            boolean wrap = pending.size() > 1;
            int firstDb = pending.get(0).db();
            if (wrap) {
                emitNow(firstDb, MULTI);
            }
            for (Op op : pending) {
                emitNow(op.db(), op.argv());
            }
            if (wrap) {
                emitNow(pending.get(pending.size() - 1).db(), EXEC);
            }
        } finally {
            pending.clear();
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
