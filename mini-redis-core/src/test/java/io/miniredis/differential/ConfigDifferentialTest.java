package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONFIG against real Redis: the list of parameters and their defaults, GET patterns and aliases, SET of every kind
 * of value (valid ones read back in Redis's canonical form, invalid ones with Redis's error), the multi-parameter
 * rules, and the parameters a server is started with. Every test puts back what it changes: the two servers live
 * for the whole class.
 */
class ConfigDifferentialTest extends DifferentialTestBase {

    /**
     * Parameters whose value legitimately differs between the two servers of this test: the harness starts real
     * Redis with its own port, working directory and log file, which mini-redis (started on port 0, in the JVM's
     * working directory, logging through the JVM) cannot share.
     */
    private static final Set<String> DIFFERING = Set.of("port", "dir", "logfile");

    /** Every parameter a test may change, with the value to put back (Redis's default under this harness). */
    private final Map<String, String> touched = new LinkedHashMap<>();

    /** The harness gives real Redis {@code --save ''}; mini-redis gets the same so that both report no snapshots. */
    @Override
    protected String[] serverOptions() {
        return new String[] {"--save", ""};
    }

    @AfterEach
    void restoreTouchedParameters() {
        reconnect();
        for (Map.Entry<String, String> parameter : touched.entrySet()) {
            expected.call("CONFIG", "SET", parameter.getKey(), parameter.getValue());
            actual.call("CONFIG", "SET", parameter.getKey(), parameter.getValue());
        }
        touched.clear();
    }

    @Test
    void everyParameterWithItsDefaultAsRedisReportsIt() {
        Map<String, String> redis = configMap(expected.call("CONFIG", "GET", "*"));
        Map<String, String> mini = configMap(actual.call("CONFIG", "GET", "*"));
        assertThat(new TreeSet<>(mini.keySet())).as("parameter names").isEqualTo(new TreeSet<>(redis.keySet()));
        redis.keySet().removeAll(DIFFERING);
        mini.keySet().removeAll(DIFFERING);
        assertThat(mini).as("default values").isEqualTo(redis);
    }

    @Test
    void hiddenParametersAreReadByExactNameOnly() {
        check("""
                CONFIG GET key-load-delay
                CONFIG GET KEY-LOAD-DELAY
                CONFIG GET key-load-dela?
                CONFIG GET rdb-key-save-delay
                CONFIG GET loading-process-events-interval-bytes
                CONFIG GET watchdog-period
                CONFIG GET lua-enable-deprecated-api
                CONFIG GET use-exit-on-panic
                """);
    }

    @Test
    void getPatternsAndAliases() {
        check("""
                CONFIG GET maxmemory
                CONFIG GET MAXMEMORY
                CONFIG GET nomatch
                CONFIG GET maxmemor?
                CONFIG GET [m]axmemory
                CONFIG GET max\\memory
                CONFIG GET Hz hz h?
                CONFIG GET slave-read-only
                CONFIG GET replicaof
                CONFIG GET slaveof
                CONFIG GET hash-max-ziplist-entries
                CONFIG GET list-max-ziplist-size
                CONFIG GET lua-time-limit
                CONFIG GET maxmemory maxmemory
                """);
        for (String[] patterns : List.of(
                new String[] {"max*"},
                new String[] {"MAX*"},
                new String[] {"slave-*"},
                new String[] {"replica-*"},
                new String[] {"*ziplist*"},
                new String[] {"*listpack*"},
                new String[] {"maxmemory", "maxmem*"},
                new String[] {"*max*", "*min*"},
                new String[] {"[a-c]*"},
                new String[] {"[^a-r]*"},
                new String[] {"*-?ize"},
                new String[] {"slave-read-only", "replica-read-only"},
                new String[] {"*[0-9]*"},
                new String[] {"tls-*", "cluster-*"},
                new String[] {"a*", "b*", "c*", "nomatch"})) {
            sameConfig(patterns);
        }
    }

