package io.miniredis.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;

/**
 * {@code tcp-keepalive}, as Redis sets it on each accepted TCP connection: with N > 0 seconds, keep-alive on, the
 * first probe after N idle seconds, then every N/3 seconds (at least 1), the peer declared dead after 3 unanswered
 * probes; with 0, off. Read at each accept, so CONFIG SET applies to the connections that come after it, as in
 * Redis. Where the JDK or the platform cannot set the timings (Windows before JDK 11's extended options, for
 * instance), keep-alive is still switched on with the system's timings.
 */
final class TcpKeepAlive {

    private static final int PROBES = 3;

    private TcpKeepAlive() {}

    static void apply(SocketChannel channel, int seconds) {
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, seconds > 0);
        if (seconds <= 0) {
            return;
        }
        int interval = Math.max(1, seconds / 3);
        try {
            if (channel instanceof EpollSocketChannel) {
                channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, seconds);
                channel.config().setOption(EpollChannelOption.TCP_KEEPINTVL, interval);
                channel.config().setOption(EpollChannelOption.TCP_KEEPCNT, PROBES);
            } else {
                channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), seconds);
                channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
                channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), PROBES);
            }
        } catch (RuntimeException | LinkageError unsupported) {
            // the system's keep-alive timings then
        }
    }
}
