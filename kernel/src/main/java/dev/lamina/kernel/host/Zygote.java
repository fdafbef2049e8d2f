package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The zygote (lkl-linux/src/zygote.c): one process for this JVM, confined
 * once (capabilities dropped, the container filter installed), that starts
 * every confined init host as this JVM's own child (CLONE_PARENT), sharing
 * its filter. A filter made for each container and freed when the
 * container's last process was reaped cost its start more than the filter's
 * own work (README, Performance, Confinement); shared, it is made once and
 * never freed. Started at the first confined spawn, and again if it died.
 */
public final class Zygote {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final Map<Path, Zygote> RUNNING = new HashMap<>();
    private static boolean stopsAtExit;

    private final int pid;
    private final int socket;

    private Zygote(int pid, int socket) {
        this.pid = pid;
        this.socket = socket;
    }

    /**
     * Starts {@code binary} (this machine's init host, which the zygote runs
     * too) with argv, one of the two confined starts (init.c: "spawn confine",
     * "confined-exec ..."): stdio become its descriptors 0 to 2, channelFd
     * and the {@link Lifeline} its SPAWN numbers, as {@link Spawner} places
     * them. Returns its host pid, a child of this JVM.
     */
    public static synchronized int spawn(Path binary, List<String> argv, int channelFd, int[] stdio) {
        byte[] request = request(argv);
        int[] fds = {stdio[0], stdio[1], stdio[2], channelFd, Lifeline.readEnd()};
        try (HostCalls h = new HostCalls()) {
            for (int attempt = 0; ; attempt++) {
                Zygote z = RUNNING.get(binary);
                if (z == null) RUNNING.put(binary, z = start(h, binary));
                Reply reply = z.ask(h, request, fds);
                if (reply instanceof Reply.Started s) return started(h, binary, s);
                // It has ended (killed, or it could not confine itself: said on stderr).
                RUNNING.remove(binary);
                h.syscall(Sysno.CLOSE, z.socket);
                reap(h, z.pid);
                // Once more with a new one, unless it had the request: what it started then may hold the channel.
                if (reply instanceof Reply.EndedWithRequest || attempt > 0)
                    throw new IllegalStateException("cannot start an init host: the zygote ended");
            }
        }
    }

    /** What came of a request. */
    private sealed interface Reply {
        record Started(int pid, int error) implements Reply {}

        record EndedBefore() implements Reply {}

        record EndedWithRequest() implements Reply {}
    }

