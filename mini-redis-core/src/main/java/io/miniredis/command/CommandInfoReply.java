package io.miniredis.command;

import io.miniredis.protocol.Reply;
import java.util.Set;

/**
 * Writes one command as COMMAND and COMMAND INFO describe it, in Redis 7.0's shape: name, arity, flags (set), first
 * key, last key, step, ACL categories (set), tips (set), key specifications (set of maps), subcommands (array of the
 * same shape; an empty set for a command without any). Redis's own entry (see {@link CommandReference}), but for the
 * arity (the table's: ZRANK takes 7.2's WITHSCORE) and the subcommands (only those we have); for a command the
 * reference lacks, derived from the table.
 */
public final class CommandInfoReply {

    private CommandInfoReply() {}

    public static void write(Reply reply, CommandSpec spec) {
        RespData reference = CommandReference.get().info(spec.fullName());
        reply.array(10);
        if (reference != null) {
            reference.item(0).write(reply);
            reply.integer(spec.arity());
            for (int i = 2; i < 9; i++) {
                reference.item(i).write(reply);
            }
        } else {
            reply.bulk(spec.fullName());
            reply.integer(spec.arity());
            Set<CommandFlag> flags = spec.reportedFlags();
            reply.set(flags.size());
            for (CommandFlag flag : flags) {
                reply.status(flag.wireName());
            }
            reply.integer(spec.firstKey());
            reply.integer(spec.lastKey());
            reply.integer(spec.keyStep());
            reply.statusSet(spec.aclCategories());
            reply.set(0); // no tips
            reply.set(spec.keySpecs().size());
            for (KeySpec keySpec : spec.keySpecs()) {
                keySpec.write(reply);
            }
        }
        if (spec.subcommands().isEmpty()) {
            reply.set(0); // Redis's own quirk: an empty set here, but an array when there are subcommands
        } else {
            reply.array(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                write(reply, sub);
            }
        }
    }
}
