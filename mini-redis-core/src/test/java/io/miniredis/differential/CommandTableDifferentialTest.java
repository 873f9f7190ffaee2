package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.command.Commands;
import io.miniredis.command.TableAccess;
import io.miniredis.command.connection.ConnectionCommands;
import io.miniredis.command.hash.HashCommands;
import io.miniredis.command.key.DumpRestoreCommands;
import io.miniredis.command.key.SortCommands;
import io.miniredis.command.list.ListCommands;
import io.miniredis.command.pubsub.PubSubCommands;
import io.miniredis.command.scripting.FunctionCommands;
import io.miniredis.command.scripting.ScriptingCommands;
import io.miniredis.command.server.CommandIntrospectionCommands;
import io.miniredis.command.server.MemoryCommands;
import io.miniredis.command.set.SetAlgebra;
import io.miniredis.command.set.SetCommands;
import io.miniredis.command.sortedset.SortedSetCommands;
import io.miniredis.command.string.StringCommands;
import io.miniredis.command.transaction.TransactionCommands;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The command table against the real server's: for every command and subcommand mini-redis declares, COMMAND INFO
 * must report what Redis 7.0.15 reports (arity, flags, key positions, ACL categories; for the complete families the
 * whole entry), and the COMMAND subcommands must behave as Redis's do.
 */
class CommandTableDifferentialTest extends DifferentialTestBase {

    /**
     * Commands that Redis 7.2 added and 7.0.15 does not know: mini-redis may have them, the comparison skips them.
     * Any other name unknown to the real server is reported (most likely a typo in the table).
     */
    private static final Set<String> NEWER_THAN_7_0 =
            Set.of("client|setinfo", "client|no-touch", "waitaof", "cluster|myshardid");

    /**
     * Commands whose arity follows Redis 7.2 on purpose: ZRANK and ZREVRANK take 7.2's WITHSCORE, so their arity
     * is -3 where 7.0.15 says 3. Everything else about them is compared.
     */
    private static final Map<String, String> ARITY_OF_7_2 = Map.of("zrank", "-3", "zrevrank", "-3");

    /**
     * The families whose specs are complete: besides what every command is checked for, their tips, key
     * specifications (flags, notes) and documentation (summary, since, complexity) are Redis's, so COMMAND INFO is
     * byte-identical. Add a family here once its specs carry those ({@code .tips(...)}, {@code .keySpecFlags(...)},
     * {@code .complexity(...)}).
     */
    private static final List<CommandFamily> COMPLETE_FAMILIES = List.of(
            new StringCommands(),
            new ConnectionCommands(),
            new CommandIntrospectionCommands(new TableAccess()),
            new ListCommands(),
            new HashCommands(),
            new SetCommands(),
            new SetAlgebra(),
            new SortedSetCommands(),
            new SortCommands(),
            new TransactionCommands(new TableAccess()),
            new MemoryCommands(),
            new PubSubCommands(),
            new ScriptingCommands(),
            new FunctionCommands(),
            new DumpRestoreCommands());