    private static byte[] request(List<String> argv) {
        if (argv.isEmpty() || argv.size() > Protocol.ZYGOTE_ARGS_MAX)
            throw new IllegalArgumentException("an init host's argv has 1 to " + Protocol.ZYGOTE_ARGS_MAX + " strings");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : argv) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        if (out.size() > Protocol.ZYGOTE_REQUEST_MAX)
            throw new IllegalArgumentException("an init host's path and argv exceed " + Protocol.ZYGOTE_REQUEST_MAX + " bytes");
        return out.toByteArray();
    }

    /** Ends every zygote and reaps it: as this JVM exits, so that none is left a zombie of a subreaper above. */
    private static synchronized void stopAll() {
        try (HostCalls h = new HostCalls()) {
            for (Zygote z : RUNNING.values()) {
                h.syscall(Sysno.CLOSE, z.socket); // it ends at the hang-up
                reap(h, z.pid);
            }
            RUNNING.clear();
        }
    }

    private static Zygote start(HostCalls h, Path binary) {
        if (!stopsAtExit) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(Zygote::stopAll));
            stopsAtExit = true;
        }
        MemorySegment pair = h.scratch(8);
        long r = h.syscall(Sysno.SOCKETPAIR, Flags.AF_UNIX, Flags.SOCK_SEQPACKET | Flags.SOCK_CLOEXEC, 0, pair.address());
        if (r < 0) throw new IllegalStateException("cannot start the zygote: socketpair: errno " + -r);
        int ours = pair.get(INT, 0), its = pair.get(INT, 4);
        h.release();
        try {
            int pid = Orphans.spawn(() -> Spawner.spawn(binary.toString(), List.of("lamina-init", "zygote"), its,
                    new int[] {0, 1, 2}));
            return new Zygote(pid, ours);
        } catch (RuntimeException e) {
            h.syscall(Sysno.CLOSE, ours);
            throw e;
        } finally {
            h.syscall(Sysno.CLOSE, its);
        }
    }

    private Reply ask(HostCalls h, byte[] request, int[] fds) {
        try {
            MemorySegment data = h.scratch(request.length);
            MemorySegment.copy(request, 0, data, ValueLayout.JAVA_BYTE, 0, request.length);
            MemorySegment iov = h.scratch(Layouts.IOVEC_SIZE);
            iov.set(LONG, 0, data.address());
            iov.set(LONG, Layouts.IOVEC_LEN, request.length);
            long controlLen = Layouts.CMSG_DATA + 4L * fds.length;
            MemorySegment control = h.scratch((controlLen + 7) & ~7L);
            control.set(LONG, Layouts.CMSG_LEN, controlLen);
            control.set(INT, Layouts.CMSG_LEVEL, Flags.SOL_SOCKET);
            control.set(INT, Layouts.CMSG_TYPE, Flags.SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) control.set(INT, Layouts.CMSG_DATA + 4L * i, fds[i]);
            MemorySegment msg = h.scratch(Layouts.MSGHDR_SIZE);
            msg.set(LONG, Layouts.MSGHDR_IOV, iov.address());
            msg.set(LONG, Layouts.MSGHDR_IOVLEN, 1);
            msg.set(LONG, Layouts.MSGHDR_CONTROL, control.address());
            msg.set(LONG, Layouts.MSGHDR_CONTROLLEN, control.byteSize());
            long n;
            do n = h.syscall(Sysno.SENDMSG, socket, msg.address(), Flags.MSG_NOSIGNAL);
            while (n == -Errno.EINTR);
            if (n == -Errno.EPIPE) return new Reply.EndedBefore();
            if (n != request.length) throw new IllegalStateException("cannot ask the zygote for an init host: errno " + -n);
            MemorySegment reply = h.scratch(Protocol.ZYGOTE_REPLY_SIZE);
            do n = h.syscall(Sysno.READ, socket, reply.address(), Protocol.ZYGOTE_REPLY_SIZE);
            while (n == -Errno.EINTR);
            if (n != Protocol.ZYGOTE_REPLY_SIZE) return new Reply.EndedWithRequest();
            return new Reply.Started(reply.get(INT, Protocol.ZYGOTE_REPLY_PID), reply.get(INT, Protocol.ZYGOTE_REPLY_ERROR));
        } finally {
            h.release();
        }
    }

    private static int started(HostCalls h, Path binary, Reply.Started reply) {
        if (reply.pid() == -Errno.EINVAL) throw new IllegalArgumentException("the zygote starts init hosts confined only");
        if (reply.pid() <= 0) throw new IllegalStateException("cannot start " + binary + ": clone: errno " + -reply.pid());
        if (reply.error() != 0) {
            reap(h, reply.pid());
            throw new IllegalStateException("cannot start " + binary + ": errno " + reply.error());
        }
        return reply.pid();
    }

    /** Waits for a child of this JVM that has ended or is about to. */
    private static void reap(HostCalls h, int pid) {
        // Our own child, unreaped: its pid is still its own.
        long fd = h.syscall(Sysno.PIDFD_OPEN, pid, 0);
        if (fd >= 0) {
            h.syscall(Sysno.WAITID, Flags.P_PIDFD, fd, h.scratch(128).address(), Flags.WEXITED, 0);
            h.syscall(Sysno.CLOSE, fd);
            h.release();
        }
        Orphans.reaped(pid);
    }
}
