package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * {@code tcp-keepalive N}: each accepted connection gets keep-alive with Redis's timings (idle N, interval N/3,
 * 3 probes), read at accept so that CONFIG SET applies to later connections; 0 switches it off.
 */
class TcpKeepAliveTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eachConnectionGetsRedisTimings(boolean nativeTransport) {
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("tcp-keepalive", "120")
                .nativeTransport(nativeTransport)
                .build()
                .start()) {
            try (Jedis first = new Jedis("127.0.0.1", server.port())) {
                first.ping();
                assertThat(timings(onlyClient(server))).containsExactly(true, 120, 40, 3);
                first.configSet("tcp-keepalive", "2");
                try (Jedis second = new Jedis("127.0.0.1", server.port())) {
                    second.ping();
                    first.configSet("tcp-keepalive", "0");
                    try (Jedis third = new Jedis("127.0.0.1", server.port())) {
                        third.ping();
                        List<Channel> channels = clients(server).stream()
                                .sorted(java.util.Comparator.comparingLong(ClientSession::id))
                                .map(ClientSession::channel)
                                .toList();
                        assertThat(channels).hasSize(3);
                        assertThat(timings(channels.get(0))).containsExactly(true, 120, 40, 3);
                        assertThat(timings(channels.get(1))).containsExactly(true, 2, 1, 3);
                        assertThat(channels.get(2).config().getOption(ChannelOption.SO_KEEPALIVE))
                                .isFalse();
                    }
                }
            }
        }
    }

    private static Channel onlyClient(MiniRedisServer server) {
        List<ClientSession> clients = clients(server);
        assertThat(clients).hasSize(1);
        return clients.get(0).channel();
    }

    /** The clients, read on the keyspace thread that owns them. */
    private static List<ClientSession> clients(MiniRedisServer server) {
        try {
            return server.context()
                    .keyspaceThread()
                    .submit(() -> List.copyOf(server.context().clients().all()))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> timings(Channel channel) {
        var config = channel.config();
        if (channel instanceof EpollSocketChannel) {
            return List.of(
                    config.getOption(ChannelOption.SO_KEEPALIVE),
                    config.getOption(EpollChannelOption.TCP_KEEPIDLE),
                    config.getOption(EpollChannelOption.TCP_KEEPINTVL),
                    config.getOption(EpollChannelOption.TCP_KEEPCNT));
        }
        return List.of(
                config.getOption(ChannelOption.SO_KEEPALIVE),
                config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE)),
                config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)),
                config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)));
    }
}
