package dev.lamina.engine.http;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/**
 * A connection taken over by a stream (attach, exec start): the socket leaves
 * Netty's event loop and two plain threads copy bytes on it, blocking, so a
 * container that reads its stdin slowly holds the client back, and output
 * waits for a slow client. (Netty's epoll transport loses the socket when its
 * reading is paused across the client's half-close: epoll_ctl MOD after DEL,
 * netty 4.2.18. Blocking copies need no pause.) Blocking host calls run on
 * platform threads.
 */
final class RawConnection implements Exchange.Connection {
    private static final int CHUNK = 32 << 10;

    private final Channel channel;
    private final int fd;
    private volatile boolean closed;

    private RawConnection(Channel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
    }

    /**
     * Takes {@code channel} over once its HTTP request is read: what the HTTP codec
     * holds beyond the request goes first to {@code input}, then what the client
     * sends; {@code inputEnd} runs at the client's half-close or going away.
     */
    static RawConnection take(Channel channel, byte[] head, BiConsumer<byte[], Runnable> input, Runnable inputEnd) {
        CompletableFuture<byte[]> leftover = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            ByteArrayOutputStream early = new ByteArrayOutputStream();
            var pipeline = channel.pipeline();
            early.writeBytes(pipeline.get(RequestHandler.class).upgradedInput());
            pipeline.replace(RequestHandler.class, "early", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof ByteBuf b) early.writeBytes(ByteBufUtil.getBytes(b));
                    io.netty.util.ReferenceCountUtil.release(msg);
                }
            });
            // Removing the codec hands on what its decoder (if still there) read beyond the request.
            pipeline.remove(HttpServerCodec.class);
            channel.deregister().addListener(f -> leftover.complete(early.toByteArray()));
        });
        byte[] early = leftover.join();
        int fd = ((UnixChannel) channel).fd().intValue();
        try (HostCalls h = new HostCalls()) {
            long flags = h.syscall(Sysno.FCNTL, fd, Flags.F_GETFL);
            if (flags >= 0) h.syscall(Sysno.FCNTL, fd, Flags.F_SETFL, flags & ~Flags.O_NONBLOCK);
        }
        RawConnection c = new RawConnection(channel, fd);
        c.write(head);
        Thread.ofPlatform().daemon().name("api-stream-in").start(() -> c.copyIn(early, input, inputEnd));
        return c;
    }

    private void copyIn(byte[] early, BiConsumer<byte[], Runnable> input, Runnable inputEnd) {
        try (HostCalls h = new HostCalls()) {
            if (early.length > 0) handOn(early, input);
            MemorySegment buf = h.scratch(CHUNK);
            while (!closed) {
                long n = h.syscall(Sysno.READ, fd, buf.address(), CHUNK);
                if (n == -Errno.EINTR) continue;
                if (n <= 0) break; // half-closed, gone, or closed by us
                handOn(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), input);
            }
        } finally {
            inputEnd.run();
        }
    }

    /** Hands a chunk on and waits until it is taken (written to the container, or dropped). */
    private static void handOn(byte[] bytes, BiConsumer<byte[], Runnable> input) {
        CountDownLatch taken = new CountDownLatch(1);
        input.accept(bytes, taken::countDown);
        try {
            taken.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean write(byte[] bytes) {
        if (closed) return false;
        try (HostCalls h = new HostCalls()) {
            MemorySegment buf = h.scratch(Math.max(1, bytes.length));
            buf.copyFrom(MemorySegment.ofArray(bytes));
            for (long done = 0; done < bytes.length; ) {
                long w = h.syscall(Sysno.WRITE, fd, buf.address() + done, bytes.length - done);
                if (w == -Errno.EINTR) continue;
                if (w <= 0) {
                    close();
                    return false;
                }
                done += w;
            }
        }
        return true;
    }

    @Override
    public boolean open() { return !closed; }

    /** Ends the stream: the client reads what was written, then the end; the input thread wakes and stops. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try (HostCalls h = new HostCalls()) {
            h.syscall(Sysno.SHUTDOWN, fd, Flags.SHUT_RDWR);
        }
        channel.close();
    }
}
