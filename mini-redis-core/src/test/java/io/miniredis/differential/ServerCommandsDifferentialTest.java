package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.command.CommandSpec;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server commands (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, DEBUG) and INFO against real Redis. Both
 * servers run with {@code enable-debug-command yes}; one test checks the default, where DEBUG is refused.
 */
class ServerCommandsDifferentialTest extends DifferentialTestBase {

    /**
     * INFO fields only mini-redis has: the JVM's memory figures and version, which an operator of a JVM server
     * needs and which Redis has no field for. Everything else must have the same name, in the same section.
     */
    private static final Set<String> MINI_ONLY_FIELDS = Set.of(
            "java_version",
            "jvm_heap_used",
            "jvm_heap_used_human",
            "jvm_heap_committed",
            "jvm_heap_committed_human",
            "jvm_heap_max",
            "jvm_heap_max_human",
            "jvm_non_heap_used",
            "jvm_non_heap_used_human");

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    @Test
    void dbsizeAndFlushes() {
        check("""
                DBSIZE
                SET a 1
                SET b 2
                DBSIZE
                SELECT 1
                SET c 3
                DBSIZE
                FLUSHDB
                DBSIZE
                SET c 3
                SELECT 0
                DBSIZE
                FLUSHDB foo
                FLUSHDB async sync
                FLUSHDB ASYNC
                DBSIZE
                SELECT 1
                DBSIZE
                FLUSHDB sync
                SET d 4
                FLUSHALL x
                FLUSHALL async sync
                FLUSHALL SYNC
                DBSIZE
                SET e 5
                FLUSHALL async
                DBSIZE
                FLUSHALL
                DBSIZE x
                SELECT 0
                """);
    }

    /** LOLWUT in its plain form, in both protocols (a verbatim string in RESP3); VERSION is read only as argv[1]. */
    @Test
    void lolwut() {
        check("""
                LOLWUT
                LOLWUT version
                LOLWUT VERSION 7
                LOLWUT version 7 extra
                LOLWUT version -1
                LOLWUT version 1
                LOLWUT version x
                LOLWUT version 99999999999999999999
                LOLWUT version 7 version x
                LOLWUT 1 2 3
                LOLWUT x version 5
                HELLO 3
                LOLWUT
                LOLWUT version 4
                HELLO 2
                """);
    }

    @Test
    void swapdb() {
        check("""
                SET a 1
                SET t v PX 100000
                SELECT 1
                SET b 2
                SELECT 0
                SWAPDB 0 1
                DBSIZE
                GET a
                GET b
                SELECT 1
                GET a
                GET t
                DBSIZE
                SELECT 0
                SWAPDB 1 0
                GET a
                SWAPDB 0 0
                GET a
                SWAPDB 0 15
                DBSIZE
                SWAPDB 15 0
                SWAPDB a 1
                SWAPDB 0 b
                SWAPDB a b
                SWAPDB 0 16
                SWAPDB 16 0
                SWAPDB -1 0
                SWAPDB 0 -1
                SWAPDB 99 x
                SWAPDB x 99
                SWAPDB 99999999999999999999 0
                SWAPDB 4294967296 0
                SWAPDB 1.5 0
                SWAPDB " 1" 0
                SWAPDB 16 x
                SWAPDB x 2147483648
                SWAPDB 1
                SWAPDB 1 2 3
                """);
    }

