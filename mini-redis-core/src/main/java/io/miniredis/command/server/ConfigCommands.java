package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.TableAccess;
import io.miniredis.config.ConfigException;
import io.miniredis.config.ConfigFileRewriter;
import io.miniredis.config.ConfigParameter;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.util.Glob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** CONFIG GET, SET, RESETSTAT, REWRITE and HELP, over the server's {@link ConfigRegistry}. */
public final class ConfigCommands implements CommandFamily {

    private final TableAccess access;

    public ConfigCommands(TableAccess access) {
        this.access = access;
    }

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        // Summaries, since and complexity are Redis 7.0.15's COMMAND DOCS texts.
        return List.of(
                container("config", "",
                        command("get", -3, "admin noscript loading stale", this::get),
                        // Redis also gives CONFIG SET the tips request_policy:all_nodes and
                        // response_policy:all_succeeded: to add once CommandSpec carries tips.
                        command("set", -4, "admin noscript loading stale", this::set),
                        command("resetstat", 2, "admin noscript loading stale", this::resetStat),
                        command("rewrite", 2, "admin noscript loading stale", this::rewrite),
                        command("help", 2, "loading stale", this::help)));
        // spotless:on
    }

    /**
     * Each pattern is a glob over every parameter name and alias, or, without glob characters, one name looked up
     * directly (hidden parameters included) and reported as the client wrote it. A name matched twice is reported
     * once, case-insensitively, as in Redis 7.
     */
    private void get(CommandCall c) {
        ConfigRegistry config = c.server().config();
        Map<String, String[]> found = new LinkedHashMap<>();
        Map<String, ConfigParameter> names = null;
        Args args = c.args(2);
        while (args.hasNext()) {
            String pattern = text(args.next());
            if (!isGlob(pattern)) {
                ConfigParameter parameter = config.parameter(pattern);
                if (parameter != null) {
                    found.putIfAbsent(
                            pattern.toLowerCase(Locale.ROOT), new String[] {pattern, config.display(parameter.name())});
                }
                continue;
            }
            if (names == null) {
                names = config.visibleNames();
            }
            for (Map.Entry<String, ConfigParameter> name : names.entrySet()) {
                if (Glob.matches(pattern, name.getKey(), true)) {
                    found.putIfAbsent(name.getKey(), new String[] {
                        name.getKey(), config.display(name.getValue().name())
                    });
                }
            }
        }
        Reply reply = c.reply();
        reply.map(found.size());
        for (String[] entry : found.values()) {
            reply.bulk(entry[0]).bulk(entry[1]);
        }
    }

    /** One {@code parameter value} pair of CONFIG SET, as the client sent it. */
    private record Assignment(byte[] name, byte[] value) {

        /** The pairs; an odd number of arguments is a syntax error before any name is looked at, as in Redis. */
        static List<Assignment> parseAll(Args args) {
            if (args.remaining() % 2 != 0) {
                throw RedisError.SYNTAX;
            }
            List<Assignment> assignments = new ArrayList<>(args.remaining() / 2);
            while (args.hasNext()) {
                assignments.add(new Assignment(args.next(), args.next()));
            }
            return assignments;
        }
    }

    /**
     * Redis 7's multi-parameter CONFIG SET: names are checked first (unknown, immutable, protected, given twice),
     * then every value, then all are applied at once; if applying one fails, all go back.
     */
    private void set(CommandCall c) {
        List<Assignment> assignments = Assignment.parseAll(c.args(2));
        ConfigRegistry config = c.server().config();
        List<ConfigParameter> parameters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Assignment assignment : assignments) {
            String name = text(assignment.name());
            ConfigParameter parameter = config.parameter(name);
            if (parameter == null) {
                throw new RedisError("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + CommandDispatcher.latin1(assignment.name()) + "'");
            }
            if (!parameter.mutable()) {
                throw failed(assignment.name(), "can't set immutable config");
            }
            if (parameter.isProtected() && !protectedConfigsAllowed(c)) {
                throw failed(assignment.name(), "can't set protected config");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw failed(assignment.name(), "duplicate parameter");
            }
            parameters.add(parameter);
        }
        List<ConfigRegistry.Change> changes = new ArrayList<>();
        for (int i = 0; i < assignments.size(); i++) {
            Assignment assignment = assignments.get(i);
            ConfigParameter parameter = parameters.get(i);
            try {
                changes.add(new ConfigRegistry.Change(
                        text(assignment.name()), parameter, config.validate(parameter, text(assignment.value()))));
            } catch (ConfigException e) {
                throw failed(assignment.name(), e.getMessage());
            }
        }
        try {
            config.apply(changes);
        } catch (ConfigRegistry.ApplyFailure e) {
            throw failed(e.argument().getBytes(StandardCharsets.UTF_8), e.getMessage());
        }
        c.reply().ok();
    }

    private static RedisError failed(byte[] argument, String reason) {
        return new RedisError("ERR CONFIG SET failed (possibly related to argument '"
                + CommandDispatcher.latin1(argument) + "') - " + reason);
    }

    /** {@code enable-protected-configs}: no, yes, or local (connections from the loopback interface only). */
    private static boolean protectedConfigsAllowed(CommandCall c) {
        return switch (c.server().config().get("enable-protected-configs")) {
            case "yes" -> true;
            case "local" -> c.client().isLocal();
            default -> false;
        };
    }

    private void resetStat(CommandCall c) {
        c.server().stats().reset();
        c.server().clientEviction().resetStats();
        for (CommandSpec spec : access.table().commands()) {
            spec.stats().reset();
            for (CommandSpec sub : spec.subcommands()) {
                sub.stats().reset();
            }
        }
        c.reply().ok();
    }

    private void rewrite(CommandCall c) {
        Path file = c.server().startConfig().configFile();
        if (file == null) {
            throw new RedisError("ERR The server is running without a config file");
        }
        try {
            ConfigFileRewriter.rewrite(file, c.server().config());
        } catch (IOException e) {
            throw new RedisError("ERR Rewriting config file: " + e.getMessage());
        }
        c.reply().ok();
    }

    private void help(CommandCall c) {
        String[] lines = {
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
            "HELP",
            "    Prints this help."
        };
        c.reply().array(lines.length);
        for (String line : lines) {
            c.reply().status(line);
        }
    }

    /** Parameter names and values are text; clients send UTF-8 (mini-redis keeps configuration as Java strings). */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether {@code pattern} has glob characters; without them CONFIG GET looks the name up directly. */
    private static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }
}
