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

    /** Redis's own entry, with only the subcommands the table has. */
    private static void writeReference(Reply reply, CommandSpec spec, RespData reference) {
        reply.map(reference.items().size() / 2);
        for (int i = 0; i + 1 < reference.items().size(); i += 2) {
            RespData key = reference.item(i);
            key.write(reply);
            if ("subcommands".equals(key.text())) {
                reply.map(spec.subcommands().size());
                for (CommandSpec sub : spec.subcommands()) {
                    write(reply, sub);
                }
            } else {
                reference.item(i + 1).write(reply);
            }
        }
    }

    /** Writes the name, then the entry: one key/value pair of the enclosing map. */
    static void write(Reply reply, CommandSpec spec) {
        RespData reference = CommandReference.get().docs(spec.fullName());
        if (reference != null) {
            reply.bulk(spec.fullName());
            writeReference(reply, spec, reference);
            return;
        }
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