    @Test
    void timeAndLastsave() {
        RespReply want = expected.call("TIME");
        RespReply got = actual.call("TIME");
        assertThat(got.type()).isEqualTo('*');
        assertThat(got.elements()).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo('$');
            assertThat(e.text()).matches("[0-9]+");
        });
        assertThat(Long.parseLong(got.elements().get(0).text()))
                .isCloseTo(Long.parseLong(want.elements().get(0).text()), org.assertj.core.data.Offset.offset(5L));
        assertThat(Long.parseLong(got.elements().get(1).text())).isBetween(0L, 999_999L);

        RespReply lastsave = actual.call("LASTSAVE");
        assertThat(lastsave.type()).isEqualTo(':');
        assertThat(Long.parseLong(lastsave.line()))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(600L));
        check("""
                TIME x
                LASTSAVE x
                """);
    }

    @Test
    void debugSubcommandsAndErrors() {
        check("""
                DEBUG
                DEBUG foo
                DEBUG foo bar baz
                DEBUG help x
                DEBUG jmap
                DEBUG sleep
                DEBUG sleep 0 extra
                DEBUG sleep abc
                DEBUG sleep -1
                DEBUG sleep 0.01
                DEBUG SLEEP 1e-2
                DEBUG set-active-expire
                DEBUG set-active-expire 1 2
                DEBUG set-active-expire 1
                DEBUG object
                DEBUG object k x
                DEBUG object missing
                DEBUG reload
                DEBUG reload foo
                DEBUG reload merge noflush NOSAVE
                DEBUG reload merge bogus
                DEBUG populate 3
                DEBUG populate 2 p 5
                DEBUG populate 1 q 10
                DEBUG populate 1 z 0
                DEBUG populate 0
                DEBUG populate -1
                DEBUG populate a
                DEBUG populate 2 p -1
                DEBUG populate 1 a 2 3
                DEBUG populate
                GET key:0
                GET key:2
                GET p:0
                GET q:0
                GET z:0
                GET p:1
                GET key:3
                DBSIZE
                DEBUG error foo
                DEBUG error "MYERR something bad"
                DEBUG error "WRONG x\\ny"
                DEBUG error
                DEBUG log "hello from the test"
                DEBUG log
                DEBUG change-repl-id
                DEBUG change-repl-id x
                """);
        // A key name of 200 characters: the subcommand is cut at 128 in the error.
        same("DEBUG", "y".repeat(200));
    }

    @Test
    void debugHelpListsTheSupportedSubcommandsInRedisWords() {
        List<String> redis = lines(expected.call("DEBUG", "HELP"));
        List<String> mini = lines(actual.call("DEBUG", "HELP"));
        assertThat(mini.get(0)).isEqualTo(redis.get(0));
        assertThat(mini.subList(mini.size() - 2, mini.size())).isEqualTo(redis.subList(redis.size() - 2, redis.size()));
        // Every line we print is a line of Redis's help (we list fewer subcommands, not other words).
        assertThat(redis).containsAll(mini);
    }

    @Test
    void debugProtocolInBothProtocols() {
        for (String type : List.of(
                "string",
                "integer",
                "double",
                "bignum",
                "null",
                "array",
                "set",
                "map",
                "attrib",
                "push",
                "verbatim",
                "true",
                "false",
                "foo",
                "STRING")) {
            same("DEBUG", "PROTOCOL", type);
        }
        switchToResp3();
        for (String type : List.of(
                "string",
                "integer",
                "double",
                "bignum",
                "null",
                "array",
                "set",
                "map",
                "verbatim",
                "true",
                "false",
                "foo")) {
            same("DEBUG", "PROTOCOL", type);
        }
        // An attribute and a push are each followed by a second reply.
        for (String type : List.of("attrib", "push")) {
            same("DEBUG", "PROTOCOL", type);
            assertThat(actual.read()).isEqualTo(expected.read());
        }
        check("""
                INFO nosuch
                SET k v
                INFO keyspace
                """);
        reconnect();
    }

    @Test
    void debugObjectDescribesStringValues() {
        check("""
                SET small v
                SET number 123
                SET wide 70000
                SET negative -5
                SET huge 12345678901
                SET appended v
                APPEND appended x
                """);
        for (String key : List.of("small", "number", "wide", "negative", "huge", "appended")) {
            RespReply want = expected.call("DEBUG", "OBJECT", key);
            RespReply got = actual.call("DEBUG", "OBJECT", key);
            assertThat(got.type()).isEqualTo('+');
            assertThat(got.line())
                    .matches("Value at:0x[0-9a-f]+ refcount:[0-9]+ encoding:[a-z]+ "
                            + "serializedlength:[0-9]+ lru:[0-9]+ lru_seconds_idle:[0-9]+");
            // The address and the LRU clock are the server's own; the rest must agree. (Redis's idle time of a
            // shared integer is that of the shared object, which other keys touch: left out too.)
            assertThat(debugObjectFields(got.line()))
                    .as("DEBUG OBJECT %s", key)
                    .isEqualTo(debugObjectFields(want.line()));
            assertThat(got.line()).matches(".* lru_seconds_idle:[01]");
        }
    }

    private static Map<String, String> debugObjectFields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring("Value at:".length()).split(" ")) {
            int colon = part.indexOf(':');
            if (colon > 0 && !part.startsWith("lru:") && !part.startsWith("lru_seconds_idle:")) {
                fields.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        return fields;
    }

    @Test
    void setActiveExpireStopsAndRestartsTheBackgroundCycle() throws InterruptedException {
        try {
            check("""
                    DEBUG SET-ACTIVE-EXPIRE 0
                    SET gone v PX 30
                    """);
            Thread.sleep(400); // four cron periods: an active cycle would have removed it
            check("""
                    DBSIZE
                    GET gone
                    DBSIZE
                    DEBUG SET-ACTIVE-EXPIRE 1
                    SET gone v PX 30
                    """);
            assertThat(waitForEmpty(expected)).as("redis expires actively").isTrue();
            assertThat(waitForEmpty(actual)).as("mini-redis expires actively").isTrue();
        } finally {
            expected.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            actual.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    private static boolean waitForEmpty(RespClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            if ("0".equals(client.call("DBSIZE").line())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** DEBUG SLEEP blocks the keyspace thread: another connection's command waits for it, in both servers. */
    @Test
    void debugSleepDelaysOtherClients() throws Exception {
        assertThat(otherClientDelayMillis(redis.port())).isGreaterThanOrEqualTo(150);
        assertThat(otherClientDelayMillis(mini.port())).isGreaterThanOrEqualTo(150);
        // Also when commands are handed from several I/O threads to a dedicated keyspace thread.
        try (MiniRedisServer threaded = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .ioThreads(2)
                .config("enable-debug-command", "yes")
                .build()
                .start()) {
            assertThat(otherClientDelayMillis(threaded.port())).isGreaterThanOrEqualTo(150);
        }
    }

    private static long otherClientDelayMillis(int port) throws Exception {
        try (RespClient sleeper = new RespClient(port);
                RespClient other = new RespClient(port)) {
            assertThat(other.call("PING").line()).isEqualTo("PONG");
            CompletableFuture<RespReply> slept =
                    CompletableFuture.supplyAsync(() -> sleeper.call("DEBUG", "SLEEP", "0.2"));
            Thread.sleep(30); // let the sleep start first
            long start = System.nanoTime();
            assertThat(other.call("PING").line()).isEqualTo("PONG");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + 30;
            assertThat(slept.get(5, TimeUnit.SECONDS).line()).isEqualTo("OK");
            return waited;
        }
    }

    /** With Redis's default {@code enable-debug-command no}, DEBUG is refused (after the arity check). */
    @Test
    void debugIsRefusedByDefault() {
        try (RealRedis defaultRedis = RealRedis.start();
                MiniRedisServer defaultMini = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient want = new RespClient(defaultRedis.port());
                RespClient got = new RespClient(defaultMini.port())) {
            for (String[] command : List.of(
                    new String[] {"DEBUG"},
                    new String[] {"DEBUG", "SLEEP", "0"},
                    new String[] {"debug", "help"},
                    new String[] {"INFO", "commandstats"},
                    new String[] {"INFO", "errorstats"})) {
                RespReply expectedReply = want.call(command);
                RespReply actualReply = got.call(command);
                if (command[0].equals("INFO")) {
                    assertThat(infoLines(actualReply, "cmdstat_debug", "errorstat_"))
                            .isEqualTo(infoLines(expectedReply, "cmdstat_debug", "errorstat_"));
                } else {
                    assertThat(actualReply).as(String.join(" ", command)).isEqualTo(expectedReply);
                }
            }
        }
    }

    @Test
    void infoSectionSelection() {
        for (String args : List.of(
                "",
                "all",
                "everything",
                "default",
                "DEFAULT commandstats",
                "SERVER server",
                "modules",
                "keyspace nosuch",
                "nosuch",
                "Keyspace CPU",
                "cpu keyspace",
                "errorstats",
                "commandstats latencystats",
                "cluster",
                "replication persistence")) {
            String[] command = args.isEmpty() ? new String[] {"INFO"} : ("INFO " + args).split(" ");
            assertThat(headers(actual.call(command)))
                    .as("sections of INFO %s", args)
                    .isEqualTo(headers(expected.call(command)));
        }
    }

    @Test
    void infoFormatAndFieldNames() {
        check("""
                SET k v
                SET t v EX 1000
                GET k
                GET missing
                GETDEL nothing
                INCR k
                SET
                NOSUCHCOMMAND
                DEBUG ERROR "MYERR custom"
                SELECT 3
                SET other v
                SELECT 0
                """);
        RespReply want = expected.call("INFO", "everything");
        RespReply got = actual.call("INFO", "everything");
        String text = got.text();
        assertThat(got.type()).isEqualTo('$');
        assertThat(text)
                .startsWith("# Server\r\nredis_version:7.0.15\r\n")
                .doesNotContain("\n\n")
                .doesNotContain("\r\n\r\n\r\n")
                .endsWith("\r\n")
                .doesNotEndWith("\r\n\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");

        Map<String, Map<String, String>> redisInfo = parseInfo(want.text());
        Map<String, Map<String, String>> miniInfo = parseInfo(text);
        assertThat(new ArrayList<>(miniInfo.keySet())).isEqualTo(new ArrayList<>(redisInfo.keySet()));
        for (String section : redisInfo.keySet()) {
            List<String> redisFields = new ArrayList<>(redisInfo.get(section).keySet());
            List<String> miniFields = new ArrayList<>(miniInfo.get(section).keySet());
            miniFields.removeAll(MINI_ONLY_FIELDS);
            if (Set.of("Commandstats", "Latencystats", "Errorstats", "Keyspace").contains(section)) {
                // Lines per command, error code or database: Redis lists commands in its hash table's order. A
                // command that mini-redis does not have (yet) cannot have statistics there.
                redisFields.removeIf(field -> !knownToMini(field));
                assertThat(new TreeSet<>(miniFields))
                        .as("fields of %s", section)
                        .isEqualTo(new TreeSet<>(redisFields));
            } else {
                assertThat(miniFields).as("fields of %s, in order", section).isEqualTo(redisFields);
            }
        }
        Map<String, String> server = miniInfo.get("Server");
        assertThat(server.get("tcp_port")).isEqualTo(Integer.toString(mini.port()));
        assertThat(server.get("run_id")).matches("[0-9a-f]{40}");
        assertThat(server.get("multiplexing_api")).isIn("epoll", "nio");
        assertThat(miniInfo.get("Replication").get("master_replid")).matches("[0-9a-f]{40}");
        // avg_ttl is an estimate from sampling, in Redis too: the key counts must agree.
        assertThat(miniInfo.get("Keyspace").get("db0")).matches("keys=2,expires=1,avg_ttl=[0-9]+");
        assertThat(redisInfo.get("Keyspace").get("db0")).matches("keys=2,expires=1,avg_ttl=[0-9]+");
        assertThat(miniInfo.get("Keyspace").get("db3"))
                .isEqualTo(redisInfo.get("Keyspace").get("db3"))
                .isEqualTo("keys=1,expires=0,avg_ttl=0");
        assertThat(miniInfo.get("Latencystats").get("latency_percentiles_usec_get"))
                .matches("p50=[0-9]+\\.[0-9]{3},p99=[0-9]+\\.[0-9]{3},p99\\.9=[0-9]+\\.[0-9]{3}");
        assertThat(miniInfo.get("Commandstats").get("cmdstat_get"))
                .matches(
                        "calls=[0-9]+,usec=[0-9]+,usec_per_call=[0-9]+\\.[0-9]{2},rejected_calls=[0-9]+,failed_calls=[0-9]+");
    }

    /** latency-tracking-info-percentiles decides which percentiles INFO latencystats shows, named as Redis names them. */
    @Test
    void latencyPercentilesFollowTheirParameter() {
        for (String percentiles : List.of("50 99.99 100 0.5", "")) {
            check("CONFIG SET latency-tracking-info-percentiles \"" + percentiles + "\"");
            check("CONFIG GET latency-tracking-info-percentiles");
            for (RespReply info : List.of(expected.call("INFO", "latencystats"), actual.call("INFO", "latencystats"))) {
                String ping = info.text()
                        .lines()
                        .filter(line -> line.startsWith("latency_percentiles_usec_config|set:"))
                        .findFirst()
                        .orElseThrow();
                assertThat(ping)
                        .matches(
                                percentiles.isEmpty()
                                        ? "latency_percentiles_usec_config\\|set:"
                                        : "latency_percentiles_usec_config\\|set:p50=[0-9.]+,p99\\.99=[0-9.]+,p100=[0-9.]+,p0\\.5=[0-9.]+");
            }
        }
        check("CONFIG SET latency-tracking-info-percentiles \"50 99 99.9\"");
    }

    /** Counters that a known sequence of commands must move by exactly the same amounts in both servers. */
    @Test
    void infoCountersMoveLikeRedis() throws InterruptedException {
        Map<String, Map<String, String>> redisBefore =
                parseInfo(expected.call("INFO", "everything").text());
        Map<String, Map<String, String>> miniBefore =
                parseInfo(actual.call("INFO", "everything").text());
        check("""
                SET k v
                SET n 10
                SET t v PX 1
                GET k
                GET k
                GET missing
                MGET k missing n
                INCR k
                INCR n
                SET
                GET a b
                NOSUCHCOMMAND arg
                DEBUG ERROR "MYERR custom"
                DEBUG sleep 0 extra
                DEBUG OBJECT missing
                SWAPDB x 0
                FLUSHDB bogus
                """);
        // No DBSIZE here: whether the 1 ms key is still counted depends on when each server's active cycle ran.
        Thread.sleep(20);
        check("GET t");
        Map<String, Map<String, String>> redisAfter =
                parseInfo(expected.call("INFO", "everything").text());
        Map<String, Map<String, String>> miniAfter =
                parseInfo(actual.call("INFO", "everything").text());

        for (String field : List.of(
                "keyspace_hits",
                "keyspace_misses",
                "expired_keys",
                "total_error_replies",
                "total_commands_processed")) {
            assertThat(delta(miniBefore, miniAfter, "Stats", field))
                    .as(field)
                    .isEqualTo(delta(redisBefore, redisAfter, "Stats", field));
        }
        assertThat(countsOf(miniBefore, miniAfter, "Errorstats"))
                .isEqualTo(countsOf(redisBefore, redisAfter, "Errorstats"));
        assertThat(countsOf(miniBefore, miniAfter, "Commandstats"))
                .isEqualTo(countsOf(redisBefore, redisAfter, "Commandstats"));
        assertThat(miniAfter.get("Keyspace")).isEqualTo(redisAfter.get("Keyspace"));
    }

    /** Per line of a stats section: the change of every counter except the timings, which are the servers' own. */
    private static Map<String, Map<String, Long>> countsOf(
            Map<String, Map<String, String>> before, Map<String, Map<String, String>> after, String section) {
        Map<String, Map<String, Long>> changes = new LinkedHashMap<>();
        for (Map.Entry<String, String> line : after.get(section).entrySet()) {
            Map<String, Long> now = counters(line.getValue());
            Map<String, Long> then = counters(before.get(section).getOrDefault(line.getKey(), ""));
            Map<String, Long> change = new LinkedHashMap<>();
            now.forEach((name, value) -> change.put(name, value - then.getOrDefault(name, 0L)));
            if (change.values().stream().anyMatch(v -> v != 0)) {
                changes.put(line.getKey(), change);
            }
        }
        return changes;
    }

    private static Map<String, Long> counters(String value) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] kv = part.split("=");
            if (kv.length == 2 && !kv[0].startsWith("usec")) {
                counters.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return counters;
    }

    private static long delta(
            Map<String, Map<String, String>> before,
            Map<String, Map<String, String>> after,
            String section,
            String field) {
        return Long.parseLong(after.get(section).get(field))
                - Long.parseLong(before.get(section).get(field));
    }

    @Test
    void infoIsVerbatimInResp3() {
        check("""
                SET k v
                INFO keyspace
                INFO nosuch
                INFO KEYSPACE nosuch
                """);
        switchToResp3();
        check("""
                INFO keyspace
                INFO nosuch
                INFO KEYSPACE nosuch
                """);
        RespReply all = actual.call("INFO");
        assertThat(all.type()).isEqualTo('=');
        assertThat(all.text()).startsWith("txt:# Server\r\n");
        reconnect();
    }

    /**
     * SHUTDOWN is there (the standalone launcher enables it), but an embedded server refuses it by default, with an
     * error naming the builder option: it is not killable by its clients.
     */
    @Test
    void shutdownIsRefusedByAnEmbeddedServer() {
        assertThat(actual.call("SHUTDOWN").text()).contains("shutdownCommand(true)");
        assertThat(mini.isRunning()).isTrue();
    }

    /** False for a per-command INFO field naming a command mini-redis's table lacks. */
    private boolean knownToMini(String field) {
        String command = field.replaceFirst("^(cmdstat_|latency_percentiles_usec_)", "");
        if (command.equals(field)) {
            return true;
        }
        String[] parts = command.split("\\|");
        CommandSpec spec = mini.commands().lookup(parts[0]);
        return spec != null && (parts.length == 1 || spec.subcommand(parts[1].getBytes()) != null);
    }

    /** HELLO 3 on both connections; its reply holds the connection id, which differs, so it is not compared. */
    private void switchToResp3() {
        assertThat(expected.call("HELLO", "3").type()).isEqualTo('%');
        assertThat(actual.call("HELLO", "3").type()).isEqualTo('%');
    }

    private static List<String> lines(RespReply reply) {
        List<String> lines = new ArrayList<>();
        reply.elements().forEach(e -> lines.add(e.text()));
        return lines;
    }

    private static List<String> headers(RespReply info) {
        List<String> headers = new ArrayList<>();
        for (String line : info.text().split("\r\n")) {
            if (line.startsWith("# ")) {
                headers.add(line);
            }
        }
        return headers;
    }

    private static List<String> infoLines(RespReply info, String... prefixes) {
        List<String> lines = new ArrayList<>();
        for (String line : info.text().split("\r\n")) {
            for (String prefix : prefixes) {
                if (line.startsWith(prefix)) {
                    // the timings differ: keep the counters
                    lines.add(line.replaceAll("usec=[0-9]+,usec_per_call=[0-9.]+,", ""));
                }
            }
        }
        return lines;
    }

    /** Section title to its fields in order; blank lines separate sections. */
    static Map<String, Map<String, String>> parseInfo(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(2), current);
            } else if (!line.isEmpty() && current != null) {
                int colon = line.indexOf(':');
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return sections;
    }
}
