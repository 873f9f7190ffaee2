package io.miniredis.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.miniredis.server.MiniRedisServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@MiniRedisTest(config = "hz 50")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniRedisExtensionTest {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static MiniRedisServer classServer;

    private final MiniRedisServer constructorServer;

    MiniRedisExtensionTest(MiniRedisServer server) {
        this.constructorServer = server;
    }

    @BeforeAll
    static void connect(MiniRedisServer server, @MiniRedisPort int port) {
        classServer = server;
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    @Order(1)
    void givesTheClassARunningServerOnAFreeLoopbackPort(
            MiniRedisServer server, @MiniRedisPort int port, @MiniRedisPort Integer boxed) {
        assertThat(server).isSameAs(classServer).isSameAs(constructorServer);
        assertThat(server.isRunning()).isTrue();
        assertThat(port).isEqualTo(server.port()).isEqualTo(boxed).isPositive();
        assertThat(server.addresses())
                .extracting(InetSocketAddress::getHostString)
                .containsExactly("127.0.0.1");
        assertThat(server.context().config().get("hz")).isEqualTo("50");
        connection.sync().set("left-behind", "by test 1");
        connection.sync().select(2);
        connection.sync().set("also-left-behind", "in db 2");
        connection.sync().select(0);
    }

    @Test
    @Order(2)
    void emptiesEveryDatabaseBeforeEachTest() {
        assertThat(connection.sync().dbsize()).isZero();
        assertThat(classServer.context().keyspace().totalKeys()).isZero();
    }

    @Nested
    class NestedTests {

        @Test
        void shareTheEnclosingClassesServer(MiniRedisServer server) {
            assertThat(server).isSameAs(classServer);
        }
    }
}
