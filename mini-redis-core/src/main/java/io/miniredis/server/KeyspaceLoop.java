package io.miniredis.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;

/**
 * The keyspace thread: one thread, driving a Netty {@link ManualIoEventLoop} that we run ourselves. With one I/O
 * thread (the default) the client connections are registered on it, so reading, running and replying all happen
 * here; with more I/O threads it only runs the command batches they hand over, as tasks.
 *
 * <h2>Why a loop we drive ourselves</h2>
 * Redis runs a script on its one thread, and while a script is busy its Lua hook calls back into the event loop
 * ({@code processEventsWhileBlocked}) so that other clients get {@code BUSY} and {@code SCRIPT KILL} gets through.
 * A Netty {@code SingleThreadIoEventLoop} cannot be entered again from inside one of its own tasks; a {@code
 * ManualIoEventLoop} can, through {@link #processEventsWhileBlocked()}: scripts run inline on this thread, at full
 * speed, and the Lua state is only ever touched by this one thread.
 *
 * <p>One rule makes that safe: the nested run must not start while the loop is inside its own I/O processing (an
 * epoll handler walks its array of ready events, which a nested wait would overwrite). So a command that may run a
 * script is never run from inside a channel read: the connection defers it to a task (see ConnectionHandler and
 * {@link ServerContext#inIoCallback()}), and tasks run after the I/O step.
 */
final class KeyspaceLoop {

    private static final System.Logger LOG = System.getLogger(KeyspaceLoop.class.getName());

    private final Thread thread;
    private final ManualIoEventLoop loop;
    /** Runs on this thread when the loop has terminated, before the thread ends (closes the Lua state). */
    private final Runnable onExit;

    KeyspaceLoop(String threadName, IoHandlerFactory handlers, Runnable onExit) {
        this.onExit = onExit;
        // a FastThreadLocalThread, as Netty's own loops use: the pooled allocator's per-thread caches need it
        this.thread = new FastThreadLocalThread(this::run, threadName);
        this.thread.setDaemon(true); // a script stuck in native code must not keep the JVM alive (see close())
        this.loop = new ManualIoEventLoop(null, thread, handlers);
        thread.start();
    }

    private volatile Runnable afterTurn = () -> {};

    /** Runs on this thread after each turn of the loop (its I/O and tasks). */
    void afterTurn(Runnable task) {
        this.afterTurn = task;
    }

    ManualIoEventLoop eventLoop() {
        return loop;
    }

    private void run() {
        try {
            while (!loop.isTerminated()) {
                loop.run(0); // blocks until I/O, a task or the next scheduled task is due
                afterTurn.run(); // Redis's beforeSleep: the AOF's group fsync, then the replies that waited for it
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "The keyspace thread stopped on an error", e);
        } finally {
            try {
                onExit.run();
            } finally {
                FastThreadLocal.removeAll();
            }
        }
    }

    /**
     * Reads and answers what is ready and runs the queued tasks, without waiting: Redis's {@code
     * processEventsWhileBlocked}, for a busy script. Only from a task of this loop (never from a channel read).
     */
    void processEventsWhileBlocked() {
        loop.runNow();
    }

    boolean inLoop() {
        return loop.inEventLoop();
    }

    /**
     * Shuts the loop down and waits up to {@code timeoutMillis} for the thread to end. False when it did not: the
     * thread is stuck (a script in native code that no hook reaches); it is left to end on its own, never touched.
     */
    boolean shutdown(long timeoutMillis) {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
