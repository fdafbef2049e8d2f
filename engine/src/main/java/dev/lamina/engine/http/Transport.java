package dev.lamina.engine.http;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;

/**
 * Netty's native unix-socket transport for this OS: epoll on Linux, kqueue on
 * macOS. The engine listens with serverChannel; the lamina command, a client
 * of a running engine, connects with channel.
 */
public record Transport(IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                        Class<? extends Channel> channel) {
    public static Transport native_() {
        if (Epoll.isAvailable())
            return new Transport(EpollIoHandler.newFactory(), EpollServerDomainSocketChannel.class, EpollDomainSocketChannel.class);
        if (KQueue.isAvailable())
            return new Transport(KQueueIoHandler.newFactory(), KQueueServerDomainSocketChannel.class, KQueueDomainSocketChannel.class);
        Throwable why = Epoll.unavailabilityCause() != null ? Epoll.unavailabilityCause() : KQueue.unavailabilityCause();
        throw new IllegalStateException("no native unix-socket transport for this OS: " + why.getMessage());
    }
}
