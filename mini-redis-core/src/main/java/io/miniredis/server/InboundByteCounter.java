package io.miniredis.server;

import io.miniredis.stats.ServerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the bytes clients send (INFO total_net_input_bytes), once per socket read, in front of the decoder. */
@ChannelHandler.Sharable
final class InboundByteCounter extends ChannelInboundHandlerAdapter {

    private final ServerStats stats;

    InboundByteCounter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            stats.bytesIn(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
