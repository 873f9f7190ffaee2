package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.resps.CommandDocument;
import redis.clients.jedis.resps.CommandInfo;

/** COMMAND as real clients parse it: Jedis (RESP2 and RESP3) and Lettuce (RESP3) see what they see from Redis. */
class CommandIntrospectionClientsTest extends DifferentialTestBase {

    private static final String[] NAMES = {"get", "set", "mset", "ping", "client", "command", "client|list"};

    @Test
    void jedisReadsTheSameCommandInfo() {
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            try (Jedis theirs = jedis(redis.port(), protocol);
                    Jedis ours = jedis(mini.port(), protocol)) {
                Map<String, CommandInfo> redisInfo = theirs.commandInfo(NAMES);
                Map<String, CommandInfo> miniInfo = ours.commandInfo(NAMES);
                assertThat(miniInfo.keySet()).isEqualTo(redisInfo.keySet());
                redisInfo.forEach((name, info) -> assertThat(describe(miniInfo.get(name)))
                        .as("%s over %s", name, protocol)
                        .isEqualTo(describe(info)));
                assertThat(ours.commandGetKeys("mset", "a", "1", "b", "2")).containsExactly("a", "b");
                assertThat(ours.commandCount())
                        .isEqualTo(ours.commandList().stream()
                                .filter(name -> !name.contains("|"))
                                .count());
                CommandDocument docs = ours.commandDocs("get").get("get");
                CommandDocument redisDocs = theirs.commandDocs("get").get("get");
                assertThat(docs.getSummary()).isEqualTo(redisDocs.getSummary());
                assertThat(docs.getGroup()).isEqualTo(redisDocs.getGroup());
                assertThat(docs.getSince()).isEqualTo(redisDocs.getSince());
                assertThat(docs.getComplexity()).isEqualTo(redisDocs.getComplexity());
            }
        }
    }

    /** The fields Jedis parses; for a container, its own fields and the subcommands mini-redis has too. */
    private static String describe(CommandInfo info) {
        return info.getName() + " " + info.getArity() + " " + info.getFlags() + " " + info.getFirstKey() + " "
                + info.getLastKey() + " " + info.getStep() + " " + info.getAclCategories() + " " + info.getTips();
    }

    private static Jedis jedis(int port, RedisProtocol protocol) {
        return new Jedis(
                new redis.clients.jedis.HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().protocol(protocol).build());
    }

    @Test
    void lettuceParsesTheSameCommandDetails() {
        Map<String, CommandDetail> redisDetails = lettuceCommand(redis.port());
        Map<String, CommandDetail> miniDetails = lettuceCommand(mini.port());
        assertThat(miniDetails).isNotEmpty();
        miniDetails.forEach((name, detail) -> {
            CommandDetail expected = redisDetails.get(name);
            assertThat(expected).as("Redis knows %s", name).isNotNull();
            String ours = detail.toString();
            if (name.equals("zrank") || name.equals("zrevrank")) {
                ours = ours.replace("arity=-3", "arity=3"); // Redis 7.2's arity, for WITHSCORE, on purpose
            }
            assertThat(ours).isEqualTo(expected.toString());
        });
    }

    private static Map<String, CommandDetail> lettuceCommand(int port) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Object> reply = connection.sync().command();
            return CommandDetailParser.parse(reply).stream()
                    .collect(Collectors.toMap(CommandDetail::getName, Function.identity(), (a, b) -> a, TreeMap::new));
        } finally {
            client.shutdown();
        }
    }
}
