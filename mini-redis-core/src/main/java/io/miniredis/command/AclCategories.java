package io.miniredis.command;

import static io.miniredis.command.AclCategory.ADMIN;
import static io.miniredis.command.AclCategory.BITMAP;
import static io.miniredis.command.AclCategory.BLOCKING;
import static io.miniredis.command.AclCategory.CONNECTION;
import static io.miniredis.command.AclCategory.DANGEROUS;
import static io.miniredis.command.AclCategory.FAST;
import static io.miniredis.command.AclCategory.GEO;
import static io.miniredis.command.AclCategory.HASH;
import static io.miniredis.command.AclCategory.HYPERLOGLOG;
import static io.miniredis.command.AclCategory.KEYSPACE;
import static io.miniredis.command.AclCategory.LIST;
import static io.miniredis.command.AclCategory.PUBSUB;
import static io.miniredis.command.AclCategory.READ;
import static io.miniredis.command.AclCategory.SCRIPTING;
import static io.miniredis.command.AclCategory.SET;
import static io.miniredis.command.AclCategory.SLOW;
import static io.miniredis.command.AclCategory.SORTEDSET;
import static io.miniredis.command.AclCategory.STREAM;
import static io.miniredis.command.AclCategory.STRING;
import static io.miniredis.command.AclCategory.TRANSACTION;
import static io.miniredis.command.AclCategory.WRITE;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Derives a command's ACL categories the way Redis 7.0 ends up with them. Redis gives each command explicit
 * categories (almost always the one of its documentation group: {@code string} commands are {@code @string},
 * {@code generic} ones {@code @keyspace}, {@code server} ones none) and then adds implicit ones from its flags
 * ({@code write} gives {@code @write}, {@code admin} gives {@code @admin @dangerous}, not {@code fast} gives {@code
 * @slow}...). So the group and the flags decide, except for the few commands listed in {@link #EXCEPTIONS}.
 *
 * <p>The exceptions live here rather than on the specs so that every family gets them right without knowing about
 * them; the list is complete for Redis 7.0.15 (checked against COMMAND INFO of every command).
 */
final class AclCategories {

    /**
     * Commands whose explicit categories are not their group's. An entry for a container also covers its
     * subcommands (COMMAND and all of COMMAND's subcommands are {@code @connection} in a {@code server} group).
     */
    private static final Map<String, List<AclCategory>> EXCEPTIONS = Map.ofEntries(
            Map.entry("sort", List.of(SET, SORTEDSET, LIST, DANGEROUS)),
            Map.entry("sort_ro", List.of(SET, SORTEDSET, LIST, DANGEROUS)),
            Map.entry("keys", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("migrate", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("restore", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("restore-asking", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("flushdb", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("flushall", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("swapdb", List.of(KEYSPACE, DANGEROUS)),
            Map.entry("dbsize", List.of(KEYSPACE)),
            Map.entry("wait", List.of(CONNECTION)),
            Map.entry("asking", List.of(CONNECTION)),
            Map.entry("readonly", List.of(CONNECTION)),
            Map.entry("readwrite", List.of(CONNECTION)),
            Map.entry("role", List.of(ADMIN, DANGEROUS)),
            Map.entry("lastsave", List.of(ADMIN, DANGEROUS)),
            Map.entry("info", List.of(DANGEROUS)),
            Map.entry("command", List.of(CONNECTION)),
            Map.entry("pubsub|help", List.of()));

    private AclCategories() {}

    /** The categories of {@code spec}, in Redis's order. */
    static EnumSet<AclCategory> of(CommandSpec spec) {
        EnumSet<AclCategory> categories = EnumSet.noneOf(AclCategory.class);
        categories.addAll(explicit(spec));
        if (spec.has(CommandFlag.WRITE)) {
            categories.add(WRITE);
        }
        // Redis leaves @read off read-only scripting commands (EVAL_RO, FCALL_RO): a script may do anything.
        if (spec.has(CommandFlag.READONLY) && !categories.contains(SCRIPTING)) {
            categories.add(READ);
        }
        if (spec.has(CommandFlag.ADMIN)) {
            categories.add(ADMIN);
            categories.add(DANGEROUS);
        }
        if (spec.has(CommandFlag.PUBSUB)) {
            categories.add(PUBSUB);
        }
        categories.add(spec.has(CommandFlag.FAST) ? FAST : SLOW);
        if (spec.has(CommandFlag.BLOCKING)) {
            categories.add(BLOCKING);
        }
        return categories;
    }

    private static List<AclCategory> explicit(CommandSpec spec) {
        List<AclCategory> exception = EXCEPTIONS.get(spec.fullName());
        if (exception == null && spec.parent() != null) {
            exception = EXCEPTIONS.get(spec.parent().name());
        }
        if (exception != null) {
            return exception;
        }
        if (spec.isContainer()) {
            return List.of(); // a container (CONFIG, CLIENT, OBJECT...) is only @slow; its subcommands carry the rest
        }
        AclCategory group = ofGroup(spec.group());
        return group == null ? List.of() : List.of(group);
    }

    /** The category of a documentation group, or null for groups without one (server, cluster, sentinel). */
    private static AclCategory ofGroup(String group) {
        return switch (group) {
            case "generic" -> KEYSPACE;
            case "string" -> STRING;
            case "list" -> LIST;
            case "set" -> SET;
            case "sorted-set" -> SORTEDSET;
            case "hash" -> HASH;
            case "bitmap" -> BITMAP;
            case "hyperloglog" -> HYPERLOGLOG;
            case "geo" -> GEO;
            case "stream" -> STREAM;
            case "pubsub" -> PUBSUB;
            case "connection" -> CONNECTION;
            case "transactions" -> TRANSACTION;
            case "scripting" -> SCRIPTING;
            default -> null;
        };
    }
}
