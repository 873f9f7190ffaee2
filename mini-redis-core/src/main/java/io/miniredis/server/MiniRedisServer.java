package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandTable;
import io.miniredis.command.Commands;
import io.miniredis.command.TableAccess;
import io.miniredis.command.scripting.ScriptCallFlags;
import io.miniredis.command.scripting.ScriptCommandGate;
import io.miniredis.config.ConfigException;
import io.miniredis.protocol.RespRequestDecoder;
import io.miniredis.testing.Fixtures;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis-protocol server. {@code MiniRedisServer.builder().port(0).build().start()}, then {@link #port()}; {@link
 * #close()} stops accepting, lets commands in flight finish, closes the clients and releases every thread.
 */
public final class MiniRedisServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MiniRedisServer.class.getName());
    private static final byte[] MAX_CLIENTS_REACHED =
            "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    /** How long close() waits for the keyspace thread, a script ending at its next hook included. */
    private static final long KEYSPACE_STOP_MILLIS = 5000;

    private final ServerConfig config;
    private final ServerContext context;
    private final CommandDispatcher dispatcher;
    /** Written by start() and by CONFIG SET bind/port on the keyspace thread, read by close(). */
    private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();

    private final AtomicInteger nioFds = new AtomicInteger(7);
    private final ServerCron serverCron;
    private final AofPersistence aof;
    private final Fixtures fixtures;
    /**
     * The listening sockets have an event loop of their own, so that CONFIG SET bind/port can bind new ones and
     * wait for the outcome from the keyspace thread, which may be the (single) I/O thread.
     */
    private EventLoopGroup acceptGroup;
    /** The I/O threads when there are several; with one, the keyspace loop is the I/O thread. */
    private EventLoopGroup ioGroup;

    private KeyspaceLoop keyspaceLoop;
    /** {@code unixsocket}, when set. */
    private UnixSocketListener unixSocket;

    private ServerBootstrap bootstrap;
    private volatile ScheduledFuture<?> cron;
    /** This server following its clock's moves (a manual clock's): undone at close. */
    private volatile Runnable clockFollowing;

    private volatile boolean running;
    private final CountDownLatch terminated = new CountDownLatch(1);

    MiniRedisServer(ServerConfig config) {
        this.config = config;
        this.context = new ServerContext(config);
        // the command layer, wired here: the server context (what commands act on) knows no command class
        TableAccess access = new TableAccess();
        CommandTable table = Commands.table(access).renamed(config.commandRenames());
        this.dispatcher = new CommandDispatcher(context, table);
        access.set(table, dispatcher);
        dispatcher.scriptRules(new ScriptCallFlags(context));
        context.scriptCommands(new ScriptCommandGate(context, dispatcher));
        this.serverCron = new ServerCron(context);
        this.aof = new AofPersistence(context, dispatcher);
        this.fixtures = new Fixtures(context, () -> new LocalCommands(context, dispatcher));
        context.config().onChange("hz", value -> {
            if (running) {
                scheduleCron();
            }
        });
        context.shutdownProcedure(this::shutdownFromCommand);
        context.config().onApply("bind", value -> rebind("Failed to bind to specified addresses."));
        context.config().onApply("port", value -> rebind("Unable to listen on this port. Check server logs."));
    }

    public static ServerConfig.Builder builder() {
        return ServerConfig.builder();
    }

    public synchronized MiniRedisServer start() {
        if (running) {
            return this;
        }
        boolean epoll = config.nativeTransport() && Epoll.isAvailable();
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mini-redis-accept"), handlers);
        // the Lua state is closed on the keyspace thread, after its last task: never under a running script
        keyspaceLoop = new KeyspaceLoop(
                config.ioThreads() == 1 ? "mini-redis-io-1" : "mini-redis-keyspace", handlers, context::closeScripting);
        EventLoopGroup childGroup;
        if (config.ioThreads() == 1) {
            childGroup = keyspaceLoop.eventLoop();
        } else {
            ioGroup = new MultiThreadIoEventLoopGroup(
                    config.ioThreads(), new DefaultThreadFactory("mini-redis-io"), handlers);
            childGroup = ioGroup;
        }
        context.keyspaceLoop(keyspaceLoop);
        keyspaceLoop.afterTurn(context::endOfTurn);
        context.loading().begin(); // as Redis: listening already, and clients get LOADING until the data is in
        bootstrap = new ServerBootstrap()
                .group(acceptGroup, childGroup)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, context.config().getInt("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        // (the unix socket, when set, accepts onto the same threads: UnixSocketListener)
        try {
            String socketPath = context.config().get("unixsocket");
            // as Redis: port 0 with a unix socket is the socket only (without one, port 0 picks a free port)
            if (socketPath.isEmpty() || config.port() != 0) {
                // At start, like redis.conf, any white space separates addresses (CONFIG SET splits on each space).
                List<Channel> bound = bind(config.bind().trim().replaceAll("\\s+", " "), config.port());
                if (bound.isEmpty()) {
                    throw new IllegalStateException("Could not bind any address of '" + config.bind() + "'");
                }
                serverChannels.addAll(bound);
                listeningOn(bound, config.port());
            }
            if (!socketPath.isEmpty()) {
                unixSocket = new UnixSocketListener(
                        socketPath, Integer.parseInt(context.config().get("unixsocketperm"), 8));
                unixSocket.bind(acceptGroup, childGroup, epoll, this::accept);
            }
        } catch (RuntimeException e) {
            for (Channel channel : serverChannels) {
                channel.close().syncUninterruptibly();
            }
            serverChannels.clear();
            shutdownThreads();
            throw e;
        }
        running = true;
        if (!loadAtStart()) {
            return this; // shut down while loading (SHUTDOWN, SIGTERM, close()): closeServer finishes the job
        }
        scheduleCron();
        clockFollowing = config.clock().follow(new ClockCatchUp(context));
        LOG.log(
                System.Logger.Level.INFO,
                "mini-redis " + ServerContext.REDIS_VERSION + " ready on "
                        + addressesText()
                        + (unixSocket == null ? "" : (serverChannels.isEmpty() ? "" : ", ") + unixSocket.path())
                        + " (" + (epoll ? "epoll" : "nio") + ", " + config.ioThreads() + " I/O thread"
                        + (config.ioThreads() == 1 ? "" : "s") + ")");
        return this;
    }

    /**
     * Loads the data as Redis does at start, after binding: with appendonly yes the AOF is the data and dump.rdb is
     * not read; otherwise dump.rdb is. On the keyspace thread, in a task (it owns the Lua state function libraries
     * load into, and the AOF replays commands), which lets clients in every so often ({@link Loading}); this thread
     * waits for it, so start() returns a server whose data is in. False when a shutdown stopped the load.
     *
     * @throws IllegalStateException when the file cannot be loaded (its message names the file and the offset); the
     *                               server is closed then
     */
    private boolean loadAtStart() {
        try {
            keyspaceLoop
                    .eventLoop()
                    .submit(() -> {
                        try {
                            if (context.config().getBool("appendonly")) {
                                aof.start();
                            } else {
                                context.persistence().loadAtStart();
                            }
                        } finally {
                            context.loading().end();
                        }
                        return null;
                    })
                    .get();
            return true;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            if (cause instanceof Loading.Aborted || context.loading().aborted()) {
                return false;
            }
            running = false;
            for (Channel channel : serverChannels) {
                channel.close().syncUninterruptibly();
            }
            serverChannels.clear();
            if (unixSocket != null) {
                unixSocket.close();
            }
            shutdownThreads();
            terminated.countDown();
            if (!context.config().getBool("appendonly") && cause instanceof RuntimeException runtime) {
                throw runtime; // the RDB load's own message names the file and the offset
            }
            throw new IllegalStateException("Could not load the append only file: " + cause.getMessage(), cause);
        }
    }

    /** A new connection, TCP or unix socket, on its event loop before it reads. */
    private void accept(Channel channel) {
        context.stats().connectionReceived();
        int maxClients = context.config().getInt("maxclients");
        if (!context.clients().tryReserve(maxClients)) {
            context.stats().connectionRejected();
            channel.writeAndFlush(Unpooled.wrappedBuffer(MAX_CLIENTS_REACHED)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        int fd = channel instanceof UnixChannel nativeChannel
                ? nativeChannel.fd().intValue()
                : nioFds.incrementAndGet();
        ClientSession session = new ClientSession(
                context.clients().nextId(),
                fd,
                channel,
                context.stats()::errorReplied,
                context.nowMillis(),
                context.outputLimits(),
                context.authenticatedByDefault());
        if (channel instanceof SocketChannel tcp) {
            TcpKeepAlive.apply(tcp, context.config().getInt("tcp-keepalive"));
        } else {
            session.unixSocket(unixSocket.path()); // CLIENT LIST's addr and laddr, flag U; a "local" client
        }
        RespRequestDecoder decoder = new RespRequestDecoder(context::protocolLimits, session::authenticated);
        session.decoder(decoder); // its buffer is part of the client's memory
        channel.pipeline()
                .addLast("bytes-in", new InboundByteCounter(context.stats()))
                .addLast("decoder", decoder)
                .addLast("commands", new ConnectionHandler(context, dispatcher, session));
    }

    /**
     * Binds every address of a redis.conf {@code bind} value ({@code -} prefix: optional, skipped when it cannot be
     * bound). Port 0 picks a free port, the same for all addresses.
     *
     * @throws IllegalStateException when a required address cannot be bound (nothing stays bound then)
     */
    private List<Channel> bind(String addresses, int port) {
        List<Channel> bound = new ArrayList<>();
        for (String address : addresses.isEmpty() ? new String[0] : addresses.split(" ", -1)) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            host = switch (host) {
                case "*" -> "0.0.0.0";
                case "::*" -> "::";
                default -> host;
            };
            try {
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("empty address");
                }
                Channel channel = bootstrap
                        .bind(new InetSocketAddress(host, port))
                        .syncUninterruptibly()
                        .channel();
                bound.add(channel);
                port = ((InetSocketAddress) channel.localAddress()).getPort();
            } catch (Exception e) { // Netty rethrows the BindException, a checked exception, undeclared
                if (!optional) {
                    bound.forEach(channel -> channel.close().syncUninterruptibly());
                    throw new IllegalStateException("Could not bind " + host + ":" + port + ": " + e.getMessage(), e);
                }
            }
        }
        return bound;
    }

    /** Records the port in use, and reports it in CONFIG GET port when the configured one was 0 (any free port). */
    private void listeningOn(List<Channel> bound, int configuredPort) {
        int port = bound.isEmpty()
                ? configuredPort
                : ((InetSocketAddress) bound.get(0).localAddress()).getPort();
        context.port(port);
        if (configuredPort == 0 && port != 0) {
            context.config().store(context.config().parameter("port"), Integer.toString(port));
        }
    }

    /**
     * CONFIG SET bind / port, on the keyspace thread: closes the listening sockets and binds the new addresses;
     * when that fails, binds the old ones again and refuses the change with Redis's reason. Connected clients stay.
     */
    private void rebind(String failure) {
        if (!running) {
            return;
        }
        String addresses = context.config().get("bind");
        int port = context.config().getInt("port");
        List<Channel> old = List.copyOf(serverChannels);
        List<InetSocketAddress> oldAddresses =
                old.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
        old.forEach(channel -> channel.close().syncUninterruptibly());
        serverChannels.removeAll(old);
        try {
            // as at start: port 0 with a unix socket is the socket only (the TCP listeners just closed)
            List<Channel> bound = port == 0 && unixSocket != null ? List.of() : bind(addresses, port);
            serverChannels.addAll(bound);
            listeningOn(bound, port);
        } catch (IllegalStateException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "CONFIG SET could not listen on " + addresses + " port " + port + ": " + e.getMessage());
            for (InetSocketAddress address : oldAddresses) {
                try {
                    serverChannels.add(
                            bootstrap.bind(address).syncUninterruptibly().channel());
                } catch (Exception again) {
                    LOG.log(System.Logger.Level.WARNING, "Could not listen again on " + address + ": " + again);
                }
            }
            throw new ConfigException(failure);
        }
    }

    /** (Re)starts the server cron at the period of the current hz; on the keyspace thread once running. */
    private void scheduleCron() {
        ScheduledFuture<?> previous = cron;
        if (previous != null) {
            previous.cancel(false);
        }
        long period = ServerCron.periodMillis(context.config().getInt("hz"));
        cron = context.keyspaceThread().scheduleAtFixedRate(serverCron, period, period, TimeUnit.MILLISECONDS);
    }

    /** How many times the server cron has run. */
    long cronRuns() {
        return serverCron.runs();
    }

    /**
     * The server's time: the system clock, unless built with {@link io.miniredis.testing.ServerClock#manual()}, which
     * a test moves with {@code clock().advance(Duration)} or {@code clock().fix(Instant)}.
     */
    public io.miniredis.testing.ServerClock clock() {
        return config.clock();
    }

    /** The bound port; useful after starting with port 0. */
    public int port() {
        return context.port();
    }

    /** The unix socket the server listens on ({@code unixsocket}), or null. */
    public java.nio.file.Path unixSocket() {
        return unixSocket == null ? null : java.nio.file.Path.of(unixSocket.path());
    }

    /** The addresses the server listens on. */
    public List<InetSocketAddress> addresses() {
        return serverChannels.stream()
                .map(c -> (InetSocketAddress) c.localAddress())
                .toList();
    }

    private String addressesText() {
        return String.join(
                ", ",
                addresses().stream()
                        .map(a -> a.getHostString() + ":" + a.getPort())
                        .toList());
    }

    public boolean isRunning() {
        return running;
    }

    /** The command table: every command this server knows. */
    public CommandTable commands() {
        return dispatcher.commands();
    }

    /** The running server's state: keyspace, statistics, configuration, clients. */
    public ServerContext context() {
        return context;
    }

    public ServerConfig config() {
        return config;
    }

    /** Test datasets: load from command text, JSON or RDB; snapshot in memory and restore (docs/testing.md). */
    public Fixtures fixtures() {
        return fixtures;
    }

    /** Faults on purpose for tests (delays, error replies, dropped connections, stalls): see docs/testing.md. */
    public io.miniredis.testing.Faults faults() {
        return context.testHooks().faults();
    }

    /** Records what clients send, for tests to assert on: see docs/testing.md. */
    public io.miniredis.testing.CommandRecorder recorder() {
        return context.testHooks().recorder();
    }

    /**
     * Redis's shutdown: stops a background save, saves when save points are set or {@code request.save()} (unless
     * {@code nosave}), and when that save fails refuses to stop (returns false, the server goes on) unless {@code
     * force}; then closes everything as {@link #close} does. One procedure for the SHUTDOWN command, SIGTERM and
     * SIGINT. Any thread; returns when the server is closed (or refused).
     */
    public boolean shutdown(ShutdownRequest request) {
        if (!running) {
            return true;
        }
        if (keyspaceLoop.inLoop()) {
            if (!prepareForShutdown(request)) {
                return false;
            }
            Thread closer = new Thread(this::closeServer, "mini-redis-shutdown");
            closer.start();
            return true;
        }
        if (context.busyScriptError() != null) {
            // a running script ends at its next hook; the save must not run nested inside it (the keyspace thread
            // runs tasks from a busy script's hook), so wait for it to be gone
            context.scriptingShutdown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (context.busyScriptError() != null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        context.testHooks().faults().endStalls(); // the keyspace thread must be free to prepare the shutdown
        boolean prepared;
        try {
            prepared = context.keyspaceThread()
                    .submit(() -> prepareForShutdown(request))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Could not prepare the shutdown: " + e);
            prepared = request.force();
        }
        if (!prepared) {
            return false;
        }
        closeServer();
        return true;
    }

    /** The SHUTDOWN command, on the keyspace thread; refused with a clear error when the builder did not allow it. */
    private boolean shutdownFromCommand(ShutdownRequest request) {
        if (!config.shutdownCommand()) {
            throw new io.miniredis.protocol.RedisError(
                    "ERR SHUTDOWN is disabled on this embedded server: enable it with the builder option"
                            + " shutdownCommand(true) (with the Spring Boot starter: mini-redis.shutdown-command-enabled)");
        }
        return shutdown(request);
    }

    /** On the keyspace thread: the final save, as Redis's prepareForShutdown. */
    private boolean prepareForShutdown(ShutdownRequest request) {
        LOG.log(System.Logger.Level.INFO, "User requested shutdown...");
        RdbPersistence persistence = context.persistence();
        boolean save = request.save() || (!request.nosave() && persistence.savePoints().length > 0);
        if (context.loading().active()) {
            save = false; // as Redis: a shutdown while loading never saves (the data is not all in)
        }
        if (save && context.busyScriptError() != null) {
            // run from a busy script's hook (SHUTDOWN is allow_busy): a save now would catch the script halfway
            LOG.log(System.Logger.Level.WARNING, "Can't save while a script is running: use SHUTDOWN NOSAVE");
            return false;
        }
        var aofFile = context.aof();
        if (aofFile != null
                && aofFile.waitingRewrite()
                && context.aofPersistence().rewriteInProgress()) {
            // as Redis: the AOF was just turned on and its first base is not complete, so stopping would lose it
            if (!request.force()) {
                LOG.log(System.Logger.Level.WARNING, "Writing initial AOF, can't exit.");
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "Writing initial AOF. Exit anyway.");
        }
        if (persistence.bgsaveInProgress()) {
            LOG.log(System.Logger.Level.WARNING, "There is a child saving an .rdb. Killing it!");
            persistence.abortBackgroundSave();
        }
        if (save) {
            LOG.log(System.Logger.Level.INFO, "Saving the final RDB snapshot before exiting.");
            if (!persistence.saveNow()) {
                if (!request.force()) {
                    LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB, can't exit.");
                    return false;
                }
                LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB. Exit anyway.");
            }
        }
        LOG.log(System.Logger.Level.INFO, "Redis is now ready to exit, bye bye...");
        if (context.loading().active()) {
            context.loading().abort(); // the load stops at its next check, and closes nothing by itself
        }
        return true;
    }

    /** Waits until the server has been closed (by {@link #close}, {@link #shutdown} or the SHUTDOWN command). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Stops accepting, lets the keyspace thread finish the commands it has, closes every client and releases all
     * threads. Returns when they are gone. With save points configured it saves first, as Redis does on SIGTERM;
     * a failed save is logged and does not keep the server open.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        shutdown(new ShutdownRequest(false, false, false, true));
    }

    private synchronized void closeServer() {
        if (!running) {
            return;
        }
        running = false;
        context.testHooks().faults().clear(); // a stall in progress ends; no fault acts on the way out
        Runnable following = clockFollowing;
        if (following != null) {
            clockFollowing = null;
            following.run();
        }
        // a script that runs now ends at its next hook (even one that wrote: the server is going away)
        context.scriptingShutdown();
        for (Channel channel : serverChannels) {
            channel.close().syncUninterruptibly();
        }
        serverChannels.clear();
        if (unixSocket != null) {
            unixSocket.close();
        }
        EventExecutor keyspaceThread = context.keyspaceThread();
        CountDownLatch clientsClosed = new CountDownLatch(1);
        keyspaceThread.execute(() -> {
            if (cron != null) {
                cron.cancel(false);
            }
            for (ClientSession client : List.copyOf(context.clients().all())) {
                client.channel().close();
            }
            aof.close(); // what is buffered written and fsynced
            clientsClosed.countDown();
        });
        try {
            clientsClosed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdownThreads();
        LOG.log(System.Logger.Level.INFO, "mini-redis stopped");
        terminated.countDown();
    }

    /**
     * Sockets first, the keyspace thread last: closing connections still hands work to it. The keyspace thread closes
     * the Lua state itself as it ends; if it does not end in time (a script stuck in native code, which no hook
     * reaches), it is left alone rather than have its Lua state freed under it.
     */
    private void shutdownThreads() {
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (keyspaceLoop != null && !keyspaceLoop.shutdown(KEYSPACE_STOP_MILLIS)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The keyspace thread did not stop within " + KEYSPACE_STOP_MILLIS
                            + " ms (a script in native code?); leaving it, and its Lua state, to end on their own");
        }
    }
}