    /**
     * Compares the fields of every command's COMMAND INFO entry with the real server's; all differences are
     * collected and reported together, one per line: command, field, ours, Redis's.
     */
    @Test
    void everyCommandReportsWhatRedisReports() {
        Map<String, Function<RespReply, Object>> fields = new LinkedHashMap<>();
        fields.put("arity", entry -> entry.elements().get(1).line());
        fields.put("flags", entry -> lines(entry.elements().get(2)));
        fields.put("first key", entry -> entry.elements().get(3).line());
        fields.put("last key", entry -> entry.elements().get(4).line());
        fields.put("step", entry -> entry.elements().get(5).line());
        fields.put("ACL categories", entry -> lines(entry.elements().get(6)));
        List<String> mismatches = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : allNames()) {
            RespReply theirs = expected.call("COMMAND", "INFO", name).elements().get(0);
            RespReply ours = actual.call("COMMAND", "INFO", name).elements().get(0);
            if (ours.elements() == null) {
                mismatches.add(name + " -> COMMAND INFO: null, though it is in the table");
                continue;
            }
            if (theirs.elements() == null) {
                if (NEWER_THAN_7_0.contains(name)) {
                    skipped.add(name);
                } else {
                    mismatches.add(name + " -> unknown to Redis 7.0.15 (a typo, or add it to NEWER_THAN_7_0)");
                }
                continue;
            }
            fields.forEach((field, extract) -> {
                Object mine = extract.apply(ours);
                Object redis = extract.apply(theirs);
                if (field.equals("arity") && mine.equals(ARITY_OF_7_2.get(name))) {
                    return;
                }
                if (!mine.equals(redis)) {
                    mismatches.add(name + " -> " + field + ": ours " + mine + " vs Redis " + redis);
                }
            });
        }
        System.out.println("Not in Redis 7.0.15, not compared: " + skipped);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " difference(s) from Redis 7.0.15's command table (skipped, newer than 7.0: "
                    + skipped + "):\n  " + String.join("\n  ", mismatches));
        }
    }

    /**
     * The ACL derivation against all of Redis's commands, not only those in the table: each Redis command is rebuilt
     * as a spec from its COMMAND INFO flags and COMMAND DOCS group, and must come out with Redis's categories. So
     * families written later get their categories right without declaring them.
     */
    @Test
    void aclCategoriesDeriveForEveryRedisCommand() {
        Map<String, String> groups = new LinkedHashMap<>();
        pairs(expected.call("COMMAND", "DOCS"))
                .forEach((name, docs) ->
                        groups.put(name, pairs(docs).get("group").text()));
        Map<String, RespReply> redisInfo = new LinkedHashMap<>();
        Map<String, List<CommandFamily>> familiesByGroup = new LinkedHashMap<>();
        for (RespReply entry : expected.call("COMMAND").elements()) {
            String name = entry.elements().get(0).text();
            redisInfo.put(name, entry);
            List<CommandSpec> subcommands = new ArrayList<>();
            for (RespReply sub : entry.elements().get(9).elements()) {
                redisInfo.put(sub.elements().get(0).text(), sub);
                subcommands.add(specLike(sub, sub.elements().get(0).text().split("\\|")[1]));
            }
            CommandSpec spec = subcommands.isEmpty()
                    ? specLike(entry, name)
                    : CommandSpec.container(
                            name,
                            String.join(" ", lines(entry.elements().get(2))),
                            subcommands.toArray(CommandSpec[]::new));
            String group = groups.get(name);
            familiesByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(new CommandFamily() {
                @Override
                public String group() {
                    return group;
                }

                @Override
                public List<CommandSpec> commands() {
                    return List.of(spec);
                }
            });
        }
        List<CommandFamily> families =
                familiesByGroup.values().stream().flatMap(List::stream).toList();
        List<String> mismatches = new ArrayList<>();
        for (CommandSpec spec : CommandTable.of(families).commands()) {
            List<CommandSpec> all = new ArrayList<>(List.of(spec));
            all.addAll(spec.subcommands());
            for (CommandSpec each : all) {
                List<String> theirs =
                        lines(redisInfo.get(each.fullName()).elements().get(6));
                if (!each.aclCategories().equals(theirs)) {
                    mismatches.add(each.fullName() + " (" + each.group() + ", " + each.flags() + "): derived "
                            + each.aclCategories() + " vs Redis " + theirs);
                }
            }
        }
        assertThat(redisInfo).hasSizeGreaterThan(300);
        assertThat(mismatches)
                .as("ACL categories derived differently from Redis 7.0.15's")
                .isEmpty();
    }

    /** A spec with the arity, flags and key positions of a COMMAND INFO entry (movablekeys left to the table). */
    private static CommandSpec specLike(RespReply entry, String name) {
        List<RespReply> f = entry.elements();
        String flags = String.join(
                " ",
                lines(f.get(2)).stream()
                        .filter(flag -> !flag.equals("movablekeys"))
                        .toList());
        return CommandSpec.command(
                name,
                Integer.parseInt(f.get(1).line()),
                flags,
                Integer.parseInt(f.get(3).line()),
                Integer.parseInt(f.get(4).line()),
                Integer.parseInt(f.get(5).line()),
                call -> {});
    }

    /** Every command and subcommand name in the table, as COMMAND INFO takes them ({@code config|get}). */
    private static List<String> allNames() {
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : Commands.table().commands()) {
            names.add(spec.fullName());
            for (CommandSpec sub : spec.subcommands()) {
                names.add(sub.fullName());
            }
        }
        return names;
    }

    private static List<RespReply> withoutArity(List<RespReply> fields) {
        List<RespReply> rest = new ArrayList<>(fields);
        rest.remove(1);
        return rest;
    }

    /** The first nine fields of the one entry of a COMMAND INFO reply, as raw replies. */
    private static List<RespReply> withoutSubcommands(RespReply info) {
        return info.elements().get(0).elements().subList(0, 9);
    }

    private static List<String> lines(RespReply aggregate) {
        return aggregate.elements().stream().map(RespReply::text).toList();
    }

    @Test
    void completeFamiliesAreByteIdentical() {
        for (CommandFamily family : COMPLETE_FAMILIES) {
            for (CommandSpec spec : family.commands()) {
                if (spec.isContainer()) {
                    // Redis has subcommands we lack and lists them in its hash table's order: compare the
                    // container's own fields here and each subcommand on its own
                    assertThat(withoutSubcommands(actual.call("COMMAND", "INFO", spec.name())))
                            .as("COMMAND INFO %s", spec.name())
                            .isEqualTo(withoutSubcommands(expected.call("COMMAND", "INFO", spec.name())));
                    for (CommandSpec sub : spec.subcommands()) {
                        if (!NEWER_THAN_7_0.contains(sub.fullName())) {
                            same("COMMAND", "INFO", sub.fullName());
                        }
                    }
                } else if (ARITY_OF_7_2.containsKey(spec.name())) {
                    List<RespReply> ours = actual.call("COMMAND", "INFO", spec.name())
                            .elements()
                            .get(0)
                            .elements();
                    List<RespReply> theirs = expected.call("COMMAND", "INFO", spec.name())
                            .elements()
                            .get(0)
                            .elements();
                    assertThat(ours.get(1).line()).isEqualTo(ARITY_OF_7_2.get(spec.name()));
                    assertThat(withoutArity(ours))
                            .as("COMMAND INFO %s", spec.name())
                            .isEqualTo(withoutArity(theirs));
                } else {
                    same("COMMAND", "INFO", spec.name());
                }
            }
        }
    }

    @Test
    void completeFamiliesHaveRedisDocumentation() {
        List<String> mismatches = new ArrayList<>();
        for (CommandFamily family : COMPLETE_FAMILIES) {
            for (CommandSpec spec : family.commands()) {
                compareDocs(spec.fullName(), mismatches);
                for (CommandSpec sub : spec.subcommands()) {
                    if (!NEWER_THAN_7_0.contains(sub.fullName())) {
                        compareDocs(sub.fullName(), mismatches);
                    }
                }
            }
        }
        assertThat(mismatches)
                .as("COMMAND DOCS fields that differ from Redis 7.0.15")
                .isEmpty();
    }

    private void compareDocs(String name, List<String> mismatches) {
        Map<String, RespReply> ours = docsOf(actual.call("COMMAND", "DOCS", name), name);
        Map<String, RespReply> theirs = docsOf(expected.call("COMMAND", "DOCS", name), name);
        for (String field : List.of("summary", "since", "group", "complexity")) {
            String mine = ours.containsKey(field) ? ours.get(field).text() : null;
            String redis = theirs.containsKey(field) ? theirs.get(field).text() : null;
            if (!Objects.equals(mine, redis)) {
                mismatches.add(name + " -> " + field + ": ours " + mine + " vs Redis " + redis);
            }
        }
    }

    /** The documentation map of {@code name} in a COMMAND DOCS reply (RESP2: flat arrays of key, value). */
    private static Map<String, RespReply> docsOf(RespReply docs, String name) {
        assertThat(docs.elements()).as("COMMAND DOCS %s", name).hasSize(2);
        assertThat(docs.elements().get(0).text()).isEqualTo(name);
        return pairs(docs.elements().get(1));
    }

    private static Map<String, RespReply> pairs(RespReply flat) {
        Map<String, RespReply> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.elements().size(); i += 2) {
            map.put(flat.elements().get(i).text(), flat.elements().get(i + 1));
        }
        return map;
    }

    /**
     * COMMAND DOCS comes from Redis's own reply (see CommandReference): for every command of the table, in RESP2 and
     * RESP3, the bytes are Redis's, arguments and history included; a container lists only the subcommands we have,
     * so it is compared without them, and each subcommand on its own.
     */
    @Test
    void docsOfEveryCommandAreRedisOwn() {
        for (int protocol : new int[] {2, 3}) {
            actual.call("HELLO", Integer.toString(protocol)); // the client ids in the replies differ
            expected.call("HELLO", Integer.toString(protocol));
            for (CommandSpec spec : io.miniredis.command.Commands.table().commands()) {
                if (spec.isContainer()) {
                    for (CommandSpec sub : spec.subcommands()) {
                        if (!NEWER_THAN_7_0.contains(sub.fullName())) {
                            same("COMMAND", "DOCS", sub.fullName());
                        }
                    }
                } else if (!NEWER_THAN_7_0.contains(spec.name())) {
                    same("COMMAND", "DOCS", spec.name());
                }
            }
        }
        actual.call("HELLO", "2");
        expected.call("HELLO", "2");
    }

    @Test
    void countIsTheTableSize() {
        int size = Commands.table().commands().size();
        assertThat(actual.call("COMMAND", "COUNT").line()).isEqualTo(Integer.toString(size));
        assertThat(actual.call("COMMAND").elements()).hasSize(size);
        assertThat(actual.call("COMMAND", "INFO").elements()).hasSize(size);
        assertThat(actual.call("COMMAND", "DOCS").elements()).hasSize(2 * size);
        check("""
                COMMAND COUNT extra
                COMMAND NOSUCH
                COMMAND HELP
                COMMAND HELP extra
                command help
                CLIENT HELP
                """);
    }

    @Test
    void infoOfUnknownNames() {
        check("""
                COMMAND INFO nosuchcommand
                COMMAND INFO get nosuch GET
                COMMAND INFO client|nosuch
                COMMAND INFO CLIENT|ID
                COMMAND INFO client|id|x
                COMMAND INFO get|x
                COMMAND INFO |id
                COMMAND INFO client|
                COMMAND INFO |
                COMMAND INFO ""
                COMMAND DOCS nosuchcommand
                COMMAND DOCS client|nosuch get|x
                """);
    }

    @Test
    void getKeys() {
        check("""
                COMMAND GETKEYS get a
                COMMAND GETKEYS GET a
                COMMAND GETKEYS get a b
                COMMAND GETKEYS mget a b c
                COMMAND GETKEYS mset a 1 b 2
                COMMAND GETKEYS mset a 1 b
                COMMAND GETKEYS msetnx a 1 b 2
                COMMAND GETKEYS set k v EX 10 GET
                COMMAND GETKEYS getex k PERSIST
                COMMAND GETKEYS lcs a b
                COMMAND GETKEYS lcs a b LEN
                COMMAND GETKEYS incrbyfloat k 1.5
                COMMAND GETKEYS ping x
                COMMAND GETKEYS echo a b
                COMMAND GETKEYS client id
                COMMAND GETKEYS client id x y
                COMMAND GETKEYS CLIENT ID
                COMMAND GETKEYS client nosuch
                COMMAND GETKEYS command info get
                COMMAND GETKEYS nosuch a
                COMMAND GETKEYS get
                COMMAND GETKEYS
                COMMAND GETKEYSANDFLAGS get a
                COMMAND GETKEYSANDFLAGS set k v
                COMMAND GETKEYSANDFLAGS set k v NX
                COMMAND GETKEYSANDFLAGS set k v get
                COMMAND GETKEYSANDFLAGS set k v EX get
                COMMAND GETKEYSANDFLAGS set k get
                COMMAND GETKEYSANDFLAGS getex k EX 1
                COMMAND GETKEYSANDFLAGS mset a 1 b 2
                COMMAND GETKEYSANDFLAGS msetnx a 1 b 2
                COMMAND GETKEYSANDFLAGS getdel k
                COMMAND GETKEYSANDFLAGS strlen k
                COMMAND GETKEYSANDFLAGS append k v
                COMMAND GETKEYSANDFLAGS setrange k 0 v
                COMMAND GETKEYSANDFLAGS incr k
                COMMAND GETKEYSANDFLAGS lcs a b
                COMMAND GETKEYSANDFLAGS ping x
                COMMAND GETKEYSANDFLAGS nosuch a
                COMMAND GETKEYSANDFLAGS get a b
                """);
    }

    @Test
    void docsShape() {
        RespReply docs = actual.call("COMMAND", "DOCS", "get", "client", "nosuch");
        Map<String, RespReply> byName = pairs(docs);
        assertThat(byName).containsOnlyKeys("get", "client");
        Map<String, RespReply> get = pairs(byName.get("get"));
        assertThat(get).containsKeys("summary", "since", "group");
        assertThat(get.get("group").text()).isEqualTo("string");
        Map<String, RespReply> client = pairs(byName.get("client"));
        assertThat(client).containsKeys("summary", "since", "group", "subcommands");
        Map<String, RespReply> subcommands = pairs(client.get("subcommands"));
        assertThat(subcommands).containsKey("client|id");
        assertThat(pairs(subcommands.get("client|id"))).containsKeys("summary", "since", "group");
        for (RespReply entry : pairs(actual.call("COMMAND", "DOCS")).values()) {
            assertThat(pairs(entry)).containsKeys("summary", "since", "group");
        }
    }

    @Test
    void resp3UsesMapsAndSets() {
        try (RespClient redis3 = new RespClient(redis.port());
                RespClient mini3 = new RespClient(mini.port())) {
            redis3.call("HELLO", "3");
            mini3.call("HELLO", "3");
            for (String[] command : List.of(
                    new String[] {"COMMAND", "INFO", "get", "ping", "nosuch", "client|list", "mset"},
                    new String[] {"COMMAND", "GETKEYSANDFLAGS", "mset", "a", "1", "b", "2"},
                    new String[] {"COMMAND", "LIST", "FILTERBY", "PATTERN", "nosuch*"})) {
                assertThat(mini3.call(command)).as(String.join(" ", command)).isEqualTo(redis3.call(command));
            }
            assertThat(withoutSubcommands(mini3.call("COMMAND", "INFO", "client")))
                    .isEqualTo(withoutSubcommands(redis3.call("COMMAND", "INFO", "client")));

            RespReply all = mini3.call("COMMAND");
            assertThat(all.type()).isEqualTo('*');
            for (RespReply entry : all.elements()) {
                assertInfoEntryIsResp3(entry);
            }
            RespReply docs = mini3.call("COMMAND", "DOCS", "get", "client");
            assertThat(docs.type()).isEqualTo('%');
            assertThat(docs.elements().get(1).type()).isEqualTo('%');
            RespReply client = docs.elements().get(3);
            assertThat(client.type()).isEqualTo('%');
            assertThat(client.elements().get(client.elements().size() - 1).type())
                    .isEqualTo('%');
        }
    }

    private static void assertInfoEntryIsResp3(RespReply entry) {
        List<RespReply> fields = entry.elements();
        assertThat(fields).as(entry.toString()).hasSize(10);
        assertThat(fields.get(0).type()).isEqualTo('$');
        assertThat(fields.get(1).type()).isEqualTo(':');
        assertThat(fields.get(2).type()).isEqualTo('~');
        assertThat(fields.get(6).type()).isEqualTo('~');
        assertThat(fields.get(7).type()).isEqualTo('~');
        assertThat(fields.get(8).type()).isEqualTo('~');
        for (RespReply keySpec : fields.get(8).elements()) {
            assertThat(keySpec.type()).isEqualTo('%');
        }
        RespReply subcommands = fields.get(9);
        if (subcommands.elements().isEmpty()) {
            assertThat(subcommands.type()).isEqualTo('~');
        } else {
            assertThat(subcommands.type()).isEqualTo('*');
            subcommands.elements().forEach(CommandTableDifferentialTest::assertInfoEntryIsResp3);
        }
    }

    @Test
    void listFilters() {
        assertThat(listed(actual.call("COMMAND", "LIST"))).isEqualTo(new TreeSet<>(allNames()));
        for (String[] filter : List.of(
                new String[] {"PATTERN", "cl*"},
                new String[] {"PATTERN", "CLIENT|*"},
                new String[] {"PATTERN", "*get*"},
                new String[] {"PATTERN", "[gs]et"},
                new String[] {"PATTERN", "*|i?"},
                new String[] {"PATTERN", "command*"},
                new String[] {"PATTERN", "?"},
                new String[] {"ACLCAT", "connection"},
                new String[] {"ACLCAT", "STRING"},
                new String[] {"ACLCAT", "slow"},
                new String[] {"ACLCAT", "fast"},
                new String[] {"ACLCAT", "dangerous"},
                new String[] {"ACLCAT", "write"},
                new String[] {"ACLCAT", "read"},
                new String[] {"ACLCAT", "keyspace"},
                new String[] {"ACLCAT", "nosuch"},
                new String[] {"MODULE", "nosuch"})) {
            String[] command = {"COMMAND", "LIST", "FILTERBY", filter[0], filter[1]};
            Set<String> theirs = listed(expected.call(command));
            theirs.retainAll(allNames()); // Redis has many more commands
            Set<String> ours = listed(actual.call(command));
            ours.removeAll(NEWER_THAN_7_0);
            assertThat(ours).as(String.join(" ", command)).isEqualTo(theirs);
        }
        check("""
                COMMAND LIST FILTERBY
                COMMAND LIST FILTERBY PATTERN
                COMMAND LIST foo
                COMMAND LIST FILTERBY foo x
                COMMAND LIST FILTERBY PATTERN a b
                COMMAND LIST x y z
                command list filterby module x
                COMMAND LIST FILTERBY ACLCAT nosuch
                COMMAND LIST FILTERBY ACLCAT
                COMMAND LIST FILTERBY aclcat nosuch extra
                COMMAND LIST filterby MODULE
                COMMAND LIST FILTERBY bogus x y
                """);
    }

    private static Set<String> listed(RespReply reply) {
        Set<String> names = new TreeSet<>();
        reply.elements().forEach(name -> names.add(name.text()));
        return names;
    }
}
