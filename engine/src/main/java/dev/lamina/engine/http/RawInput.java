package dev.lamina.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * What a hijacked connection's client sends: stdin bytes, then its end (a half-close,
 * or the connection going). Reading pauses while a chunk is handed on, until the
 * taker calls the resume it gets with it: a container that reads no input holds
 * the client back instead of filling the engine's memory.
 */
final class RawInput extends ChannelInboundHandlerAdapter {
    private final BiConsumer<byte[], Runnable> input;
    private final Runnable end;
    private final AtomicBoolean ended = new AtomicBoolean();

    RawInput(BiConsumer<byte[], Runnable> input, Runnable end) {
        this.input = input;
        this.end = end;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            if (bytes.length > 0 && !ended.get()) {
                ctx.channel().config().setAutoRead(false);
                input.accept(bytes, () -> ctx.channel().config().setAutoRead(true));
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) finish();
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish();
        ctx.close();
    }

    private void finish() {
        if (ended.compareAndSet(false, true)) end.run();
    }
}
