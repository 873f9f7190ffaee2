package io.miniredis.scripting;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs scripts on a thread of their own while the keyspace thread waits, so that a script running past {@code
 * busy-reply-threshold} can be left running and the keyspace thread can go back to its event loop: other clients
 * then get {@code -BUSY}, and {@code SCRIPT KILL} / {@code FUNCTION KILL} get through.
 *
 * <h2>Why a thread of its own</h2>
 * With one I/O thread (the default) the event loop is the keyspace thread. A script run inline on it would stop
 * every other connection from being read at all until it ends, so no BUSY and no SCRIPT KILL: a {@code while true
 * do end} would hang the server for good. Netty cannot read channels of an event loop from inside one of its tasks,
 * Lua 5.1 cannot yield from a count hook through LuaJava (the hook runs Lua code under a C call), and a script's
 * C stack cannot move to another thread mid-run. So every script runs on this thread from the start, and the
 * keyspace is handed over for the duration: the keyspace thread publishes the job (a volatile write) and waits; the
 * script thread's volatile "done" hands it back. Both writes give the happens-before edges the keyspace needs.
 *
 * <h2>What the hand-off costs</h2>
 * A park/unpark round trip between two threads measured about 30 us on the 2-core test machine, which would cap
 * EVAL at a fraction of Redis's rate. So both sides spin (yielding the core) before parking: the keyspace thread spins while the script
 * runs (it would be busy running it itself otherwise), and the script thread spins for {@link #IDLE_SPIN_NANOS}
 * after each script waiting for the next before it parks. Under a steady EVAL load the hand-off then costs well
 * under a microsecond each way; a lone EVAL after a pause pays one wake-up.
 *
 * <h2>Past the threshold</h2>
 * The keyspace thread stops waiting ({@link #run} returns {@code false}) and the job is "detached": it goes on, and
 * when it ends it hands its completion to {@code onDetachedEnd}, which the caller runs on the keyspace thread.
 */
final class ScriptRunner implements AutoCloseable {

    /**
     * {@code -Dmini-redis.lua.inline=true} runs scripts on the keyspace thread itself: no hand-off, but also no BUSY
     * and no SCRIPT KILL while one runs (the measurement baseline for the hand-off's cost).
     */
    private static final boolean INLINE = Boolean.getBoolean("mini-redis.lua.inline");
    private static final long WAIT_SPIN_NANOS = 50_000;
    private static final long IDLE_SPIN_NANOS = 50_000;

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int DETACHED = 2;

    /** One hand-off: the work, and who finished first, the script or the keyspace thread's patience. */
    static final class Job {
        final Runnable work;
        final Runnable onDetachedEnd;
        final AtomicInteger state = new AtomicInteger(RUNNING);
        volatile Thread waiter;

        Job(Runnable work, Runnable onDetachedEnd) {
            this.work = work;
            this.onDetachedEnd = onDetachedEnd;
        }
    }

    private final Thread thread;
    private volatile Job next;
    private volatile boolean parked;
    private volatile boolean closed;

    ScriptRunner() {
        thread = new Thread(this::loop, "mini-redis-lua");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code work} on the script thread and waits up to {@code thresholdNanos} (from {@code startNanos}) for it.
     * True when it finished; false when it is still running, detached: {@code onDetachedEnd} will run on the script
     * thread when it ends (it must hand over to the keyspace thread itself).
     */
    boolean run(Runnable work, Runnable onDetachedEnd, long startNanos, long thresholdNanos) {
        if (INLINE) {
            work.run();
            return true;
        }
        Job job = new Job(work, onDetachedEnd);
        job.waiter = Thread.currentThread();
        next = job;
        if (parked) {
            LockSupport.unpark(thread);
        }
        long spinUntil = System.nanoTime() + WAIT_SPIN_NANOS;
        while (job.state.get() == RUNNING && System.nanoTime() < spinUntil) {
            Thread.yield(); // on a busy machine the script thread may need this very core
        }
        while (job.state.get() == RUNNING) {
            long remaining = startNanos + thresholdNanos - System.nanoTime();
            if (remaining <= 0) {
                if (job.state.compareAndSet(RUNNING, DETACHED)) {
                    return false;
                }
                break;
            }
            LockSupport.parkNanos(this, remaining);
        }
        return true;
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (!closed) {
            Job job = next;
            if (job != null) {
                next = null;
                try {
                    job.work.run();
                } finally {
                    if (!job.state.compareAndSet(RUNNING, DONE)) {
                        job.onDetachedEnd.run();
                    } else {
                        LockSupport.unpark(job.waiter);
                    }
                }
                idleSince = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - idleSince < IDLE_SPIN_NANOS) {
                Thread.yield();
                continue;
            }
            parked = true;
            if (next == null && !closed) {
                LockSupport.park(this);
            }
            parked = false;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
