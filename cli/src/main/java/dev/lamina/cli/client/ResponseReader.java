package dev.lamina.cli.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one response behind Netty's HTTP client codec: its head completes
 * {@link #head}, its body (whole, or chunk by chunk) goes to {@link #body}. A
 * `101 UPGRADED` takes the connection over: the codec is removed, and from then
 * on the raw bytes the engine sends are the body, until it closes.
 */
final class ResponseReader extends ChannelInboundHandlerAdapter {
    final CompletableFuture<HttpResponse> head = new CompletableFuture<>();
    private Body body;
    private boolean upgraded, complete;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        body = new Body(ctx.channel());
    }

    Body body() { return body; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (msg) {
                case HttpResponse r -> {
                    if (r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                        upgraded = true;
                        // What the codec read beyond the head comes on as raw bytes, right here.
                        ctx.pipeline().remove(HttpClientCodec.class);
                    }
                    head.complete(r);
                    if (msg instanceof HttpContent c) content(c);
                }
                case HttpContent c -> content(c);
                case ByteBuf b -> body.add(b);
                default -> { }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A part of an HTTP body; after an upgrade only the empty end of the 101 comes so, and is no end. */
    private void content(HttpContent c) {
        if (upgraded) return;
        if (c.decoderResult().isFailure()) {
            body.fail(c.decoderResult().cause());
            return;
        }
        body.add(c.content());
        if (c instanceof LastHttpContent) {
            complete = true;
            body.end();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IOException gone = new IOException("the engine closed the connection");
        if (!head.completeExceptionally(gone) && !complete) {
            if (upgraded) body.end(); // a taken-over connection ends so
            else body.fail(gone);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!head.completeExceptionally(cause)) body.fail(cause);
        ctx.close();
    }
}
