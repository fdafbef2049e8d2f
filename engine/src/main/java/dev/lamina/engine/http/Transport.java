package dev.lamina.engine.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;

/** Netty's native unix-socket transport for this OS: epoll on Linux, kqueue on macOS. */
record Transport(IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {
    static Transport native_() {
        if (Epoll.isAvailable()) return new Transport(EpollIoHandler.newFactory(), EpollServerDomainSocketChannel.class);
        if (KQueue.isAvailable()) return new Transport(KQueueIoHandler.newFactory(), KQueueServerDomainSocketChannel.class);
        Throwable why = Epoll.unavailabilityCause() != null ? Epoll.unavailabilityCause() : KQueue.unavailabilityCause();
        throw new IllegalStateException("no native unix-socket transport for this OS: " + why.getMessage());
    }
}
