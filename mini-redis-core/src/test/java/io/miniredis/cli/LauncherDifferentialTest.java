package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same argument vectors and config files given to redis-server 7.0.15 and to the launcher's parsing
 * ({@link CommandLine}, {@link RedisConf}) and server: the resulting CONFIG GET values must be the same, and a bad
 * configuration must fail with the same text. (Exit codes and log lines of the packaged jar: StandaloneServerIT.)
 */
class LauncherDifferentialTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void redisInstalled() {
        RealRedis.start().close(); // skips the class, saying why, when redis-server is missing
    }

    // ---- command-line forms ----

    @Test
    void optionValuesAsRedisReadsThem() throws Exception {
        sameConfig(List.of("--maxmemory", "700mb"), "", "maxmemory");
        sameConfig(List.of("--maxmemory 700mb"), "", "maxmemory");
        sameConfig(List.of("--save"), "", "save");
        sameConfig(List.of("--save", "--maxmemory", "1mb"), "", "save", "maxmemory");
        sameConfig(List.of("--save", "3600", "1", "300", "100"), "", "save");
        sameConfig(List.of("--logfile", "--save", "--save", "10", "1"), "", "logfile", "save");
        sameConfig(List.of("--maxmemory", "1mb", "--maxmemory", "2mb"), "", "maxmemory");
        sameConfig(List.of("--loglevel", "verbose"), "", "loglevel");
        sameConfig(List.of("--masterauth", "a \"quoted\"\tvalue\\"), "", "masterauth");
        sameConfig(List.of("--maxmemory-policy", "ALLKEYS-LRU"), "", "maxmemory-policy");
        sameConfig(
                List.of("--client-output-buffer-limit", "normal", "1mb", "1mb", "1"), "", "client-output-buffer-limit");
        sameConfig(
                List.of("--shutdown-on-sigterm", "nosave now", "--shutdown-on-sigint", "FORCE", "now"),
                "",
                "shutdown-on-sigterm",
                "shutdown-on-sigint");
        sameConfig(List.of("--shutdown-on-sigterm", "default", "now"), "", "shutdown-on-sigterm");
        sameConfig(List.of("--shutdown-on-sigterm", "save"), "", "shutdown-on-sigterm");
        sameConfig(
                List.of("--enable-debug-command", "yes", "--latency-tracking-info-percentiles", "50", "99"),
                "",
                "enable-debug-command",
                "latency-tracking-info-percentiles");
    }

    @Test
    void configFileQuotingCommentsIncludeAndOverrides() throws Exception {
        Path included = dir.resolve("included.conf");
        Files.writeString(included, "maxmemory 1mb\nhz 20\n");
        Path conf = dir.resolve("redis.conf");
        Files.writeString(
                conf,
                "# a comment\n  maxmemory-samples 7\n\nmasteruser \"a\\x41\\\"b c\"\n"
                        + "masterauth 'it\\'s'\ninclude " + included + "\nsave 10 1\nsave 20 2\n  # indented comment\n"
                        + "LOGLEVEL verbose\r\nhz 30\n");
        List<String> names =
                List.of("maxmemory-samples", "masteruser", "masterauth", "maxmemory", "save", "loglevel", "hz");
        sameConfig(List.of(conf.toString()), "", names.toArray(String[]::new));
        sameConfig(List.of(conf.toString(), "--hz", "40", "--save"), "", names.toArray(String[]::new));
        sameConfig(List.of(conf.toString(), "-"), "hz 50\nmaxmemory 3mb\n", names.toArray(String[]::new));
        sameConfig(List.of("-"), "hz 60\n", "hz");
        sameConfig(List.of("--hz", "70", "-"), "hz 60\n", "hz");
    }

    // ---- refusals: the same text ----

    @Test
    void badOptionsFailWithRedisText() throws Exception {
        sameError(List.of("--foo", "bar"), "");
        sameError(List.of("--port", "--port", "1"), "");
        sameError(List.of("--port", "1", "2"), "");
        sameError(List.of("--maxmemory", "lots"), "");
        sameError(List.of("--loglevel", "verbose", "--loglevel", "bogus"), "");
        sameError(List.of("--shutdown-on-sigterm", "save", "nosave"), "");
        sameError(List.of("--shutdown-on-sigterm", "bogus"), "");
        sameError(List.of("--databases", "0"), "");
        sameError(List.of("--appendfsync", "sometimes"), "");
        sameError(List.of("--masterauth", "a\nb", "--foo"), "");
        sameError(List.of("--logfile", "/nonexistent-dir/x.log"), "");
    }

    @Test
    void badConfigFilesFailWithRedisText() throws Exception {
        for (String text : List.of(
                "port 1\nrequirepass \"abc\n",
                "port 5\r\nloglevel \"x\"y\n",
                "port 1\nfoo\n",
                "rename-command nosuch x\n",
                "rename-command get set\n",
                "rename-command get\n",
                "include\n",
                "include a b\n",
                "save \"10\" x\n",
                "replicaof 127.0.0.1\n",
                "hz 10 20\n")) {
            Path conf = dir.resolve("bad.conf");
            Files.writeString(conf, text);
            sameError(List.of(conf.toString()), "");
            sameError(List.of(conf.toString(), "--hz", "5"), "");
        }
        sameError(List.of(dir.resolve("missing.conf").toString()), "");
        Path including = dir.resolve("including.conf");
        Files.writeString(including, "hz 5\ninclude " + dir.resolve("nope.conf") + "\n");
        sameError(List.of(including.toString()), "");
    }

    @Test
    void renameCommandRenamesAndRemovesAsRedis() throws Exception {
        Path conf = dir.resolve("rename.conf");
        Files.writeString(conf, "rename-command get fetch\nrename-command set \"\"\nrename-command fetch FETCH2\n");
        List<String> args = List.of(conf.toString());
        List<String[]> calls = List.of(
                new String[] {"fetch2", "x"},
                new String[] {"fetch", "x"},
                new String[] {"get", "x"},
                new String[] {"set", "x", "1"},
                new String[] {"command", "info", "fetch2"},
                new String[] {"command", "info", "set"});
        try (Started redis = startRedis(args, "");
                Started ours = startOurs(args, "")) {
            for (String[] call : calls) {
                assertThat(ours.client.call(call)).as(String.join(" ", call)).isEqualTo(redis.client.call(call));
            }
            assertThat(names(ours.client.call("command", "list")))
                    .as("COMMAND LIST lists a renamed command by its own name, a removed one not at all")
                    .contains("get")
                    .doesNotContain("set", "fetch2");
            assertThat(names(redis.client.call("command", "list")))
                    .contains("get")
                    .doesNotContain("set", "fetch2");
        }
    }

    private static List<String> names(RespReply list) {
        return list.elements().stream().map(RespReply::text).toList();
    }

    // ---- machinery ----

    private static void sameConfig(List<String> args, String stdin, String... names) throws Exception {
        try (Started redis = startRedis(args, stdin);
                Started ours = startOurs(args, stdin)) {
            Map<String, String> want = configGet(redis.client, names);
            Map<String, String> got = configGet(ours.client, names);
            assertThat(got).as("CONFIG GET after %s (stdin %s)", args, stdin).isEqualTo(want);
        }
    }

    private static Map<String, String> configGet(RespClient client, String... names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            RespReply reply = client.call("config", "get", name);
            values.put(
                    name, reply.elements().size() == 2 ? reply.elements().get(1).text() : "<none>");
        }
        return values;
    }

    private static void sameError(List<String> args, String stdin) throws Exception {
        String want = redisFailure(args, stdin);
        String got;
        try {
            RedisConf.load(CommandLine.parse(args.toArray(String[]::new)), stdinOf(stdin));
            got = "<started>";
        } catch (ConfigFileError e) {
            got = e.getMessage();
        } catch (ConfigFileUnreadable e) {
            got = e.getMessage();
        }
        assertThat(got).as("the failure for %s", args).isEqualTo(want);
    }

    /** redis-server's error: the FATAL block it prints on stderr, or the fatal log line (without its prefix). */
    private static String redisFailure(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "<started>";
        }
        assertThat(process.exitValue())
                .as("redis-server's exit code for %s", args)
                .isEqualTo(1);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!err.isEmpty()) {
            return err;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return out.substring(out.indexOf(" # ") + 3);
    }

    private static ByteArrayInputStream stdinOf(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Started(AutoCloseable server, RespClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            server.close();
        }
    }

    private static Started startOurs(List<String> args, String stdin) throws IOException {
        RedisConf conf = RedisConf.load(CommandLine.parse(args.toArray(String[]::new)), stdinOf(stdin));
        ServerConfig.Builder builder =
                ServerConfig.builder().config(conf.parameters).port(0).bind("127.0.0.1");
        conf.renames.renamed().forEach(builder::renameCommand);
        MiniRedisServer server = builder.build().start();
        return new Started(server, new RespClient(server.port()));
    }

    private static Started startRedis(List<String> args, String stdin) throws Exception {
        int port = RealRedis.freePort();
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(args);
        // appended after the case's options, which it cannot change: a case never sets these
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        if (args.contains("-")) {
            command.remove("-");
            command.add("-"); // "-" must stay first or last
        }
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                RespClient client = new RespClient(port);
                return new Started(
                        () -> {
                            try (RespClient stopper = new RespClient(port)) {
                                stopper.call("shutdown", "nosave");
                            } catch (RuntimeException alreadyGone) {
                                // the connection closes as it stops
                            }
                            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                                process.destroyForcibly();
                            }
                        },
                        client);
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start with " + command);
                }
                Thread.sleep(50);
            }
        }
    }
}
