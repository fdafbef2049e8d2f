package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.BlockedCalls;
import dev.lamina.kernel.channel.Channel;
import dev.lamina.kernel.host.HostCallThread;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;

/**
 * A container's abstract AF_UNIX names. Abstract stream sockets are made,
 * bound and connected on one kernel thread of the container's own, under a
 * Landlock domain that scopes abstract sockets (ABI 6): Linux then lets it
 * connect only to sockets that thread made, so a guest never reaches a
 * host's abstract socket (an X server's, a session bus's) nor another
 * container's, as a network namespace of its own would keep it. With
 * confinement off, or on a kernel without that scope, the thread is not
 * confined (the init host has said so on the container's stderr).
 */
public final class AbstractUnixNames implements AutoCloseable {
    private final HostCallThread thread;

    public AbstractUnixNames(boolean confined) {
        thread = new HostCallThread("lamina-abstract-unix", h -> {
            if (confined) scope(h);
        });
    }

    /** This thread alone (Landlock domains are per thread) under the abstract-socket scope; nothing else handled.
     * A kernel without Landlock, or refusing it, or without scopes (before ABI 6) leaves it unconfined, as the init
     * host decides and warns; past that, a failure (no descriptor to be had) fails this thread's calls (abstract
     * names, datagram sockets) until it is set up, rather than leaving it unconfined. */
    private static void scope(HostCalls h) {
        if (h.syscall(Sysno.LANDLOCK_CREATE_RULESET, 0, 0, Flags.LANDLOCK_CREATE_RULESET_VERSION) < Flags.LANDLOCK_ABI_SCOPES)
            return;
        MemorySegment attr = h.scratch(Layouts.LANDLOCK_RULESET_ATTR_SIZE);
        attr.set(ValueLayout.JAVA_LONG, Layouts.LANDLOCK_RULESET_ATTR_SCOPED, Flags.LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
        long ruleset = LinuxError.check(h.syscall(Sysno.LANDLOCK_CREATE_RULESET, attr.address(), Layouts.LANDLOCK_RULESET_ATTR_SIZE, 0));
        try {
            LinuxError.check(h.syscall(Sysno.PRCTL, Flags.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
            LinuxError.check(h.syscall(Sysno.LANDLOCK_RESTRICT_SELF, ruleset, 0));
        } finally {
            h.syscall(Sysno.CLOSE, ruleset);
        }
    }

    /** Runs call on the container's abstract-socket thread and returns its result. */
    public long run(ToLongFunction<HostCalls> call) {
        return thread.run(call);
    }

    /**
     * A new socket of the kernel's like placeholder, connected to an abstract name (a sockaddr_un's bytes after the
     * family), or -errno; made calls made(own, socket) on this thread before the connect. A blocking connect to a
     * listener whose backlog is full waits for room on a thread of its own, not on this one, which every other
     * abstract-name call of the container waits for; the guest's signal ends that wait (BlockedCalls).
     */
    public long connect(HostCalls h, Channel guest, int placeholder, byte[] name, ObjIntConsumer<HostCalls> made) {
        AtomicReference<CompletableFuture<Long>> waiting = new AtomicReference<>();
        long fd = thread.run(own -> PlaceholderSockets.kept(own, PlaceholderSockets.like(own, placeholder), s -> {
            made.accept(own, s);
            long done = connectNow(own, s, name);
            if (done != WAIT) return done;
            CompletableFuture<Long> room = new CompletableFuture<>();
            try {
                // Started here, by the confined thread, so it is in the same Landlock domain: Linux checks the scope
                // only once there is room, and a thread outside it would then reach a host's socket.
                Thread.ofPlatform().daemon().name(WAITER).stackSize(WAITER_STACK).start(() -> waitForRoom(guest, s, name, room));
            } catch (OutOfMemoryError noThread) { // the host's limit on threads
                return -Errno.ENOMEM;
            }
            waiting.set(room);
            return 0;
        }));
        CompletableFuture<Long> room = waiting.get();
        if (fd < 0 || room == null) return fd;
        long done = -Errno.EIO;
        try {
            done = room.join();
        } finally {
            if (done < 0) h.syscall(Sysno.CLOSE, fd);
        }
        return done < 0 ? done : fd;
    }

    /** The waiting threads' name (short enough to show whole in /proc's comm) and stack size. */
    private static final String WAITER = "lamina-ab-wait";
    private static final long WAITER_STACK = 256 * 1024;
    /** connectNow's answer for a blocking socket and a full backlog. */
    private static final long WAIT = Long.MIN_VALUE;

    /** A connect that does not wait: its result, or WAIT where a blocking socket would. */
    private static long connectNow(HostCalls own, int fd, byte[] name) {
        long status = LinuxError.check(own.syscall(Sysno.FCNTL, fd, Flags.F_GETFL));
        if ((status & Flags.O_NONBLOCK) != 0) return PlaceholderSockets.connect(own, fd, name);
        LinuxError.check(own.syscall(Sysno.FCNTL, fd, Flags.F_SETFL, status | Flags.O_NONBLOCK));
        long done = PlaceholderSockets.connect(own, fd, name);
        LinuxError.check(own.syscall(Sysno.FCNTL, fd, Flags.F_SETFL, status));
        return done == -Errno.EAGAIN ? WAIT : done;
    }

    private static void waitForRoom(Channel guest, int fd, byte[] name, CompletableFuture<Long> room) {
        try (HostCalls w = new HostCalls()) {
            room.complete(PlaceholderSockets.restartable(w, fd,
                    BlockedCalls.runAnswering(w, guest, () -> PlaceholderSockets.connect(w, fd, name))));
        } catch (Throwable e) {
            room.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
