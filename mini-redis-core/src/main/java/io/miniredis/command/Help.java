package io.miniredis.command;

import io.miniredis.protocol.Reply;

/** The reply to {@code <COMMAND> HELP}: Redis's header line, the given lines, and the closing HELP line. */
public final class Help {

    private Help() {}

    public static void reply(Reply reply, String command, String... lines) {
        reply.array(lines.length + 3L);
        reply.status(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.status(line);
        }
        reply.status("HELP");
        reply.status("    Prints this help.");
    }
}
