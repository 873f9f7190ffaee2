package io.miniredis.command;

import io.miniredis.command.bitmap.BitmapCommands;
import io.miniredis.command.connection.ClientCommands;
import io.miniredis.command.connection.ConnectionCommands;
import io.miniredis.command.geo.GeoCommands;
import io.miniredis.command.hash.HashCommands;
import io.miniredis.command.hyperloglog.HyperLogLogCommands;
import io.miniredis.command.key.DumpRestoreCommands;
import io.miniredis.command.key.KeyCommands;
import io.miniredis.command.key.MigrateCommands;
import io.miniredis.command.key.SortCommands;
import io.miniredis.command.list.ListCommands;
import io.miniredis.command.pubsub.PubSubCommands;
import io.miniredis.command.scripting.FunctionCommands;
import io.miniredis.command.scripting.ScriptingCommands;
import io.miniredis.command.server.CommandIntrospectionCommands;
import io.miniredis.command.server.ConfigCommands;
import io.miniredis.command.server.InfoCommands;
import io.miniredis.command.server.MemoryCommands;
import io.miniredis.command.server.PersistenceCommands;
import io.miniredis.command.server.ReplicationCommands;
import io.miniredis.command.server.ServerCommands;
import io.miniredis.command.set.SetAlgebra;
import io.miniredis.command.set.SetCommands;
import io.miniredis.command.sortedset.SortedSetCommands;
import io.miniredis.command.stream.StreamCommands;
import io.miniredis.command.stream.StreamGroupCommands;
import io.miniredis.command.stream.StreamInfoCommands;
import io.miniredis.command.stream.StreamReadCommands;
import io.miniredis.command.string.StringCommands;
import io.miniredis.command.transaction.TransactionCommands;
import java.util.List;

/** The server's command table: every command family, in one place. */
public final class Commands {

    private Commands() {}

    /** A table whose introspecting families (COMMAND, INFO, CONFIG RESETSTAT, EXEC) are not wired to a dispatcher. */
    public static CommandTable table() {
        return table(new TableAccess());
    }

    /**
     * The table, with {@code access} handed to the families that read the table or run commands through the
     * dispatcher; the caller fills it once both exist.
     */
    public static CommandTable table(TableAccess access) {
        return CommandTable.of(List.of(
                new ConnectionCommands(),
                new ClientCommands(),
                new StringCommands(),
                new BitmapCommands(),
                new HyperLogLogCommands(),
                new KeyCommands(),
                new SortCommands(),
                new DumpRestoreCommands(),
                new MigrateCommands(),
                new ListCommands(),
                new HashCommands(),
                new SetCommands(),
                new SetAlgebra(),
                new SortedSetCommands(),
                new GeoCommands(),
                new StreamCommands(),
                new StreamReadCommands(),
                new StreamGroupCommands(),
                new StreamInfoCommands(),
                new PubSubCommands(),
                new ServerCommands(),
                new PersistenceCommands(),
                new ReplicationCommands(),
                new InfoCommands(access),
                new ConfigCommands(access),
                new MemoryCommands(),
                new CommandIntrospectionCommands(access),
                new TransactionCommands(access),
                new ScriptingCommands(),
                new FunctionCommands()));
    }
}
