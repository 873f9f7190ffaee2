package io.miniredis.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code unixsocket} / {@code unixsocketperm}: the server's Unix domain socket, as Redis opens it. Whatever is at the
 * path is removed first (a stale socket of a server that did not stop cleanly; Redis unlinks without looking), the
 * file gets {@code unixsocketperm}'s mode when that is not 0, and the file is removed when the server closes.
 *
 * <p>The transport follows the server's: Netty's epoll domain sockets when the server runs on epoll, else the JDK's
 * own (NIO, Java 16+: Linux, macOS, Windows 10+), which need no native library. A platform with neither refuses at
 * start with a message that says so.
 */
final class UnixSocketListener {

    private static final System.Logger LOG = System.getLogger(UnixSocketListener.class.getName());

    private final Path path;
    private final int permissions;
    private Channel channel;

    UnixSocketListener(String path, int permissions) {
        this.path = Path.of(path);
        this.permissions = permissions;
    }

    /** The path as Redis shows it in CLIENT LIST ({@code addr=/path:0}). */
    String path() {
        return path.toString();
    }

    /**
     * Binds the socket; {@code accept} gets each connection (on its event loop, before it is registered for reads).
     *
     * @throws IllegalStateException when the socket cannot be opened, with Redis's "Failed opening Unix socket"
     */
    void bind(EventLoopGroup acceptGroup, EventLoopGroup childGroup, boolean epoll, Consumer<Channel> accept) {
        Class<? extends ServerChannel> type =
                epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
        SocketAddress address;
        try {
            address = epoll ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
        } catch (RuntimeException | LinkageError unsupported) {
            throw new IllegalStateException(
                    "Failed opening Unix socket: this platform has neither epoll nor the JDK's Unix domain sockets ("
                            + unsupported + ")",
                    unsupported);
        }
        removeStale();
        try {
            channel = new ServerBootstrap()
                    .group(acceptGroup, childGroup)
                    .channel(type)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel connection) {
                            accept.accept(connection);
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows checked exceptions undeclared
            throw new IllegalStateException("Failed opening Unix socket: " + e.getMessage(), e);
        }
        if (permissions != 0) {
            chmod();
        }
    }

    /** Redis unlinks the path before binding and does not care whether that fails; a directory is never removed. */
    private void removeStale() {
        try {
            if (!Files.isDirectory(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // the bind then fails with the reason
        }
    }

    private void chmod() {
        try {
            Files.setPosixFilePermissions(path, posix(permissions));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Could not set the mode " + Integer.toOctalString(permissions) + " of the unix socket " + path
                            + ": " + e);
        }
    }

    /** The rwx bits of an octal mode (setuid, setgid and sticky have no POSIX permission here, as on a socket). */
    static Set<PosixFilePermission> posix(int mode) {
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }

    /** Stops listening and removes the file, as Redis at shutdown ("Removing the unix socket file."). */
    void close() {
        if (channel == null) {
            return;
        }
        channel.close().syncUninterruptibly();
        channel = null;
        LOG.log(System.Logger.Level.INFO, "Removing the unix socket file.");
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Error removing the unix socket file: " + e);
        }
    }
}
