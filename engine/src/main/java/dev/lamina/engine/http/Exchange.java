package dev.lamina.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A request and the one answer it gets: a whole body, a stream (chunked, flushed
 * per write: pull progress, logs, events), or the connection itself (attach and
 * exec: hijacked). Answers are written from a worker thread; Netty queues them
 * onto the connection's event loop. The connection reads its next request only
 * once this one is answered.
 */
public final class Exchange {
    private final Channel channel;
    private final ApiRequest request;
    private final boolean keepAlive;
    private final boolean head;
    private final Runnable answered;
    private final AtomicBoolean done = new AtomicBoolean();

    Exchange(Channel channel, ApiRequest request, boolean keepAlive, boolean head, Runnable answered) {
        this.channel = channel;
        this.request = request;
        this.keepAlive = keepAlive;
        this.head = head;
        this.answered = answered;
    }

    public ApiRequest request() { return request; }

    /** Whether the exchange has been answered (a handler that returns without answering gets a 500). */
    boolean answered() { return done.get(); }

    /** Whether the client is still connected. */
    public boolean open() { return channel.isActive(); }

    /** Runs {@code r} once the client goes away (a follower of logs or events stops then). */
    public void onClose(Runnable r) { channel.closeFuture().addListener(f -> r.run()); }

    public void json(int status, Object body) {
        full(status, "application/json", Json.bytes(body));
    }

    /** A status with no body: 204, 304, 201 with nothing to say. */
    public void empty(int status) {
        full(status, null, new byte[0]);
    }

    public void text(int status, String body) {
        full(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes (an archive, a saved image). */
    public void bytes(int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
        FullHttpResponse r = response(status, contentType, body);
        headers.forEach((k, v) -> r.headers().set(k, v));
        send(r);
    }

    /** Docker's error body, with Docker's exact content type (the CLI parses only that as JSON). */
    public void error(int status, String message) {
        json(status, java.util.Map.of("message", message == null ? "internal error" : message));
    }

    private void full(int status, String contentType, byte[] body) {
        send(response(status, contentType, body));
    }

    private FullHttpResponse response(int status, String contentType, byte[] body) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        Headers.common(r.headers());
        if (contentType != null) r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : body.length);
        return r;
    }

    private void send(FullHttpResponse r) {
        if (!done.compareAndSet(false, true)) {
            r.release();
            return;
        }
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = channel.writeAndFlush(r);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
        else answered.run();
    }

    /** Starts a chunked stream: headers go out at once (clients wait for them). */
    public Stream stream(int status, String contentType) {
        return stream(status, contentType, java.util.Map.of());
    }

    /** A chunked stream with headers of its own (an archive's stat). */
    public Stream stream(int status, String contentType, java.util.Map<String, String> headers) {
        if (!done.compareAndSet(false, true)) throw new IllegalStateException("answered twice");
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        Headers.common(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach((k, v) -> r.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(r, true);
        HttpUtil.setKeepAlive(r, keepAlive);
        channel.writeAndFlush(r);
        return new Stream();
    }

    /** A chunked answer under way. */
    public final class Stream implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Stream() {}

        /** Writes and flushes; false once the client has gone. */
        public boolean write(byte[] bytes) {
            if (!channel.isActive()) return false;
            if (bytes.length > 0) channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            return true;
        }

        /**
         * Writes unless the client has fallen more than {@code maxBehind} bytes behind what it was sent
         * (false then, and once it has gone): for live output nothing may wait on, which would otherwise
         * queue in the engine's memory without bound while a follower does not read.
         */
        public boolean writeUnlessBehind(byte[] bytes, long maxBehind) {
            return channel.bytesBeforeWritable() <= maxBehind && write(bytes);
        }

        /**
         * Writes and, while the client reads slower than we write, waits for it: a
         * producer as fast as an archive of files would otherwise queue it all in memory.
         * Not for output a container waits on (a slow log follower must not stall it).
         */
        public boolean writePaced(byte[] bytes) {
            if (!channel.isActive()) return false;
            if (bytes.length == 0) return true;
            var f = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            if (!channel.isWritable()) f.awaitUninterruptibly();
            return channel.isActive();
        }

        /** The stream as an OutputStream, written in paced chunks; it fails once the client has gone, and its close ends the stream. */
        public java.io.OutputStream output() {
            return new java.io.BufferedOutputStream(new java.io.OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    if (!writePaced(java.util.Arrays.copyOfRange(b, off, off + len)))
                        throw new java.io.IOException("the client went away");
                }

                @Override
                public void close() {
                    Stream.this.close();
                }
            }, 1 << 16);
        }

        public boolean json(Object value) {
            return write(jsonLine(value));
        }

        /** A JSON line, written as {@link #writePaced} writes: for output that may wait on a slow client. */
        public boolean jsonPaced(Object value) {
            return writePaced(jsonLine(value));
        }

        private static byte[] jsonLine(Object value) {
            byte[] b = Json.bytes(value);
            byte[] line = java.util.Arrays.copyOf(b, b.length + 1);
            line[b.length] = '\n';
            return line;
        }

        public boolean open() { return channel.isActive(); }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            var f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
            else answered.run();
        }
    }

    /** Whether the client asked to take over the connection (the CLI always does for attach and exec; docker-java only with stdin). */
    public boolean upgrade() {
        String u = request.header("upgrade");
        return u != null && !u.isEmpty();
    }

    /**
     * Takes the connection over: `101 UPGRADED` when the client asked to upgrade, else a
     * `200` with no length; then raw bytes both ways until one side closes. Bytes the
     * client sends go to {@code input} with the action to call once they are taken (the
     * client is held back until then); its half-close (stdin's end) goes to {@code inputEnd}.
     */
    public Connection hijack(String contentType, BiConsumer<byte[], Runnable> input, Runnable inputEnd) {
        if (!done.compareAndSet(false, true)) throw new IllegalStateException("answered twice");
        StringBuilder head = new StringBuilder();
        if (upgrade()) {
            head.append("HTTP/1.1 101 UPGRADED\r\nContent-Type: ").append(contentType)
                    .append("\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n");
        } else {
            head.append("HTTP/1.1 200 OK\r\nContent-Type: ").append(contentType).append("\r\n");
        }
        Headers.common(head);
        head.append("\r\n");
        return RawConnection.take(channel, head.toString().getBytes(StandardCharsets.US_ASCII), input, inputEnd);
    }

    /** A connection taken over by a stream. */
    public interface Connection extends AutoCloseable {
        /** Writes all of {@code bytes}, blocking while the client is slow; false once it has gone. */
        boolean write(byte[] bytes);

        boolean open();

        /** Ends the stream: the client reads to the end, then sees the close. */
        @Override
        void close();
    }
}
