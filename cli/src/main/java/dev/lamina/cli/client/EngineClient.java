package dev.lamina.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A client of the engine on its unix socket: Netty's HTTP client codec on the
 * native transport, one connection per request (Connection: close), so that
 * calls, streams and taken-over connections can be open at once. Its event
 * loop only hands bytes on and never blocks; its thread is a daemon.
 */
public final class EngineClient implements AutoCloseable {
    private final Path socket;
    private final Transport transport;
    private final EventLoopGroup group;

    private EngineClient(Path socket, Transport transport, EventLoopGroup group) {
        this.socket = socket;
        this.transport = transport;
        this.group = group;
    }

    /** A client of the engine listening on {@code socket}; each request connects. */
    public static EngineClient of(Path socket) {
        Transport transport = Transport.native_();
        return new EngineClient(socket, transport,
                new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lamina-client", true), transport.ioHandlers()));
    }

    /** {@code s} as one segment of a request's path (a container's name or id as the user typed it). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A request whose answer is JSON (or nothing); error answers throw {@link EngineError}. */
    public JsonNode call(String method, String path, Object body) throws IOException {
        return send(method, path, body).json();
    }

    /** Sends a request; returns once the answer's head is here, its body still coming. */
    public Response send(String method, String path, Object body) throws IOException {
        return request(method, path, body, false);
    }

    /**
     * Sends a request that takes the connection over (attach, exec start): the
     * answer is `101 UPGRADED`, then raw bytes both ways. An error answer throws.
     */
    public Response upgrade(String method, String path, Object body) throws IOException {
        Response r = request(method, path, body, true).ok();
        if (r.status() != 101) {
            r.close();
            throw new IOException("the engine did not take the connection over for " + path + " (status " + r.status() + ")");
        }
        return r;
    }

    private Response request(String method, String path, Object body, boolean upgrade) throws IOException {
        ResponseReader reader = new ResponseReader();
        Channel channel = connect(reader);
        byte[] content = body == null ? new byte[0] : Json.bytes(body);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                Unpooled.wrappedBuffer(content));
        r.headers().set(HttpHeaderNames.HOST, "lamina");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
        if (body != null) r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (upgrade) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        // A request that cannot be written closes the connection, which fails the wait for the answer.
        channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        return answer(channel, reader);
    }

    /**
     * Sends a request whose body is {@code file} (a build context), streamed in chunks as
     * the socket takes them; returns once the answer's head is here.
     */
    public Response sendFile(String method, String path, Path file, String contentType) throws IOException {
        ResponseReader reader = new ResponseReader();
        Channel channel = connect(reader);
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path);
        r.headers().set(HttpHeaderNames.HOST, "lamina");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, Files.size(file));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.write(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                // One chunk in flight at a time: the file is never held in memory whole.
                if (!channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n))).awaitUninterruptibly().isSuccess())
                    break; // the engine closed the connection: its answer says why
            }
        }
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        return answer(channel, reader);
    }

    private Response answer(Channel channel, ResponseReader reader) throws IOException {
        try {
            HttpResponse head = reader.head.get();
            return new Response(channel, head, reader.body());
        } catch (ExecutionException e) {
            channel.close();
            throw new IOException("no answer from the engine at " + socket + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the engine");
        }
    }

    private Channel connect(ResponseReader reader) throws IOException {
        Bootstrap b = new Bootstrap().group(group).channel(transport.channel()).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), reader);
            }
        });
        var f = b.connect(new DomainSocketAddress(socket.toString())).awaitUninterruptibly();
        if (!f.isSuccess()) throw new IOException("cannot connect to the engine at " + socket + ": " + f.cause().getMessage(), f.cause());
        return f.channel();
    }

    /** Lets the event loop go (its thread is a daemon: nothing waits for it). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
