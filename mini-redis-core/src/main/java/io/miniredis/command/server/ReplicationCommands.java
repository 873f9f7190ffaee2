package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The replication handshake, as far as {@code redis-cli --rdb <file>} needs it: REPLCONF (options accepted and
 * {@code rdb-only} remembered) and SYNC / PSYNC, which for an rdb-only client send one snapshot as {@code
 * $<length>\r\n<bytes>} and close, as Redis does. A real replica gets a clear error: replication comes later
 * (issue [16]).
 */
public final class ReplicationCommands implements CommandFamily {

    static final RedisError NO_REPLICATION = new RedisError(
            "ERR mini-redis does not serve replicas yet (replication is issue [16]); SYNC and PSYNC only serve"
                    + " snapshots to redis-cli --rdb (REPLCONF rdb-only 1)");

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("replconf", -1, "admin noscript loading stale allow_busy", this::replconf),
                command("sync", 1, "admin noscript no_async_loading no_multi", this::sync),
                command("psync", -3, "admin noscript no_async_loading no_multi", this::sync));
        // spotless:on
    }

    /** REPLCONF option value ...: pairs, as Redis checks them; rdb-only is the one that matters here. */
    private void replconf(CommandCall c) {
        Args args = c.args();
        if (args.remaining() % 2 != 0) {
            throw RedisError.SYNTAX;
        }
        while (args.hasNext()) {
            String option = args.nextKeyword();
            byte[] value = args.next();
            if (option.equals("RDB-ONLY")) {
                String flag = new String(value, StandardCharsets.ISO_8859_1);
                if (!flag.equals("0") && !flag.equals("1")) {
                    throw RedisError.SYNTAX;
                }
                c.client().rdbOnly(flag.equals("1"));
            }
        }
        c.reply().ok();
    }

    /**
     * The snapshot is written on the keyspace thread into memory, then sent: simple, and as consistent as SAVE
     * (clients wait for the length of the dump, which the fork-less BGSAVE would avoid; see docs/persistence.md).
     */
    private void sync(CommandCall c) {
        if (!c.client().rdbOnly()) {
            throw NO_REPLICATION;
        }
        byte[] rdb = c.server().persistence().snapshotBytes();
        c.reply().raw(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.reply().raw(rdb);
        c.client().closeAfterReply(true);
    }
}
