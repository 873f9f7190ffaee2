package io.miniredis.server;

import io.miniredis.protocol.Reply;
import io.miniredis.protocol.RespRequestDecoder;
import io.miniredis.pubsub.ClientSubscriptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The state of one connection as the commands see it: selected database, protocol version, name, authentication,
 * CLIENT REPLY mode and flags. Read and written on the keyspace thread only (the I/O thread reads just the
 * volatile {@code authenticated} flag, for the decoder's unauthenticated limits).
 */
public final class ClientSession implements io.miniredis.pubsub.Subscriber {

    /** CLIENT REPLY modes. */
    public enum ReplyMode {
        ON,
        OFF,
        SKIP
    }

    /**
     * The connection's part in ending a wait (see {@link BlockedClients}): write the blocked command's reply, which
     * comes after the command itself has returned, then run the commands the client sent meanwhile.
     */
    interface Resumer {
        void resume(ByteBuf deferredReply);
    }

    private final long id;
    private final Channel channel;
    private final Reply reply;
    private final long createdMillis;
    private final int fd;
    /** CLIENT LIST's address of a unix socket client ({@code /path:0}); null for TCP. */
    private String unixSocket;
    /** client-output-buffer-limit, which pushes queued for this client are held to. */
    private final OutputBufferLimits outputLimits;

    private int db;
    private String name = "";
    private String libName = "";
    private String libVersion = "";
    private volatile boolean authenticated;
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipNext;
    private boolean noEvict;
    private boolean noTouch;
    private boolean closeAfterReply;
    private long lastInteractionMillis;
    private String lastCommand = "NULL";
    /** Set while the client waits in a blocking command; its connection holds its further commands back. */
    private Waiter blockedOn;

    private Resumer resumer = reply -> reply.release();
    private boolean denyBlocking;
    private boolean mustObey;
    /** Between MULTI and the end of EXEC (or DISCARD): the queued commands; null otherwise. */
    /** The open MULTI (the command layer's transaction), or null. */
    private MultiState transaction;
    /** The client's WATCHes, created at its first WATCH (see {@link WatchedKeys}). */
    private java.util.List<WatchedKeys.Watch> watches;
    /** A watched key changed: the next EXEC fails (CLIENT LIST flag {@code d}). */
    private boolean watchBroken;
    /** Pub/sub: the client's subscriptions (null until its first), and whether it has any (pub/sub mode). */
    private ClientSubscriptions subscriptions;

    private boolean subscribed;
    /** When the output first went over the soft {@code client-output-buffer-limit}; 0 while under it. */
    private long outputSoftLimitSince;

    private boolean inBusyScript;
    /** Its DEBUG RELOAD / LOADAOF is loading and lets other clients in (see Loading). */
    private boolean loading;

    private boolean replyDelayed;

    private boolean deferred;
    /** Client memory (see {@link ClientMemory}): the connection's request decoder, and the figure last counted. */
    private RespRequestDecoder decoder;

    private long trackedMemory;

    /**
     * A connected client. {@code errorListener} hears every error reply it gets (INFO errorstats), {@code
     * outputLimits} is client-output-buffer-limit, which its queued pushes are held to.
     */
    ClientSession(
            long id,
            int fd,
            Channel channel,
            java.util.function.Consumer<String> errorListener,
            long createdMillis,
            OutputBufferLimits outputLimits,
            boolean authenticated) {
        this.outputLimits = outputLimits;
        this.id = id;
        this.fd = fd;
        this.channel = channel;
        this.reply = new Reply(errorListener);
        this.authenticated = authenticated;
        this.createdMillis = createdMillis;
        this.lastInteractionMillis = createdMillis;
    }

    /**
     * A client with no connection, for the commands a Lua script runs (Redis's "lua client"): its replies go where
     * {@code reply().target(...)} points, its errors to {@code errorListener}; it is authenticated.
     */
    public static ClientSession scriptClient(java.util.function.Consumer<String> errorListener, long createdMillis) {
        return new ClientSession(0, -1, null, errorListener, createdMillis, null, true);
    }

    /**
     * True for a client whose commands are replayed, not requested (the AOF loader; a master later): Redis's
     * {@code mustObeyClient}, for which a few commands relax their checks (XADD/XTRIM's LIMIT).
     */
    public boolean mustObey() {
        return mustObey;
    }

    public void mustObey(boolean mustObey) {
        this.mustObey = mustObey;
    }

    /** True for the client of a Lua script's redis.call: no connection; its commands keep the script's time. */
    public boolean isScriptClient() {
        return channel == null;
    }

    public long id() {
        return id;
    }

    public int fd() {
        return fd;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Reply reply() {
        return reply;
    }

    public int db() {
        return db;
    }

    public void db(int db) {
        this.db = db;
    }

    public int protocol() {
        return reply.protocol();
    }

    public void protocol(int protocol) {
        reply.protocol(protocol);
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    /** CLIENT REPLY: OFF silences every reply, SKIP only the next command's. */
    public void replyMode(ReplyMode mode) {
        if (mode == ReplyMode.SKIP) {
            skipNext = true;
        } else {
            replyMode = mode;
            skipNext = false;
        }
    }

    /** Whether a CLIENT REPLY SKIP sent just before asks to drop the reply of the command about to run. */
    public boolean takeSkip() {
        boolean skip = skipNext;
        skipNext = false;
        return skip;
    }

    /** Puts back what {@link #takeSkip} took, for a command deferred before it ran. */
    public void skipNext(boolean skip) {
        this.skipNext = skip;
    }

    /**
     * The dispatcher deferred the command instead of running it (a script, reached from inside a channel read): the
     * connection runs it again from a task. Set by the dispatcher, taken by the connection.
     */
    public boolean deferred() {
        return deferred;
    }

    public void deferred(boolean deferred) {
        this.deferred = deferred;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean noTouch) {
        this.noTouch = noTouch;
    }

    /** REPLCONF rdb-only 1 was sent: SYNC then serves one snapshot and closes (redis-cli --rdb). */
    private boolean rdbOnly;

    public boolean rdbOnly() {
        return rdbOnly;
    }

    public void rdbOnly(boolean rdbOnly) {
        this.rdbOnly = rdbOnly;
    }

    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    /** QUIT, CLIENT KILL of oneself, a protocol error: the reply is flushed, then the connection closes. */
    public void closeAfterReply(boolean close) {
        this.closeAfterReply = close;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public void interacted(long nowMillis) {
        this.lastInteractionMillis = nowMillis;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public void lastCommand(String fullName) {
        this.lastCommand = fullName;
    }

    /** True while the client waits in a blocking command (BLPOP...): CLIENT LIST flag {@code b}. */
    public boolean blocked() {
        return blockedOn != null;
    }

    Waiter blockedOn() {
        return blockedOn;
    }

    void blockedOn(Waiter waiter) {
        this.blockedOn = waiter;
    }

    void resumer(Resumer resumer) {
        this.resumer = resumer;
    }

    /** The wait ended with {@code reply} (the blocked command's answer): hands it to the connection. */
    void unblocked(ByteBuf reply) {
        if (replyMode == ReplyMode.OFF) {
            reply.clear();
        }
        resumer.resume(reply);
    }

    /**
     * True while the client's script runs on past the busy threshold: its hook lets clients in (see
     * server.KeyspaceLoop), and what this client sends meanwhile is held back, like a blocked client's, until the
     * script's reply has gone out.
     */
    public boolean inBusyScript() {
        return inBusyScript;
    }

    public void inBusyScript(boolean busy) {
        this.inBusyScript = busy;
    }

    /**
     * True while this client's DEBUG RELOAD or LOADAOF loads and lets other clients in: what it sends meanwhile is
     * held back, as for a busy script, until the reply has gone out.
     */
    public void loading(boolean loading) {
        this.loading = loading;
    }

    /** Whether the connection holds this client's commands back: blocked, or waiting for its busy script or load. */
    boolean waiting() {
        return blockedOn != null || inBusyScript || loading || replyDelayed;
    }

    /** A delay fault holds this client's last reply (test support): what it sends meanwhile is held back. */
    void replyDelayed(boolean delayed) {
        this.replyDelayed = delayed;
    }

    /**
     * True while the client's commands must not block: MULTI/EXEC and scripts set it around what they run, and a
     * blocking command then answers at once as if it had timed out, as in Redis.
     */
    public boolean denyBlocking() {
        return denyBlocking;
    }

    public void denyBlocking(boolean deny) {
        this.denyBlocking = deny;
    }

    // ---- transactions (MULTI/EXEC, WATCH)

    /** True between MULTI and the end of EXEC or DISCARD: the dispatcher queues commands instead of running them. */
    public boolean inMulti() {
        return transaction != null;
    }

    /** The open transaction, or null outside MULTI. */
    public MultiState transaction() {
        return transaction;
    }

    /** MULTI (the command layer makes the transaction). */
    public void beginTransaction(MultiState transaction) {
        this.transaction = transaction;
    }

    /** EXEC finished, DISCARD, RESET: back to running commands one by one. */
    public void endTransaction() {
        transaction = null;
    }

    public boolean watchBroken() {
        return watchBroken;
    }

    void watchBroken(boolean broken) {
        this.watchBroken = broken;
    }

    java.util.List<WatchedKeys.Watch> watches() {
        if (watches == null) {
            watches = new java.util.ArrayList<>();
        }
        return watches;
    }

    java.util.List<WatchedKeys.Watch> watchesOrNull() {
        return watches;
    }

    // ---- end of transactions

    @Override
    public boolean outputLimitExceeded(int pendingBytes, long nowMillis) {
        return outputLimits != null
                && outputLimits.applies(this)
                && outputLimits.exceeded(this, pendingBytes, nowMillis);
    }

    /** The client's pub/sub subscriptions; null when it never subscribed. */
    @Override
    public ClientSubscriptions subscriptions() {
        return subscriptions;
    }

    @Override
    public void subscriptions(ClientSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * True while the client has any subscription (pub/sub mode): in RESP2 only the pub/sub commands, PING, QUIT
     * and RESET are then allowed, and the client counts in the {@code pubsub} output buffer class.
     */
    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public void subscribed(boolean subscribed) {
        this.subscribed = subscribed;
    }

    long outputSoftLimitSince() {
        return outputSoftLimitSince;
    }

    void outputSoftLimitSince(long millis) {
        this.outputSoftLimitSince = millis;
    }

    // ---- client memory (CLIENT LIST tot-mem, maxmemory-clients)

    RespRequestDecoder decoder() {
        return decoder;
    }

    void decoder(RespRequestDecoder decoder) {
        this.decoder = decoder;
    }

    /** This client's share in {@link ClientEviction}'s total, as last measured. */
    long trackedMemory() {
        return trackedMemory;
    }

    void trackedMemory(long bytes) {
        this.trackedMemory = bytes;
    }

    // ---- end of client memory

    /**
     * Drops what the current command wrote to {@code out} since {@code mark} (CLIENT REPLY OFF/SKIP), keeping the
     * push messages among it: Redis 7.0 sends those whatever the reply mode.
     */
    public void dropRepliesSince(ByteBuf out, int mark) {
        if (subscriptions == null) {
            out.writerIndex(mark);
        } else {
            subscriptions.dropRepliesSince(out, mark);
        }
    }

    /**
     * Whether replies of this client wait to be sent: earlier replies of the current read batch (a pipeline, or the
     * EXEC array around this command), or bytes Netty has not written to the socket yet. Redis's SCRIPT DEBUG
     * refuses to run then.
     */
    public boolean hasPendingReplies() {
        ByteBuf out = reply.buffer();
        if (out != null && out.writerIndex() > 0) {
            return true;
        }
        return channel != null && OutputBufferLimits.pendingOutbound(channel) > 0;
    }

    /**
     * A client of the unix socket at {@code path}: Redis shows the socket's path as both its addresses
     * ({@code addr=/path:0 laddr=/path:0}), flags it {@code U} and counts it as local.
     */
    public void unixSocket(String path) {
        this.unixSocket = path + ":0";
    }

    /**
     * Redis's {@code islocalClient}, for the {@code local} value of {@code enable-debug-command} and
     * {@code enable-protected-configs}: a unix socket client, or one from a loopback address.
     */
    public boolean isLocal() {
        return unixSocket != null
                || channel != null
                        && channel.remoteAddress() instanceof InetSocketAddress inet
                        && inet.getAddress() != null
                        && inet.getAddress().isLoopbackAddress();
    }

    public String address() {
        return unixSocket != null ? unixSocket : format(channel.remoteAddress());
    }

    public String localAddress() {
        return unixSocket != null ? unixSocket : format(channel.localAddress());
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** The flags field of CLIENT LIST. */
    public String flags() {
        StringBuilder flags = new StringBuilder();
        if (subscribed) {
            flags.append('P');
        }
        if (transaction != null) {
            flags.append('x');
        }
        if (blockedOn != null) {
            flags.append('b');
        }
        if (watchBroken) {
            flags.append('d');
        }
        if (closeAfterReply) {
            flags.append('c');
        }
        if (unixSocket != null) {
            flags.append('U');
        }
        if (noEvict) {
            flags.append('e');
        }
        if (noTouch) {
            flags.append('T');
        }
        return flags.isEmpty() ? "N" : flags.toString();
    }

    /** One line of CLIENT LIST / CLIENT INFO, field for field as Redis 7.0 writes it. */
    public String describe(long nowMillis) {
        return "id=" + id
                + " addr=" + address()
                + " laddr=" + localAddress()
                + " fd=" + fd
                + " name=" + name
                + " age=" + (nowMillis - createdMillis) / 1000
                + " idle=" + (nowMillis - lastInteractionMillis) / 1000
                + " flags=" + flags()
                + " db=" + db
                + " sub=" + (subscriptions == null ? 0 : subscriptions.channelCount())
                + " psub=" + (subscriptions == null ? 0 : subscriptions.patternCount())
                + " ssub=" + (subscriptions == null ? 0 : subscriptions.shardChannelCount())
                + " multi=" + (transaction == null ? -1 : transaction.size())
                + " qbuf=" + ClientMemory.queryBuffer(this)
                + " qbuf-free=" + ClientMemory.queryBufferFree(this)
                + " argv-mem=" + ClientMemory.partialArgv(this)
                + " multi-mem=" + (transaction == null ? 0 : transaction.memory())
                + " rbs=0 rbp=0"
                + " obl=0 oll=" + ClientMemory.outputEntries(this)
                + " omem=" + ClientMemory.output(this)
                + " tot-mem=" + ClientMemory.total(this)
                + " events=r"
                + " cmd=" + lastCommand
                + " user=default redir=-1 resp=" + protocol()
                + (libName.isEmpty() ? "" : " lib-name=" + libName)
                + (libVersion.isEmpty() ? "" : " lib-ver=" + libVersion);
    }
}
