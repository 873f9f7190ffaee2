package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.aof.AofLoader;
import io.miniredis.persistence.aof.AppendOnlyFile;
import io.miniredis.persistence.aof.CommandReplayer;
import io.miniredis.persistence.aof.KeyspaceBaseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The AOF in the running server, keyspace thread only: loading at start (the entry point the launcher joins with the
 * RDB load: AOF first when {@code appendonly yes}, as Redis), CONFIG SET appendonly, BGREWRITEAOF, DEBUG LOADAOF.
 * The file machinery itself is {@link AppendOnlyFile}; this class only wires it to the keyspace and the commands.
 */
public final class AofPersistence {

    private static final System.Logger LOG = System.getLogger(AofPersistence.class.getName());

    private final ServerContext server;
    private final CommandDispatcher dispatcher;
    private final AppendOnlyFile aof;

    AofPersistence(ServerContext server, CommandDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.aof = new AppendOnlyFile(
                server.config(),
                server.keyspace().clock(),
                () -> Path.of(server.config().get("dir")),
                new KeyspaceBaseWriter(server.keyspace(), server.config(), () -> {
                    io.miniredis.scripting.Scripting scripting = server.scriptingIfStarted();
                    return scripting == null ? List.of() : scripting.functions().codes();
                }));
        server.aof(aof);
        server.aofPersistence(this);
        server.propagator().addListener(aof);
        server.config().onApply("appendonly", value -> {
            try {
                if (server.config().getBool("appendonly")) {
                    aof.enable();
                } else {
                    aof.disable();
                }
            } catch (IOException e) {
                throw new io.miniredis.config.ConfigException("Failed to start AOF: " + e.getMessage());
            }
        });
        if (!server.config().getBool("aof-use-rdb-preamble")) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "aof-use-rdb-preamble no is not supported: the AOF base is written as an RDB image all the same");
        }
    }

    /** At start, on the keyspace thread, before clients connect: loads the AOF when appendonly is yes, then appends. */
    void start() throws IOException {
        if (!server.config().getBool("appendonly")) {
            return;
        }
        AofLoader.Result loaded = load();
        aof.open(loaded.manifest());
    }

    /** Loads the AOF directory into the (empty) keyspace; propagation is off meanwhile. */
    private AofLoader.Result load() throws IOException {
        long started = System.nanoTime();
        server.propagator().enabled(false);
        try {
            AofLoader.Result result = AofLoader.load(
                    aof.directory(),
                    server.config().get("appendfilename"),
                    server.keyspace(),
                    RdbLoadLimits.from(server.config()),
                    server.config().getBool("aof-load-truncated"),
                    replayer(),
                    code -> server.scripting().functions().load(code, true));
            if (!result.manifest().incrs().isEmpty() || result.manifest().base() != null) {
                LOG.log(
                        System.Logger.Level.INFO,
                        String.format(
                                "DB loaded from append only file: %.3f seconds", (System.nanoTime() - started) / 1e9));
            }
            return result;
        } finally {
            server.propagator().enabled(true);
        }
    }

    /** A connection-less client running the file's commands through the dispatcher, one keyspace time each. */
    private CommandReplayer replayer() {
        ClientSession client = ClientSession.scriptClient(
                error -> {}, server.keyspace().clock().millis());
        ByteBuf out = Unpooled.buffer(256);
        return argv -> {
            out.clear();
            client.reply().target(out);
            server.keyspace().beginCommand(false);
            dispatcher.execute(client, argv);
            client.reply().target(null);
            if (out.readableBytes() > 0 && out.getByte(0) == '-') {
                return out.toString(1, Math.min(out.readableBytes() - 1, 200), java.nio.charset.StandardCharsets.UTF_8)
                        .strip();
            }
            return null;
        };
    }

    /** BGREWRITEAOF: rewritten at once (see {@link AppendOnlyFile#rewrite}). */
    public void rewrite() throws IOException {
        aof.rewrite();
    }

    /**
     * DEBUG LOADAOF: the buffer written and fsynced, the keyspace emptied, the AOF loaded again. A failure leaves the
     * keyspace empty and says why (Redis exits there).
     */
    public void debugLoadAof() throws IOException {
        if (!aof.on()) {
            return; // Redis answers OK and does nothing with the AOF off
        }
        aof.flushAndSync();
        server.propagator().enabled(false);
        try {
            server.keyspace().flushAll();
        } finally {
            server.propagator().enabled(true);
        }
        load();
    }

    /** Shutdown: what is buffered written and fsynced, the files closed. */
    void close() {
        aof.close();
    }
}
