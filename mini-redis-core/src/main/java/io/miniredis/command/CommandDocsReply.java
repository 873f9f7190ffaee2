package io.miniredis.command;

import io.miniredis.protocol.Reply;

/**
 * Writes one command's entry of COMMAND DOCS: Redis's own (see {@link CommandReference}), listing only the
 * subcommands we have; for a command the reference lacks, its summary, since and group.
 */
public final class CommandDocsReply {

    private CommandDocsReply() {}

    /** Writes the name, then the entry: one key/value pair of the enclosing map. */
    public static void write(Reply reply, CommandSpec spec) {
        reply.bulk(spec.fullName());
        RespData reference = CommandReference.get().docs(spec.fullName());
        if (reference == null) {
            reply.map(3);
            reply.bulk("summary").bulk(spec.summary() == null ? "" : spec.summary());
            reply.bulk("since").bulk(spec.since() == null ? "" : spec.since());
            reply.bulk("group").bulk(spec.group());
            return;
        }
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
}
