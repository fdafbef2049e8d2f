package dev.lamina.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Turns HTTP/1.1 requests into exchanges for the routes. The body is gathered
 * here (in memory up to a limit, or spooled to a file for archive routes),
 * then the route runs on a worker thread: routes block (a pull, a wait). The
 * connection reads nothing more until the answer is under way, so requests on
 * a kept-alive connection are answered in order.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(RequestHandler.class.getName());
    /** JSON bodies (a container's config) are small; more is no request but a flood. */
    static final int MAX_BODY = 4 << 20;
    /** Archives (docker cp, docker load) are spooled to disk, bounded by this. */
    static final long MAX_SPOOLED = 64L << 30;

    private final Router router;
    private final ExecutorService workers;
    private final Path spoolDir;

    private HttpRequest request;
    private Router.Match match;
    private ApiException refused;
    private ApiVersion version;
    private String path;
    private ByteArrayOutputStream memory;
    /** Messages that came while a request is in flight (a client that pipelines). */
    private final java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>();
    /**
     * Once an upgrade request is read: the decoder is gone (the next bytes are the
     * stream's, not a request) and what the client sends is kept here for the stream.
     */
    private ByteArrayOutputStream upgraded;
    private Path spool;
    private OutputStream spoolOut;
    private long received;
    /** The client has sent all it will (a half-close): answer what is in flight, then close. */
    private volatile boolean inputShut;
    private volatile boolean inFlight;

    RequestHandler(Router router, ExecutorService workers, Path spoolDir) {
        this.router = router;
        this.workers = workers;
        this.spoolDir = spoolDir;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (upgraded != null) {
            if (msg instanceof ByteBuf b) upgraded.writeBytes(ByteBufUtil.getBytes(b));
            ReferenceCountUtil.release(msg);
            return;
        }
        if (inFlight) {
            held.add(msg); // the next request, read in the same packet as this one: taken up once this is answered
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest r) begin(ctx, r);
            if (msg instanceof HttpContent c && request != null) {
                append(c.content());
                if (msg instanceof LastHttpContent) finish(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest r) {
        if (r.decoderResult().isFailure()) {
            Throwable cause = r.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongFrameException ? 413 : 400;
            reject(ctx, status, "malformed request: " + cause.getMessage());
            return;
        }
        request = r;
        refused = null;
        match = null;
        memory = new ByteArrayOutputStream();
        spool = null;
        spoolOut = null;
        received = 0;
        QueryStringDecoder uri = new QueryStringDecoder(r.uri());
        path = uri.path().replaceAll("/{2,}", "/"); // "/containers//NAME/json": a name with its leading slash, as dockerd's mux cleans it
        version = ApiVersion.MAX;
        try {
            if (path.startsWith("/v")) {
                int slash = path.indexOf('/', 1);
                ApiVersion asked = ApiVersion.parse(slash < 0 ? path.substring(2) : path.substring(2, slash));
                if (asked != null) {
                    if (asked.compareTo(ApiVersion.MIN) < 0)
                        throw ApiException.badRequest("client version " + asked + " is too old. Minimum supported API version is "
                                + ApiVersion.MIN + ", please upgrade your client to a newer version");
                    if (asked.compareTo(ApiVersion.MAX) > 0)
                        throw ApiException.badRequest("client version " + asked + " is too new. Maximum supported API version is " + ApiVersion.MAX);
                    version = asked;
                    path = slash < 0 ? "/" : path.substring(slash);
                }
            }
            match = router.match(r.method().name(), path);
            if (HttpUtil.getContentLength(r, 0L) > (match.route().spooled() ? MAX_SPOOLED : MAX_BODY))
                throw new ApiException(413, "request body too large");
            if (match.route().spooled()) {
                Files.createDirectories(spoolDir);
                spool = Files.createTempFile(spoolDir, "body-", ".tar");
                spoolOut = Files.newOutputStream(spool);
            }
        } catch (ApiException e) {
            refused = e;
        } catch (IOException e) {
            refused = new ApiException(500, "cannot take the request body: " + e.getMessage());
        }
    }

    private void append(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0 || refused != null) return;
        received += n;
        try {
            if (spoolOut != null) {
                if (received > MAX_SPOOLED) throw new ApiException(413, "request body too large");
                content.readBytes(spoolOut, n);
            } else {
                if (received > MAX_BODY) throw new ApiException(413, "request body too large");
                content.readBytes(memory, n);
            }
        } catch (ApiException e) {
            refused = e;
        } catch (IOException e) {
            refused = new ApiException(500, "cannot take the request body: " + e.getMessage());
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        HttpRequest r = request;
        request = null;
        closeSpool();
        boolean keepAlive = HttpUtil.isKeepAlive(r);
        boolean head = r.method().name().equals("HEAD");
        if (refused != null) {
            // The body was read to its end, so the connection can serve the next request.
            ApiException e = refused;
            deleteSpool();
            inFlight = true;
            Exchange ex = new Exchange(ctx.channel(), emptyRequest(r), keepAlive && e.status() != 413, head, () -> answered(ctx));
            ex.error(e.status(), e.getMessage());
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : r.headers()) headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue());
        ApiRequest api = new ApiRequest(r.method().name(), path, version, match.params(),
                new QueryStringDecoder(r.uri()).parameters(), headers, spool == null ? memory.toByteArray() : null, spool);
        Path spooled = spool;
        Route route = match.route();
        ctx.channel().config().setAutoRead(false);
        inFlight = true;
        if (api.header("upgrade") != null && !api.header("upgrade").isEmpty()) {
            // Input may follow the request in the same packet; the decoder must not read it as the next request.
            upgraded = new ByteArrayOutputStream();
            keepAlive = false;
            ctx.pipeline().get(HttpServerCodec.class).removeInboundHandler();
        }
        Exchange ex = new Exchange(ctx.channel(), api, keepAlive, head, () -> answered(ctx));
        workers.execute(() -> {
            try {
                route.handler().handle(ex);
                if (!ex.answered()) ex.error(500, "no answer from " + route.template());
            } catch (ApiException e) {
                if (!ex.answered()) ex.error(e.status(), e.getMessage());
            } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, r.method() + " " + r.uri() + " failed", e);
                if (!ex.answered()) ex.error(500, e.getMessage() != null ? e.getMessage() : e.toString());
                else ctx.close();
            } finally {
                if (spooled != null) {
                    try {
                        Files.deleteIfExists(spooled);
                    } catch (IOException e) {
                        // a leftover in the spool directory, swept at the next start
                    }
                }
            }
        });
    }

    /** An answer went out on a kept-alive connection: read the next request, unless the client is done sending. */
    private void answered(ChannelHandlerContext ctx) {
        ctx.executor().execute(() -> {
            inFlight = false;
            while (!inFlight && !held.isEmpty() && ctx.channel().isActive()) handle(ctx, held.poll());
            if (inFlight) return;
            if (inputShut) ctx.channel().writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            else ctx.channel().config().setAutoRead(true);
        });
    }

    /** What the client sent after its upgrade request, for the stream that takes the connection over. */
    byte[] upgradedInput() {
        return upgraded == null ? new byte[0] : upgraded.toByteArray();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            inputShut = true;
            // A request cut short will never be whole; with none in flight nothing more is coming.
            if (request != null || !inFlight || rejected) ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private ApiRequest emptyRequest(HttpRequest r) {
        return new ApiRequest(r.method().name(), path, version, Map.of(), Map.of(), Map.of(), new byte[0], null);
    }

    private void closeSpool() {
        if (spoolOut == null) return;
        try {
            spoolOut.close();
        } catch (IOException e) {
            refused = new ApiException(500, "cannot take the request body: " + e.getMessage());
        }
        spoolOut = null;
    }

    private void deleteSpool() {
        if (spool == null) return;
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            // swept at the next start
        }
        spool = null;
    }

    /** A request the codec could not read: answered, then the connection closed (its framing is lost). */
    private void reject(ChannelHandlerContext ctx, int status, String message) {
        byte[] body = Json.bytes(Map.of("message", message));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                io.netty.buffer.Unpooled.wrappedBuffer(body));
        Headers.common(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        // Half-closed, not closed: what the client still sends is read and dropped (the codec discards
        // after a failure), so its last packets do not turn into a reset that loses this answer.
        ctx.writeAndFlush(r).addListener(f -> {
            if (ctx.channel() instanceof io.netty.channel.socket.DuplexChannel d) d.shutdownOutput();
            else ctx.close();
        });
        ctx.executor().schedule(() -> { ctx.close(); }, DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        ctx.channel().config().setAutoRead(true);
        request = null;
        rejected = true;
    }

    /** How long a rejected client may go on sending before it is cut off. */
    private static final int DRAIN_SECONDS = 5;
    private boolean rejected;

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeSpool();
        deleteSpool();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection failed", cause);
        ctx.close();
    }
}