    @Test
    void getRepliesWithAMapInResp3() {
        expected.call("HELLO", "3");
        actual.call("HELLO", "3");
        check("""
                CONFIG GET maxmemory
                CONFIG GET nomatch
                ~CONFIG GET max*
                """);
        Map<String, String> redisAll = configMap(expected.call("CONFIG", "GET", "*"));
        Map<String, String> miniAll = configMap(actual.call("CONFIG", "GET", "*"));
        redisAll.keySet().removeAll(DIFFERING);
        miniAll.keySet().removeAll(DIFFERING);
        assertThat(miniAll).isEqualTo(redisAll);
        sameConfig("slave-*", "repl*");
        expected.call("HELLO", "2");
        actual.call("HELLO", "2");
    }

    @Test
    void setBooleans() {
        setEach("lazyfree-lazy-eviction", "YES", "Yes", "no", "y", "1", "true", "", "yes ");
        setEach("replica-read-only", "no", "maybe");
        setEach("slave-read-only", "yes", "no", "abc");
    }

    @Test
    void setIntegers() {
        setEach(
                "hz",
                "0",
                "-0",
                "01",
                "+1",
                " 1",
                "1 ",
                "1.0",
                "100",
                "501",
                "2147483647",
                "2147483648",
                "-2147483649",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "",
                "abc");
        setEach("maxmemory-samples", "1", "0", "64", "-1");
        setEach("slowlog-log-slower-than", "-1", "-2", "0", "-9223372036854775808");
        setEach("list-max-listpack-size", "-2147483648", "-2147483649", "-1", "2147483647", "2147483648");
        setEach("list-max-ziplist-size", "-5", "128");
        setEach("active-expire-effort", "1", "10", "11", "0");
        setEach("maxclients", "0", "abc", "-1", "4294967296");
        setEach("timeout", "0", "300", "-1");
        setEach("tcp-keepalive", "60", "-1");
        setEach("acllog-max-len", "0", "9223372036854775807", "-1");
        setEach("key-load-delay", "-1", "-2147483649");
    }

    @Test
    void setMemoryValues() {
        // Values above 75% of the test JVM's heap (18446744073709551615, 17179869183gb, and those Redis clamps or
        // wraps to such values: 18446744073709551616, 99999999999999999999gb) are refused by the heap guard, unlike
        // Redis: HeapGuardTest covers them.
        setEach(
                "maxmemory",
                "0",
                "1k",
                "1K",
                "1kb",
                "1KB",
                "1m",
                "1mb",
                "1g",
                "1gb",
                "1gB",
                "1b",
                "1B",
                "1t",
                "1tb",
                "1.5gb",
                "-0",
                "01",
                "+1",
                " 1",
                "1 ",
                "",
                "k",
                "kb",
                "17179869184gb",
                "0x10",
                "1 kb",
                "100mb",
                "-1",
                "abc");
        setEach("proto-max-bulk-len", "1mb", "1048575", "100", "abc", "99999999999999999999", "2gb", "512mb");
        setEach("client-query-buffer-limit", "1mb", "100", "2gb", "1gb");
        setEach("hash-max-listpack-value", "0", "1k", "-1", "99999999999999999999");
        setEach("hash-max-ziplist-value", "128", "64");
        setEach("active-defrag-ignore-bytes", "0", "1", "200mb");
        setEach("cluster-link-sendbuf-limit", "99999999999999999999", "1kb", "0");
    }

    @Test
    void setMemoryOrPercent() {
        setEach(
                "maxmemory-clients",
                "0",
                "10%",
                "100%",
                "101%",
                "0%",
                "1000%",
                "-5%",
                "5.5%",
                "%",
                "10 %",
                "1gb",
                "18446744073709551615",
                "9223372036854775807",
                "9223372036854775808",
                "18446744073709551614",
                "%%",
                "9223372036854775808%",
                "01%",
                "+5%",
                "1k%",
                "0");
    }

    @Test
    void setEnums() {
        setEach("maxmemory-policy", "ALLKEYS-LRU", "volatile-ttl", "allkeys-lfu", "lru", "", "noeviction");
        setEach("appendfsync", "ALWAYS", "no", "always no", "", "everysec");
        setEach("loglevel", "WARNING", "debug", "verbose", "silent", "notice");
        setEach("oom-score-adj", "relative", "yes", "absolute", "ABSOLUTE", "maybe", "no");
        setEach("sanitize-dump-payload", "CLIENTS", "yes", "sometimes", "no");
        setEach("acl-pubsub-default", "allchannels", "none", "resetchannels");
        setEach("repl-diskless-load", "swapdb", "on-empty-db", "x", "disabled");
        setEach("shutdown-on-sigterm", "nosave", "force", "x", "default");
        setEach("propagation-error-behavior", "panic-on-replicas", "x", "ignore");
        setEach("cluster-preferred-endpoint-type", "hostname", "unknown-endpoint", "x", "ip");
    }

