package io.miniredis.testing;

import io.miniredis.command.CommandSpec;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Faults on purpose, for tests of timeouts, retries and circuit breakers: what a production Redis does to its clients
 * (a slow reply, READONLY after a failover, OOM, LOADING, BUSY, MOVED, a dropped connection, a stalled server), set
 * per command pattern and key pattern from Java, never by a client command:
 *
 * <pre>{@code
 * try (Fault slow = server.faults().on("GET").key("user:*").delay(Duration.ofSeconds(2))) { ... }
 * server.faults().on("SET").times(1).readOnly();
 * server.faults().on("*").client("worker").dropConnectionAfter(3);
 * server.faults().stall(Duration.ofMillis(500));
 * server.faults().clear();
 * }</pre>
 *
 * A refused command (an error reply, a dropped connection) does not run; a delayed or stalling one runs at once and
 * answers late. Faults apply to what clients send, as they send it: a command queued inside MULTI is matched when it
 * is queued (an error then dooms the transaction, as Redis's own refusals do), and the commands EXEC or a script
 * runs are not matched again. The first fault (in the order they were set) that matches a command acts on it.
 *
 * <p>Any thread may set and remove faults; the keyspace thread matches them.
 */
public final class Faults {

    public static final String READONLY = "READONLY You can't write against a read only replica.";
    /** The server's own texts, for the same refusals. */
    public static final String OOM = io.miniredis.command.CommandDispatcher.OOM;

    public static final String LOADING = io.miniredis.command.CommandDispatcher.LOADING;
    public static final String BUSY = io.miniredis.scripting.Scripting.BUSY_SCRIPT;

    private final TestHooks hooks;
    private final Supplier<EventExecutor> keyspaceThread;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Object stallLock = new Object();
    /** Bumped to end every stall early (clear(), a stall fault removed). Guarded by stallLock. */
    private long stallGeneration;

    Faults(TestHooks hooks, Supplier<EventExecutor> keyspaceThread) {
        this.hooks = hooks;
        this.keyspaceThread = keyspaceThread;
    }

    /**
     * Starts a fault on the commands whose name matches {@code commandPattern}, a glob as in KEYS, without case:
     * {@code "GET"}, {@code "*"}, {@code "h*"}, or a subcommand's full name {@code "config|get"}.
     */
    public FaultBuilder on(String commandPattern) {
        return new FaultBuilder(this, commandPattern);
    }

    /**
     * Stalls the server now for {@code duration}: the keyspace thread stops, as Redis's event loop does under a slow
     * command, so nobody gets a reply, no command runs, no key expires; connections are still accepted. Returns
     * once the server is stalled; {@link #clear()} (or closing the returned fault) ends it early.
     */
    public Fault stall(Duration duration) {
        EventExecutor thread = keyspaceThread.get();
        if (thread == null) {
            throw new IllegalStateException("The server is not running");
        }
        // matches no command (an empty pattern matches no name) and is not in the list: closing it ends the stall
        Fault fault = new Fault(this, new byte[0], null, false, null, 1, new FaultAction.Stall(duration.toMillis()));
        CountDownLatch stalled = new CountDownLatch(1);
        thread.execute(() -> {
            stalled.countDown();
            fault.acted();
            stallKeyspaceThread(duration.toMillis());
        });
        try {
            stalled.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fault;
    }

    /** Removes every fault and ends a stall in progress. */
    public void clear() {
        faults.clear();
        endStalls();
        hooks.changed();
    }

    /** The faults set now, in matching order. */
    public List<Fault> list() {
        return List.copyOf(faults);
    }

    Fault add(Fault fault) {
        faults.add(fault);
        hooks.changed();
        return fault;
    }

    void remove(Fault fault) {
        if (faults.remove(fault)) {
            hooks.changed();
        }
        if (fault.action() instanceof FaultAction.Stall) {
            endStalls();
        }
    }

    boolean contains(Fault fault) {
        return faults.contains(fault);
    }

    void changed() {
        hooks.changed();
    }

    /** True while a fault that may still act is set: keeps the connection asking. */
    boolean any() {
        for (Fault fault : faults) {
            if (!fault.exhausted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fault that acts on this command, or null (keyspace thread). {@code spec} is the command (the subcommand
     * for a container), null for an unknown one, which no fault matches: it gets Redis's unknown-command error.
     */
    public Fault match(CommandSpec spec, byte[][] argv, String clientName) {
        if (spec == null || faults.isEmpty()) {
            return null;
        }
        byte[] name = ascii(spec.parent() == null ? spec.name() : spec.parent().name());
        byte[] fullName = spec.parent() == null ? name : ascii(spec.fullName());
        byte[] client = clientName == null ? null : clientName.getBytes(StandardCharsets.UTF_8);
        int[] keys = null;
        for (Fault fault : faults) {
            if (fault.exhausted()) {
                continue;
            }
            if (keys == null && fault.needsKeys()) {
                keys = keyIndexes(spec, argv);
            }
            if (fault.matches(name, fullName, argv, keys == null ? NO_KEYS : keys, client)) {
                return fault;
            }
        }
        return null;
    }

    private static final int[] NO_KEYS = new int[0];

    /** The command's keys by its key specs; none when its arguments are malformed (it will fail on them anyway). */
    static int[] keyIndexes(CommandSpec spec, byte[][] argv) {
        try {
            return spec.keyIndexes(argv);
        } catch (RuntimeException malformed) {
            return NO_KEYS;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Blocks the calling thread, the keyspace thread, for {@code millis}, or until the stalls are ended: a blocked
     * event loop, on purpose. The JVM and its other threads go on.
     */
    public void stallKeyspaceThread(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (stallLock) {
            long generation = stallGeneration;
            while (generation == stallGeneration) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(stallLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Ends a stall in progress now (the faults stay set). */
    public void endStalls() {
        synchronized (stallLock) {
            stallGeneration++;
            stallLock.notifyAll();
        }
    }
}
