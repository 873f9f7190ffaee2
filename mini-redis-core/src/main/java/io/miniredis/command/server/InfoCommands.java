package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.TableAccess;
import java.util.List;

/**
 * INFO [section ...]: the server's state as Redis 7.0 reports it (see {@link InfoSection} for the selection rules
 * and {@link InfoReport} for the fields). The reply is a bulk string, or a verbatim {@code txt} string in RESP3, as
 * Redis sends it.
 */
public final class InfoCommands implements CommandFamily {

    private final TableAccess access;

    public InfoCommands(TableAccess access) {
        this.access = access;
    }

    private final InfoReport report = new InfoReport();

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("info", -1, "loading stale", this::info));
        // spotless:on
    }

    private void info(CommandCall c) {
        c.reply()
                .verbatim(report.render(
                        c.server(), access.table(), InfoSection.select(c.args().rest())));
    }
}