    @Test
    void setSnapshotSchedule() {
        setEach(
                "save",
                "3600 1 300 100",
                "  3600   1  ",
                "3600 1 300",
                "0 0",
                "-1 5",
                "abc 5",
                "",
                " ",
                "1 1 1 1 1 1 1 1",
                "01 1",
                "3600 -1",
                "3600 0",
                "9999999999999999999 1",
                "2147483648 1",
                "3600 2147483648",
                "1 2 1 2",
                "1 4294967296",
                "1 9999999999999999999",
                "+5 1",
                "5 +1",
                "1a 1",
                "5 1 ",
                "-0 1",
                "1 -0",
                "0x10 1",
                "1e3 1",
                "1\t1",
                "");
    }

    @Test
    void setClientOutputBufferLimits() {
        setEach(
                "client-output-buffer-limit",
                "replica 1 2 3",
                "slave 1mb 2k 3",
                "pubsub 1 2 3",
                "PUBSUB 4 5 6",
                "master 1 2 3",
                "foo 1 2 3",
                "normal 1 2",
                "normal 0 0 0 pubsub 4 5 6",
                "normal -1 2 3",
                "pubsub 1 2 -3",
                "pubsub 1 2 abc",
                "pubsub 1 2 01",
                "pubsub 1gb 2gb 99999999999999999999",
                "pubsub 18446744073709551615 1 1",
                "pubsub 99999999999999999999 1 1",
                "pubsub 1.5mb 1 1",
                "pubsub 1 2 3 pubsub 4 5 6",
                "",
                "pubsub  1 2 3",
                "pubsub 1 2 2147483648",
                "pubsub 1 2 2147483647",
                "pubsub 1 2 +3",
                "pubsub 1 2 -0",
                "pubsub k 2 3",
                "pubsub 1 2 3 foo 1 2 3",
                "pubsub 1 2 3 ",
                "normal 1gb 2gb 30 replica 1 2 3 pubsub 4 5 6");
    }

    @Test
    void setKeyspaceEventFlags() {
        setEach(
                "notify-keyspace-events",
                "A",
                "K",
                "E",
                "KEA",
                "AKE",
                "g$lshzxetmd",
                "KEg$lshzxetmd",
                "Kgg",
                "",
                "n",
                "An",
                "KEn",
                "x",
                "Ex",
                "AKEn",
                "ak",
                "KA",
                "KEm",
                "KEtm",
                "KEdxe",
                "KEAd",
                "ntdexzhsl$g",
                "ntdexzhsl$",
                "mn",
                "Am",
                "mAKE",
                "Kn",
                " ",
                "K E",
                "");
    }

    @Test
    void setListsOfNumbers() {
        setEach(
                "oom-score-adj-values",
                "1 2 3",
                "0 2000 800",
                "0 -2000 -1000",
                "0 2001 1",
                "a b c",
                "1 2",
                "1 2 3 4",
                "01 +2 -0",
                "  1 2 3",
                "1  2 3",
                "800 200 0",
                "1.5 2 3",
                "0 200 800");
        setEach(
                "latency-tracking-info-percentiles",
                "",
                "0",
                "100",
                "100.0",
                "99.99999",
                "1e1",
                "50.0 99.000",
                "50  99",
                " 50",
                "abc",
                "50 abc",
                "0x10",
                "1.123456789",
                "inf",
                "nan",
                "-0",
                "-1",
                "100.5",
                "50 99 99.9");
    }

    @Test
    void setTextValues() {
        setEach("masterauth", "secret", "with space", "");
        setEach("replica-announce-ip", "10.0.0.1", "");
        setEach("slave-announce-ip", "10.0.0.2", "");
        setEach(
                "proc-title-template",
                "{title} x",
                "x {title}",
                "{listen-addr}",
                "{server-mode}",
                "{port}",
                "{unixsocket}",
                "{config-file}",
                "a{title}b",
                "{{title}}",
                " ",
                "x",
                "{title}  ",
                "{}",
                "}",
                "{",
                "a}",
                "{title}",
                "{title} {listen-addr} {server-mode}");
        setEach("bind-source-addr", "127.0.0.1", "");
    }

