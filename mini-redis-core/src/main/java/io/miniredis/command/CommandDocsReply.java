package io.miniredis.command;

import io.miniredis.protocol.Reply;

/**
 * Writes one command's entry of COMMAND DOCS, in Redis 7.0's shape: a map of summary, since, group, complexity
 * (when known) and, for a container, its subcommands as a map of name to the same kind of entry. Redis also has
 * argument descriptions and history; the table does not carry those.
 */
final class CommandDocsReply {

    private CommandDocsReply() {
    }

    /** Writes the name, then the entry: one key/value pair of the enclosing map. */
    static void write(Reply reply, CommandSpec spec) {
        reply.bulk(spec.fullName());
        boolean hasSummary = !spec.summary().isEmpty();
        boolean hasComplexity = spec.complexity() != null;
        boolean hasSubcommands = !spec.subcommands().isEmpty();
        reply.map(2 + (hasSummary ? 1 : 0) + (hasComplexity ? 1 : 0) + (hasSubcommands ? 1 : 0));
        if (hasSummary) {
            reply.bulk("summary").bulk(spec.summary());
        }
        reply.bulk("since").bulk(spec.since());
        reply.bulk("group").bulk(spec.group());
        if (hasComplexity) {
            reply.bulk("complexity").bulk(spec.complexity());
        }
        if (hasSubcommands) {
            reply.bulk("subcommands").map(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                write(reply, sub);
            }
        }
    }
}
