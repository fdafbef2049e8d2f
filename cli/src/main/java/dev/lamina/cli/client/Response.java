package dev.lamina.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lamina.engine.http.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An answer of the engine, its head at hand and its body under way: a JSON
 * document, a stream (logs, progress), or, after `101 UPGRADED`, a taken-over
 * connection that carries a container's or an exec's streams both ways.
 */
public final class Response implements AutoCloseable {
    private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private final Channel channel;
    private final HttpResponse head;
    private final Body body;

    Response(Channel channel, HttpResponse head, Body body) {
        this.channel = channel;
        this.head = head;
        this.body = body;
    }

    public int status() { return head.status().code(); }

    /** Whether the body is Docker's multiplexed stream (no terminal): frames behind 8-byte headers, see {@link MultiplexedStream}. */
    public boolean multiplexed() {
        return MULTIPLEXED.equals(head.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    /** The body as it comes; ends with the answer (or, taken over, when the engine closes). */
    public InputStream body() { return body; }

    /** This answer if it is no error; an error's message as an {@link EngineError}. */
    public Response ok() throws IOException {
        if (status() < 400) return this;
        byte[] b;
        try (this) {
            b = body.readAllBytes();
        }
        String message;
        try {
            message = Json.MAPPER.readTree(b).path("message").asText(null);
        } catch (IOException e) {
            message = null;
        }
        if (message == null) message = new String(b, StandardCharsets.UTF_8).strip();
        throw new EngineError(status(), message.isEmpty() ? "the engine answered " + head.status() : message);
    }

    /** The whole body as JSON (a missing node when empty); an error answer throws. */
    public JsonNode json() throws IOException {
        try (this) {
            byte[] b = ok().body.readAllBytes();
            return b.length == 0 ? MissingNode.getInstance() : Json.MAPPER.readTree(b);
        }
    }

    /** Sends bytes on a taken-over connection; returns once they are written. */
    public void write(byte[] bytes) throws IOException {
        await(channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)));
    }

    /** Ends what this side sends (stdin's end), while the engine's side goes on. */
    public void endInput() throws IOException {
        await(((DuplexChannel) channel).shutdownOutput());
    }

    private static void await(ChannelFuture f) throws IOException {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) throw new IOException("cannot write to the engine: " + f.cause().getMessage(), f.cause());
    }

    @Override
    public void close() {
        channel.close();
    }
}