    @Test
    void immutableProtectedAndUnknownParameters() {
        check("""
                CONFIG SET daemonize no
                CONFIG SET databases 16
                CONFIG SET io-threads 2
                CONFIG SET unixsocketperm 700
                CONFIG SET replicaof "127.0.0.1 6379"
                CONFIG SET slaveof "no one"
                CONFIG SET logfile ""
                CONFIG SET enable-protected-configs yes
                CONFIG SET dir /tmp
                CONFIG SET dbfilename x.rdb
                CONFIG SET lua-enable-deprecated-api yes
                CONFIG SET foo bar
                CONFIG SET FOO bar
                CONFIG SET hz 10 foo bar
                CONFIG SET "" x
                """);
    }

    @Test
    void multiParameterSetIsValidatedThenAppliedAtOnce() {
        touch("hz", "maxmemory", "maxmemory-policy", "replica-read-only", "timeout");
        check("""
                CONFIG SET hz 5 maxmemory 1mb maxmemory-policy allkeys-lru
                CONFIG GET hz
                CONFIG GET maxmemory
                CONFIG GET maxmemory-policy
                CONFIG SET hz 7 maxmemory abc
                CONFIG GET hz
                CONFIG SET maxmemory abc hz abc
                CONFIG SET hz 11 daemonize no
                CONFIG SET maxmemory abc daemonize no
                CONFIG SET daemonize no foo 2
                CONFIG SET maxmemory abc foo 2
                CONFIG SET maxmemory 1 foo 2
                CONFIG SET maxmemory 1 maxmemory 2
                CONFIG SET MAXMEMORY 1 maxmemory 2
                CONFIG SET maxmemory abc maxmemory 1
                CONFIG SET daemonize no daemonize no
                CONFIG SET hz 5 hz 5
                CONFIG SET hz 11 dir /tmp
                CONFIG GET hz
                CONFIG SET maxmemory 1 hz
                CONFIG SET foo 1 maxmemory
                CONFIG SET replica-read-only yes slave-read-only no
                CONFIG GET replica-read-only
                CONFIG SET slave-read-only yes replica-read-only no
                CONFIG GET slave-read-only
                CONFIG SET timeout 100 hz 20 maxmemory 0 maxmemory-policy noeviction
                CONFIG GET timeout
                CONFIG GET hz
                """);
    }

    @Test
    void subcommandsArityAndHelp() {
        check("""
                CONFIG
                CONFIG FOO
                CONFIG GET
                CONFIG SET
                CONFIG SET maxmemory
                CONFIG RESETSTAT x
                CONFIG HELP x
                CONFIG REWRITE x
                CONFIG HELP
                config help
                CONFIG REWRITE
                CONFIG RESETSTAT
                """);
    }

    @Test
    void bindAndPortChangesListenAgainOrFail() {
        touch("bind");
        String tooMany = String.join(" ", java.util.Collections.nCopies(17, "127.0.0.1"));
        same("CONFIG", "SET", "bind", tooMany);
        same("CONFIG", "SET", "bind", "-10.255.255.254 127.0.0.1");
        same("CONFIG", "GET", "bind");
        reconnect();
        same("PING");
        same("CONFIG", "SET", "bind", "127.0.0.1");
        reconnect();
        same("PING");
        // An address that cannot be bound: mini-redis only. Redis 7.0.15 refuses it too, but then listens on its
        // default addresses (* -::*) instead of the old ones, which mini-redis does not copy (it restores the old).
        for (String unbindable : List.of("10.255.255.254", "127.0.0.1  -::1", "127.0.0.1 ")) {
            assertThat(actual.call("CONFIG", "SET", "bind", unbindable).text())
                    .isEqualTo(
                            "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.");
            assertThat(actual.call("CONFIG", "GET", "bind").elements().get(1).text())
                    .isEqualTo("127.0.0.1");
            try (RespClient fresh = new RespClient(mini.port())) {
                assertThat(fresh.call("PING").text()).isEqualTo("PONG");
            }
        }
        same("CONFIG", "SET", "port", "abc");
        same("CONFIG", "SET", "port", "65536");
        // A port the other server holds: both refuse to move there, with the same reason.
        RespReply redisRefusal = expected.call("CONFIG", "SET", "port", Integer.toString(mini.port()));
        RespReply miniRefusal = actual.call("CONFIG", "SET", "port", Integer.toString(redis.port()));
        assertThat(miniRefusal).isEqualTo(redisRefusal);
        assertThat(miniRefusal.text()).contains("Unable to listen on this port");
        reconnect();
        same("PING");
    }

