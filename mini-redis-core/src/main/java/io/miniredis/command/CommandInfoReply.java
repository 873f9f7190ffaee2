package io.miniredis.command;

import io.miniredis.protocol.Reply;

import java.util.List;
import java.util.Set;

/**
 * Writes one command as COMMAND and COMMAND INFO describe it, in Redis 7.0's shape: name, arity, flags (set), first
 * key, last key, step, ACL categories (set), tips (set), key specifications (set of maps), subcommands (array of
 * the same shape; an empty set for a command without any).
 */
final class CommandInfoReply {

    private CommandInfoReply() {
    }

    static void write(Reply reply, CommandSpec spec) {
        RespData reference = CommandReference.get().info(spec.fullName());
        if (reference != null) {
            writeReference(reply, spec, reference);
            return;
        }
        reply.array(10);
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
        List<String> categories = spec.aclCategories();
        reply.set(categories.size());
        for (String category : categories) {
            reply.status(category);
        }
        reply.set(spec.tips().size());
        for (String tip : spec.tips()) {
            reply.bulk(tip);
        }
        writeKeySpecs(reply, spec);
        if (spec.subcommands().isEmpty()) {
            reply.set(0); // Redis's own quirk: an empty set here, but an array when there are subcommands
        } else {
            reply.array(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                write(reply, sub);
            }
        }
    }

    /**
     * Redis's own entry, but for the arity (the table's) and the subcommands of a container: only those the table
     * has (a command Redis has and we do not must not be announced).
     */
    private static void writeReference(Reply reply, CommandSpec spec, RespData reference) {
        reply.array(10);
        reference.item(0).write(reply);
        reply.integer(spec.arity()); // ours: ZRANK takes 7.2's WITHSCORE, a deliberate difference
        for (int i = 2; i < 9; i++) {
            reference.item(i).write(reply);
        }
        if (spec.subcommands().isEmpty()) {
            reference.item(9).write(reply);
            return;
        }
        reply.array(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands()) {
            write(reply, sub);
        }
    }

    /**
     * The key specifications, generated from the table: a range spec for keys at fixed positions (first, last,
     * step), and for keys found by a {@link KeyFinder} an "unknown" spec, which tells a cluster client to ask
     * COMMAND GETKEYS. A command that declares its specs ({@link CommandSpec#keySpecs}) gets those.
     */
    private static void writeKeySpecs(Reply reply, CommandSpec spec) {
        if (!spec.keySpecs().isEmpty()) {
            reply.set(spec.keySpecs().size());
            for (KeySpec keySpec : spec.keySpecs()) {
                keySpec.write(reply);
            }
            return;
        }
        boolean range = spec.firstKey() > 0;
        boolean unknown = spec.keyFinder() != null;
        reply.set((range ? 1 : 0) + (unknown ? 1 : 0));
        if (range) {
            writeKeySpecStart(reply, spec);
            reply.bulk("begin_search").map(2);
            reply.bulk("type").bulk("index");
            reply.bulk("spec").map(1).bulk("index").integer(spec.firstKey());
            reply.bulk("find_keys").map(2);
            reply.bulk("type").bulk("range");
            // lastkey is relative to the first key when positive, counted from the end when negative
            int lastKey = spec.lastKey() < 0 ? spec.lastKey() : spec.lastKey() - spec.firstKey();
            reply.bulk("spec").map(3);
            reply.bulk("lastkey").integer(lastKey);
            reply.bulk("keystep").integer(spec.keyStep());
            reply.bulk("limit").integer(0);
        }
        if (unknown) {
            writeKeySpecStart(reply, spec);
            reply.bulk("begin_search").map(2).bulk("type").bulk("unknown").bulk("spec").map(0);
            reply.bulk("find_keys").map(2).bulk("type").bulk("unknown").bulk("spec").map(0);
        }
    }

    /** The map header, the notes if any, and the flags. */
    private static void writeKeySpecStart(Reply reply, CommandSpec spec) {
        boolean notes = spec.keySpecNotes() != null;
        reply.map(notes ? 4 : 3);
        if (notes) {
            reply.bulk("notes").bulk(spec.keySpecNotes());
        }
        reply.bulk("flags");
        writeStatusSet(reply, spec.keySpecFlags());
    }

    static void writeStatusSet(Reply reply, List<String> values) {
        reply.set(values.size());
        for (String value : values) {
            reply.status(value);
        }
    }
}
