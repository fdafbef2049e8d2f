package dev.lamina.engine.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The API's HTTP/1.1 server on a unix socket (epoll on Linux, kqueue on macOS),
 * mode 0600: only the engine's user may talk to it. Routes run on virtual
 * threads, since most block (pulls, waits, followed logs).
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    /** Docker's CLI sends short request lines and headers; these bound what a client can make us hold. */
    static final int MAX_LINE = 16 << 10, MAX_HEADERS = 64 << 10, MAX_CHUNK = 64 << 10;

    private final EventLoopGroup group;
    private final Channel server;
    private final ExecutorService workers;
    private final Path socket;

    /** Who may use the engine among the processes below this JVM (the containers'). */
    public interface Peers {
        /** Whether the process with this lineage (its pid, then its ancestors' up to this JVM's child) is served. */
        boolean admits(List<Integer> lineage, Path socket);
    }

    private static boolean admitted(Channel ch, Peers peers, Path socket) {
        Optional<List<Integer>> lineage = PeerProcess.lineage(((UnixChannel) ch).fd().intValue());
        boolean ok = lineage.isPresent() && (lineage.get().isEmpty() || peers.admits(lineage.get(), socket));
        if (!ok) LOG.log(System.Logger.Level.WARNING, "refused a connection from process " + lineage.map(l -> l.getFirst().toString()).orElse("(unknown)")
                + ": a container's process may use the engine only when given its socket by a bind mount");
        return ok;
    }

    private ApiServer(EventLoopGroup group, Channel server, ExecutorService workers, Path socket) {
        this.group = group;
        this.server = server;
        this.workers = workers;
        this.socket = socket;
    }

    /** Serves {@code router} on a new socket at {@code socket} (a stale one from a dead engine is replaced). */
    public static ApiServer start(Path socket, Router router, Path spoolDir, Peers peers) throws IOException {
        Transport transport = Transport.native_();
        Files.deleteIfExists(socket);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, transport.ioHandlers());
        ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("engine-api-", 0).factory());
        try {
            // Bound in a directory only we can enter, then made 0600: no moment where another user could connect.
            Files.createDirectories(socket.getParent());
            Path realSocket = socket.getParent().toRealPath().resolve(socket.getFileName());
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (!admitted(ch, peers, realSocket)) {
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                                    .setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(MAX_HEADERS).setMaxChunkSize(MAX_CHUNK)));
                            ch.pipeline().addLast(new RequestHandler(router, workers, spoolDir));
                        }
                    });
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            Channel server = b.bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return new ApiServer(group, server, workers, socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IOException("interrupted while binding " + socket, e);
        } catch (RuntimeException | IOException e) {
            group.shutdownGracefully();
            workers.shutdownNow();
            throw e;
        }
    }

    public Path socket() { return socket; }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next engine replaces it
        }
    }
}
