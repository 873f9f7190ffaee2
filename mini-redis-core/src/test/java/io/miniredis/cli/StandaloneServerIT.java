package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.ServerJar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged standalone server ({@code java -jar target/mini-redis-server.jar}) driven by {@code redis-cli},
 * side by side with a real redis-server: for every command of the core, the output redis-cli prints must be the
 * same. Runs after {@code package} (failsafe), because it needs the jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneServerIT {

    /**
     * Commands whose redis-cli output is deterministic; each runs against both servers in order. (Multi-parameter
     * CONFIG GET replies come in each server's hash order, so they are compared as maps in ConfigDifferentialTest.)
     */
    private static final List<String> SCRIPT = List.of(
            "PING",
            "PING hello",
            "ECHO hi",
            "SELECT 1",
            "SELECT 99",
            "SET k v",
            "GET k",
            "SET k v NX",
            "SET k w XX GET",
            "GETSET k x",
            "GETDEL k",
            "GET k",
            "SET n 10",
            "INCR n",
            "INCRBY n 5",
            "DECR n",
            "DECRBY n 3",
            "INCRBYFLOAT n 1.5",
            "INCR n",
            "SETNX s 1",
            "SETEX e 100 v",
            "TTL e",
            "PSETEX p 100000 v",
            "TTL p",
            "GETEX e PERSIST",
            "TTL e",
            "MSET a 1 b 2 c 3",
            "MGET a b c missing",
            "MSETNX a 1 z 2",
            "APPEND a 23",
            "STRLEN a",
            "GETRANGE a 0 1",
            "SETRANGE a 1 XY",
            "GET a",
            "LCS a b",
            "LCS a b LEN",
            "EXISTS a b missing",
            "TYPE a",
            "TYPE missing",
            "DEL b",
            "UNLINK c",
            "TOUCH a",
            "KEYS a*",
            "RENAME a a2",
            "RENAMENX a2 n",
            "EXPIRE a2 100",
            "TTL a2",
            "PEXPIRE a2 100000 XX",
            "PERSIST a2",
            "EXPIREAT a2 99999999999",
            "EXPIRETIME a2",
            "PEXPIRETIME a2",
            "MOVE a2 1",
            "COPY n n2",
            "OBJECT ENCODING n2",
            "OBJECT REFCOUNT n2",
            "DBSIZE",
            "FLUSHDB",
            "DBSIZE",
            "SWAPDB 0 1",
            "DBSIZE",
            "FLUSHALL",
            "DBSIZE",
            "CONFIG GET maxmemory",
            "CONFIG SET maxmemory 10mb",
            "CONFIG GET maxmemory",
            "CONFIG SET maxmemory 0",
            "CONFIG GET hash-max-listpack-entries",
            "COMMAND COUNT",
            "COMMAND INFO get",
            "COMMAND GETKEYS mset a 1 b 2",
            "CLIENT SETNAME cli",
            "CLIENT GETNAME",
            "CLIENT NO-EVICT on",
            "FOO bar",
            "GET",
            "WRONG",
            "HELLO 4",
            "AUTH x",
            "CLIENT REPLY ON",
            "RESET");

    private Process process;
    private int port;
    private RealRedis redis;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(
                new File("/usr/bin/redis-cli").canExecute() || onPath("redis-cli"),
                "redis-cli is not installed (apt-get install redis-tools)");
        redis = RealRedis.start();
        port = RealRedis.freePort();
        process = startJar("--port", Integer.toString(port), "--bind", "127.0.0.1");
    }

    @AfterAll
    void stop() {
        if (process != null) {
            process.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Process startJar(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "mini-redis-server.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return ServerJar.startAndAwaitReady(command, 20);
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(dir -> new File(dir, binary).canExecute());
    }

    private static String redisCli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    @Test
    void redisCliPrintsTheSameForEveryCommand() throws Exception {
        redisCli(redis.port(), "FLUSHALL");
        redisCli(port, "FLUSHALL");
        List<String> differences = new ArrayList<>();
        for (String line : SCRIPT) {
            String[] args = line.split(" ");
            String want = redisCli(redis.port(), args);
            String got = redisCli(port, args);
            if (line.startsWith("COMMAND COUNT")) {
                continue; // mini-redis has fewer commands than Redis until every family exists
            }
            if (!want.equals(got)) {
                differences.add(line + "\n  redis:      " + want.strip() + "\n  mini-redis: " + got.strip());
            }
        }
        assertThat(differences).as("redis-cli output that differs").isEmpty();
    }

    @Test
    void pipedCommandsAndInlineProtocol() throws Exception {
        try (RespClient client = new RespClient(port)) {
            client.send("SET piped 1\r\nINCR piped\r\n");
            assertThat(client.read().line()).isEqualTo("OK");
            assertThat(client.read().line()).isEqualTo("2");
        }
    }

    @Test
    void startsFromARedisConfFileWithCommandLineOverrides() throws Exception {
        Path conf = Files.createTempFile("mini-redis", ".conf");
        int confPort = RealRedis.freePort();
        Files.writeString(conf, """
                # a redis.conf
                port 1
                bind 127.0.0.1
                requirepass "from file"
                databases 4
                """);
        Process fromFile = startJar(conf.toString(), "--port", Integer.toString(confPort));
        try (RespClient client = new RespClient(confPort)) {
            assertThat(client.call("GET", "k").line()).startsWith("NOAUTH");
            assertThat(client.call("AUTH", "from file").line()).isEqualTo("OK");
            assertThat(client.call("SELECT", "4").line()).isEqualTo("ERR DB index is out of range");
        } finally {
            fromFile.destroy();
            assertThat(fromFile.waitFor(10, TimeUnit.SECONDS))
                    .as("stops on SIGTERM")
                    .isTrue();
            Files.deleteIfExists(conf);
        }
    }

    @Test
    void logsRedisStartupLinesInRedisFormatToTheLogfile() throws Exception {
        Path log = Files.createTempFile("mini-redis", ".log");
        int logPort = RealRedis.freePort();
        // everything goes to the log file, nothing to standard output: wait on the file
        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "mini-redis-server.jar").toString(),
                        "--port",
                        Integer.toString(logPort),
                        "--bind",
                        "127.0.0.1",
                        "--logfile",
                        log.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("Ready to accept connections") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = Files.readAllLines(log);
        String pid = Long.toString(server.pid());
        String prefix = pid + ":[CM] \\d\\d [A-Z][a-z][a-z] \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ";
        assertThat(lines).anyMatch(l -> l.matches(prefix + "# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"));
        assertThat(lines)
                .anyMatch(
                        l -> l.matches(prefix + "# Redis version=7\\.0\\.15, bits=64, commit=00000000, modified=0, pid="
                                + pid + ", just started"));
        assertThat(lines).anyMatch(l -> l.matches(prefix + "# Configuration loaded"));
        assertThat(lines).anyMatch(l -> l.matches(prefix + "\\* Running mode=standalone, port=" + logPort + "\\."));
        assertThat(lines).anyMatch(l -> l.matches(prefix + "# Server initialized"));
        assertThat(lines).anyMatch(l -> l.matches(prefix + "\\* Ready to accept connections"));
        assertThat(lines).allMatch(l -> l.matches(prefix + "[.*#-] .*"), "every line in Redis's format");
        Files.deleteIfExists(log);
    }

    @Test
    void versionHelpAndTestMemoryAsRedis() throws Exception {
        assertThat(runJar("--version")).startsWith("0:Redis server v=7.0.15 ");
        assertThat(runJar("-v")).startsWith("0:Redis server v=7.0.15 ");
        assertThat(runJar("--help")).startsWith("1:Usage:");
        assertThat(runJar("--test-memory", "100")).startsWith("1:").contains("--test-memory");
        assertThat(runJar("--foo", "bar"))
                .isEqualTo(
                        "1:\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                                + ">>> 'foo \"bar\"'\nBad directive or wrong number of arguments\n");
    }

    /** Exit code, a colon, then what the jar printed. */
    private static String runJar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "mini-redis-server.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }

    @Test
    void badOptionFailsWithAClearMessage() throws Exception {
        Path jar = Path.of("target", "mini-redis-server.jar");
        Process bad = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--databases",
                        "zero")
                .redirectErrorStream(true)
                .start();
        String output = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(1);
        assertThat(output).contains("databases").doesNotContain("\tat ");
    }
}
