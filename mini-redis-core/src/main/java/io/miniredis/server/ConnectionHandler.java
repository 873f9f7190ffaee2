package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.ProtocolError;
import io.miniredis.pubsub.ClientSubscriptions;
import io.miniredis.testing.Fault;
import io.miniredis.testing.FaultAction;
import io.miniredis.testing.TestHooks;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The end of a connection's pipeline: receives decoded commands, runs them on the keyspace thread, and writes the
 * replies of one read batch with a single flush.
 *
 * <p>When the connection's event loop is the keyspace thread (one I/O thread, the default) each command runs
 * right away into a batch buffer that is flushed on {@code channelReadComplete}; a script (EVAL, FCALL, an EXEC
 * with one) is deferred to a task after the read, so that, if it turns busy, it can let other clients in (see
 * {@link KeyspaceLoop}). Otherwise the batch is handed to the keyspace thread as one task that runs all of it and
 * writes one buffer back.
 *
 * <p>A client blocked in BLPOP and the like (see {@link BlockedClients}) gets no reply for now, and, as in Redis,
 * nothing more it sends runs until the wait ends: its commands are held back here, in arrival order. When the wait
 * ends the blocked command's reply is written on its own, then the held-back commands run in a task of their own
 * on the keyspace thread, like a new read (never inside the command that happened to serve the client).
 *
 * <p>Test support ({@link TestHooks}: faults, the recorder) costs one flag read per command while unused. While in
 * use, each command carries the number of the read that delivered it (the recorder's round trips), and a delayed
 * reply holds the client's next commands back as a wait does.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());
    private static final int INITIAL_OUT_CAPACITY = 256;

    private final ServerContext server;
    private final CommandDispatcher dispatcher;
    private final ClientSession session;
    private final EventExecutor keyspaceThread;
    private final TestHooks hooks;
    private ChannelHandlerContext ctx;
    /** The number of the current read (I/O thread): commands of one read were sent in one round trip. */
    private int reads;
    /** Replies of the current batch (inline mode), written and flushed at the end of the read. */
    private ByteBuf pending;
    /** Commands of the current read (hand-off mode). */
    private List<Object> batch;
    /**
     * Commands not run yet, in arrival order: those that arrived while the client was blocked or its script busy,
     * a deferred script and what followed it, a hand-off batch; keyspace thread only.
     */
    private final ArrayDeque<Object> heldBack = new ArrayDeque<>();
    /** A command of the current read was deferred: the held-back commands run in a task after the read. */
    private boolean drainAfterRead;

    ConnectionHandler(ServerContext server, CommandDispatcher dispatcher, ClientSession session) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.session = session;
        this.keyspaceThread = server.keyspaceThread();
        this.hooks = server.testHooks();
        session.resumer(this::resumeAfterWait);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        onKeyspaceThread(() -> server.clients().add(session));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!keyspaceThread.inEventLoop()) {
            if (batch == null) {
                batch = new ArrayList<>();
            }
            batch.add(msg);
            return;
        }
        if (session.waiting() || !heldBack.isEmpty()) {
            heldBack.addLast(arrived(msg, reads)); // blocked, a busy script of its own, or a deferred command first
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(INITIAL_OUT_CAPACITY);
        }
        boolean outer = server.inIoCallback(true);
        try {
            run(msg, pending, reads);
        } finally {
            server.inIoCallback(outer);
        }
        if (session.deferred()) {
            // a script: it runs from a task, after this read, with what follows it (see KeyspaceLoop)
            session.deferred(false);
            heldBack.addLast(arrived(msg, reads));
            drainAfterRead = true;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        int read = reads++;
        if (pending != null) {
            ByteBuf out = pending;
            pending = null;
            write(out);
        }
        if (drainAfterRead) {
            drainAfterRead = false;
            keyspaceThread.execute(this::drain);
        }
        if (batch != null) {
            List<Object> commands = batch;
            batch = null;
            keyspaceThread.execute(() -> {
                if (hooks.active()) {
                    for (Object command : commands) {
                        heldBack.addLast(new Arrival(command, read));
                    }
                } else {
                    heldBack.addAll(commands);
                }
                drain();
            });
        }
    }

    /**
     * Runs one decoded message on the keyspace thread, replying into {@code out}. Only called when nothing of this
     * client is held back and it is not waiting.
     */
    private void run(Object msg, ByteBuf out, int read) {
        if (session.closeAfterReply()) {
            return; // after QUIT or a protocol error nothing else of this connection runs
        }
        session.reply().target(out);
        if (out.writerIndex() == 0) {
            // first command of a batch: idle time is counted in seconds, one clock read per read batch is enough
            session.interacted(server.keyspace().clock().millis());
        }
        if (msg instanceof byte[][] argv) {
            if (hooks.active()) {
                runWithHooks(argv, out, read);
            } else {
                dispatcher.execute(session, argv);
            }
            // a command (or a whole transaction or script) is over: now clients waiting on what it changed are served
            server.blockedClients().serveReadyKeys();
        } else if (msg instanceof ProtocolError error) {
            if (!error.silent()) {
                session.reply().error(error.replyText());
            }
            session.closeAfterReply(true);
        }
    }

    /**
     * A command held back keeps the number of the read that delivered it, while test support is in use (the
     * recorder's round trips); otherwise it is held as it is.
     */
    private Object arrived(Object msg, int read) {
        return hooks.active() ? new Arrival(msg, read) : msg;
    }

    private record Arrival(Object msg, int read) {}

    /**
     * A command while faults are set or the recorder records: recorded, then refused (an error fault), dropped with
     * its connection, or run, its reply then held back (a delay) or the server stalled (a stall).
     */
    private void runWithHooks(byte[][] argv, ByteBuf out, int read) {
        int db = session.db();
        CommandSpec spec = dispatcher.specOf(argv);
        Fault fault = spec != null && spec.arityAccepts(argv.length)
                ? hooks.faults().match(spec, argv, session.name())
                : null;
        if (fault != null) {
            String error = fault.errorFor(spec, argv);
            if (error != null) {
                record(db, argv, read);
                fault.acted();
                dispatcher.refuse(session, spec, error);
                return;
            }
            if (fault.action() instanceof FaultAction.DropConnection && !fault.letsThrough()) {
                record(db, argv, read);
                fault.acted();
                session.closeAfterReply(true); // the replies before it go out, then the connection closes
                return;
            }
        }
        int mark = out.writerIndex();
        record(db, argv, read);
        TestHooks.Caller outer = hooks.enter(new TestHooks.Caller(session.id(), session.name(), read));
        try {
            dispatcher.execute(session, argv);
        } finally {
            hooks.exit(outer);
        }
        if (session.deferred()) {
            // a script, run again from a task after this read (nothing ran): recorded and matched then
            hooks.recorder().withdrawLast();
            return;
        }
        if (fault == null || session.waiting()) {
            return; // no fault acting after the run, or the command blocks: its reply comes when the wait ends
        }
        if (fault.action() instanceof FaultAction.Delay delay) {
            fault.acted();
            delayReply(out, mark, delay.millis());
        } else if (fault.action() instanceof FaultAction.Stall stall) {
            fault.acted();
            hooks.faults().stallKeyspaceThread(stall.millis());
        }
    }

    private void record(int db, byte[][] argv, int read) {
        hooks.recorder().record(session.id(), session.name(), db, argv, read, false);
    }

    /**
     * Takes the command's reply out of this batch's buffer and writes it {@code millis} later, holding what the
     * client sends meanwhile back as for a blocked client, so its replies keep their order. The keyspace thread
     * serves the other clients in between.
     */
    private void delayReply(ByteBuf out, int mark, long millis) {
        int length = out.writerIndex() - mark;
        ByteBuf late = ctx.alloc().ioBuffer(Math.max(length, 1));
        late.writeBytes(out, mark, length);
        out.writerIndex(mark);
        session.replyDelayed(true);
        keyspaceThread.schedule(
                () -> {
                    session.replyDelayed(false);
                    if (!ctx.channel().isActive()) {
                        late.release();
                        heldBack.clear();
                        return;
                    }
                    resumeAfterWait(late);
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** The client's wait ended (keyspace thread): its reply goes out now, held-back commands run next. */
    private void resumeAfterWait(ByteBuf reply) {
        write(reply);
        if (!heldBack.isEmpty()) {
            keyspaceThread.execute(this::drain);
        }
    }

    /**
     * Runs the held-back commands in arrival order, as a task of the keyspace thread (never inside a channel read,
     * so a script among them may let other clients in), until none is left or the client has to wait. What arrives
     * meanwhile (while its own script is busy) queues behind them.
     */
    private void drain() {
        if (!ctx.channel().isActive()) {
            heldBack.clear();
            return;
        }
        if (session.waiting() || heldBack.isEmpty()) {
            return; // its own busy script is running further down this stack, or a wait: later
        }
        ByteBuf out = ctx.alloc().ioBuffer(INITIAL_OUT_CAPACITY);
        Object msg;
        while (!session.waiting() && (msg = heldBack.pollFirst()) != null) {
            if (msg instanceof Arrival arrival) {
                run(arrival.msg(), out, arrival.read());
            } else {
                run(msg, out, reads);
            }
        }
        write(out);
    }

    private void write(ByteBuf out) {
        if (server.holdUntilAofWritten(() -> writeNow(out))) {
            return; // the AOF is on: goes out after this turn's one write (and fsync) of the file
        }
        writeNow(out);
    }

    private void writeNow(ByteBuf out) {
        if (server.aof() != null) {
            server.aof().beforeReplies(); // the AOF first: appendfsync always answers only what is on disk
        }
        session.reply().target(null); // the batch is over: from now on pushes to this client queue (pub/sub)
        writePendingPushes();
        int bytes = out.readableBytes();
        if (bytes > 0
                && server.outputLimits().applies(session)
                && server.outputLimits().exceeded(session, bytes, System.currentTimeMillis())) { // process time: I/O
            out.release();
            ctx.close();
            return;
        }
        if (bytes == 0) {
            out.release();
            if (session.closeAfterReply()) {
                ctx.close();
            }
            return;
        }
        server.stats().bytesOut(bytes);
        if (session.closeAfterReply()) {
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(out, ctx.voidPromise());
            if (server.clientEviction().enabled()) {
                server.clientEviction().afterWrite(session); // maxmemory-clients: what it holds now
            }
        }
    }

    /** Pub/sub messages queued for this client while it was idle go out before its replies, as in Redis. */
    private void writePendingPushes() {
        ClientSubscriptions subscriptions = session.subscriptions();
        if (subscriptions != null) {
            ByteBuf pushes = subscriptions.takePendingPushes();
            if (pushes != null) {
                server.stats().bytesOut(pushes.readableBytes());
                ctx.writeAndFlush(pushes, ctx.voidPromise());
            }
        }
    }

    /**
     * A client that sends without reading would make its replies pile up in memory; instead, stop reading its
     * requests until the socket drains.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        server.clients().release();
        onKeyspaceThread(() -> server.whenNotBusy(() -> {
            session.reply().target(null);
            server.pubsub().forget(session);
            server.blockedClients().disconnected(session);
            server.watchedKeys().unwatchAll(session);
            heldBack.clear();
            server.clientEviction().removed(session);
            server.clients().remove(session);
        }));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "Closing client " + session.id() + " after an error", cause);
        }
        ctx.close();
    }

    private void onKeyspaceThread(Runnable task) {
        if (keyspaceThread.inEventLoop()) {
            task.run();
        } else {
            keyspaceThread.execute(task);
        }
    }
}