    @Test
    void protocolLimitsApplyToOpenConnections() {
        touch("proto-max-bulk-len");
        same("CONFIG", "SET", "proto-max-bulk-len", "1mb");
        String request = "*2\r\n$3\r\nGET\r\n$2000000\r\n";
        expected.send(request);
        actual.send(request);
        assertThat(actual.read()).isEqualTo(expected.read());
    }

    @Test
    void parametersGivenAtStartAreReported() {
        String[][] options = {
            {"maxmemory", "100mb"},
            {"notify-keyspace-events", "KEA"},
            {"hz", "0"},
            {"save", "900 1 300 10"},
            {"client-output-buffer-limit", "pubsub 1mb 2mb 30"},
            {"maxmemory-clients", "5%"},
            {"slave-read-only", "no"},
            {"hash-max-ziplist-entries", "256"},
            {"databases", "4"},
            {"unixsocketperm", "700"},
            {"oom-score-adj-values", "1 2 3"},
            {"loglevel", "warning"},
            {"appendfsync", "ALWAYS"},
            {"io-threads", "2"}
        };
        List<String> redisArgs = new ArrayList<>();
        var builder = MiniRedisServer.builder().port(0).bind("127.0.0.1");
        for (String[] option : options) {
            redisArgs.add("--" + option[0]);
            redisArgs.add(option[1]);
            builder.config(option[0], option[1]);
        }
        try (RealRedis startedRedis = RealRedis.start(redisArgs.toArray(String[]::new));
                MiniRedisServer startedMini = builder.build().start();
                RespClient redisClient = new RespClient(startedRedis.port());
                RespClient miniClient = new RespClient(startedMini.port())) {
            for (String[] option : options) {
                assertThat(miniClient.call("CONFIG", "GET", option[0]))
                        .as("CONFIG GET %s", option[0])
                        .isEqualTo(redisClient.call("CONFIG", "GET", option[0]));
            }
            Map<String, String> all = configMap(miniClient.call("CONFIG", "GET", "*"));
            Map<String, String> redisAll = configMap(redisClient.call("CONFIG", "GET", "*"));
            redisAll.keySet().removeAll(DIFFERING);
            all.keySet().removeAll(DIFFERING);
            assertThat(all).isEqualTo(redisAll);
        }
    }

    /** Sets each value on both servers (same reply) and reads the parameter back (same canonical form). */
    private void setEach(String parameter, String... values) {
        touch(parameter);
        for (String value : values) {
            same("CONFIG", "SET", parameter, value);
            same("CONFIG", "GET", parameter);
        }
    }

    private void touch(String... parameters) {
        for (String parameter : parameters) {
            touched.computeIfAbsent(
                    parameter,
                    name -> expected.call("CONFIG", "GET", name)
                            .elements()
                            .get(1)
                            .text());
        }
    }

    /** CONFIG GET with these patterns on both servers: same reply type and the same name-value pairs. */
    private void sameConfig(String... patterns) {
        String[] command = new String[patterns.length + 2];
        command[0] = "CONFIG";
        command[1] = "GET";
        System.arraycopy(patterns, 0, command, 2, patterns.length);
        RespReply want = expected.call(command);
        RespReply got = actual.call(command);
        assertThat(got.type())
                .as("reply type of CONFIG GET %s", String.join(" ", patterns))
                .isEqualTo(want.type());
        assertThat(configMap(got))
                .as("CONFIG GET %s", String.join(" ", patterns))
                .isEqualTo(configMap(want));
        assertThat(got.elements()).hasSameSizeAs(want.elements());
    }

    private static Map<String, String> configMap(RespReply reply) {
        assertThat(reply.elements()).as("CONFIG GET reply %s", reply).isNotNull();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < reply.elements().size(); i += 2) {
            map.put(reply.elements().get(i).text(), reply.elements().get(i + 1).text());
        }
        return map;
    }
}
