package dev.lamina.kernel.channel;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Host calls a kernel thread makes for a guest that can block until another process acts (a FIFO's open waits for
 * its other end), ended when the guest's thread takes a signal meanwhile, as Linux ends them: the call says
 * -ERESTARTSYS and the init host makes it again after the handler, or ends it with EINTR, as the handler's
 * SA_RESTART says.
 *
 * <p>The kernel thread blocks in the host, not on its channel, so it cannot read the interrupt the guest's init host
 * posts there. A watcher thread looks at the channels of calls still running after {@link #NOTICE_NANOS} and, when
 * one has something to read (the interrupt, or the guest gone), sends the kernel thread the JDK's own signal for
 * ending a thread's blocked I/O (SIGRTMAX - 2 on Linux, whose handler libnet and libnio install: it does nothing,
 * without SA_RESTART), so the host call ends with EINTR. A call still running {@link #NOTICE_NANOS} later is sent it
 * again (a signal that came just before the call blocked was taken before it, and lost); no more often, since each
 * is queued (a real-time signal). Only calls that can wait for another process come here (a FIFO's open): each pays
 * a set's add and remove.
 */
public final class BlockedCalls {
    /** SIGRTMAX - 2 in glibc's numbering (SIGRTMAX 64): the JDK's sun.nio.ch.NativeThread signal. */
    private static final int WAKE_SIGNAL = 62;
    /** How long a call runs before its channel is watched, and the least time between two signals to one call. */
    private static final long NOTICE_NANOS = 5_000_000;
    /** How long one look at the watched channels waits before the watcher looks for newly blocked calls. */
    private static final int WATCH_MILLIS = 20;
    /** How long the watcher goes on looking after the last call before it parks until the next. */
    private static final long IDLE_NANOS = 1_000_000_000;

    /** A kernel thread's call in progress: its host thread id, its guest's channel, when it began (0: none). */
    private static final class Slot {
        final int tid;
        volatile int channel;
        volatile long since;
        /** The guest's interrupt came with the request (read already): signalled at once, without a look. */
        volatile boolean interrupted;
        /** The watcher's own: the call (its since) it last signalled, and when. */
        long signalledCall, signalledAt;

        Slot(int tid) { this.tid = tid; }
    }

    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();
    private static final Set<Slot> RUNNING = ConcurrentHashMap.newKeySet();
    private static final boolean SIGNAL_ENDS_CALLS = wakeSignalEndsCalls();
    private static final Thread WATCHER = SIGNAL_ENDS_CALLS
            ? Thread.ofPlatform().daemon().name("lamina-blocked-calls").start(BlockedCalls::watch) : null;
    private static volatile boolean parked;

    private BlockedCalls() {}

    /** A call whose result is a host fd or number, or a LinuxError. */
    @FunctionalInterface
    public interface Call {
        int run();
    }

    /**
     * Runs call on the calling kernel thread for the guest thread of channel; a host EINTR that is not the guest's
     * signal (another thread's) makes it again.
     *
     * @throws LinuxError ERESTARTSYS when the guest's thread took a signal before the call ended
     */
    public static int run(HostCalls h, Channel channel, Call call) {
        if (channel == null || !SIGNAL_ENDS_CALLS) return call.run();
        Slot s = SLOT.get();
        if (s == null) SLOT.set(s = new Slot((int) h.syscall(Sysno.GETTID, 0)));
        s.channel = channel.fd();
        // An interrupt that came with the request: the call is still made (a FIFO whose other end is there opens,
        // as on Linux) and ended only if it waits.
        s.interrupted = channel.pending();
        s.since = System.nanoTime();
        RUNNING.add(s);
        if (parked || s.interrupted) LockSupport.unpark(WATCHER);
        try {
            while (true) {
                try {
                    return call.run();
                } catch (LinuxError e) {
                    if (e.errno() != Errno.EINTR) throw e;
                    if (channel.pending() || readable(h, channel.fd(), 0)) throw new LinuxError(Errno.ERESTARTSYS);
                }
            }
        } finally {
            // Under the slot's lock, which the watcher holds while it signals: none comes after this.
            synchronized (s) {
                s.since = 0;
            }
            RUNNING.remove(s);
        }
    }

    /** {@link #run(HostCalls, Channel, Call)} for a call that answers -errno: -ERESTARTSYS when ended for a signal. */
    public static long runAnswering(HostCalls h, Channel channel, java.util.function.LongSupplier call) {
        try {
            return run(h, channel, () -> (int) LinuxError.check(call.getAsLong()));
        } catch (LinuxError e) {
            return -e.errno();
        }
    }

    /** Whether the guest's thread of channel took a signal (its interrupt is there, or the guest is gone), waiting
     * for it at most millis: for a kernel thread's own wait between tries. */
    public static boolean interrupted(HostCalls h, Channel channel, int millis) {
        if (channel == null) {
            LockSupport.parkNanos(millis * 1_000_000L);
            return false;
        }
        return channel.pending() || readable(h, channel.fd(), millis);
    }

    /** Whether fd has something to read (or its other end is gone) within millis. */
    private static boolean readable(HostCalls h, int fd, int millis) {
        MemorySegment p = h.scratch(8);
        p.set(ValueLayout.JAVA_INT, 0, fd);
        p.set(ValueLayout.JAVA_SHORT, 4, Flags.POLLIN);
        p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        return h.syscall(Sysno.POLL, p.address(), 1, millis) == 1;
    }

    private static void watch() {
        try (HostCalls h = new HostCalls()) {
            long pid = ProcessHandle.current().pid();
            long lastBusy = System.nanoTime();
            List<Slot> watched = new ArrayList<>();
            List<Long> calls = new ArrayList<>();
            while (true) {
                long now = System.nanoTime();
                watched.clear();
                calls.clear();
                for (Slot s : RUNNING) {
                    long began = s.since;
                    if (began == 0 || (now - began < NOTICE_NANOS && !s.interrupted)) continue;
                    if (s.signalledCall == began && now - s.signalledAt < NOTICE_NANOS) continue; // sent: give it time
                    if (s.interrupted) {
                        signal(h, pid, s, began);
                        continue;
                    }
                    watched.add(s);
                    calls.add(began);
                }
                if (!RUNNING.isEmpty()) lastBusy = now;
                if (watched.isEmpty()) {
                    if (now - lastBusy < IDLE_NANOS) {
                        LockSupport.parkNanos(NOTICE_NANOS);
                        continue;
                    }
                    parked = true;
                    if (RUNNING.isEmpty()) LockSupport.park();
                    parked = false;
                    lastBusy = System.nanoTime();
                    continue;
                }
                MemorySegment fds = h.scratch(8L * watched.size());
                for (int i = 0; i < watched.size(); i++) {
                    fds.set(ValueLayout.JAVA_INT, 8L * i, watched.get(i).channel);
                    fds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, Flags.POLLIN);
                }
                h.syscall(Sysno.POLL, fds.address(), watched.size(), WATCH_MILLIS);
                for (int i = 0; i < watched.size(); i++)
                    if (fds.get(ValueLayout.JAVA_SHORT, 8L * i + 6) != 0) signal(h, pid, watched.get(i), calls.get(i));
                h.release();
            }
        }
    }

    /** Sends s's thread the signal if it is still in the call that began at call. */
    private static void signal(HostCalls h, long pid, Slot s, long call) {
        synchronized (s) {
            if (s.since != call) return;
            h.syscall(Sysno.TGKILL, pid, s.tid, WAKE_SIGNAL);
        }
        s.signalledCall = call;
        s.signalledAt = System.nanoTime();
    }

    /**
     * Whether the JVM has a handler for {@link #WAKE_SIGNAL} that ends a blocked call (not SA_RESTART): sending it
     * otherwise would end the JVM (a real-time signal's default action). The JDK installs it as a channel is first
     * read; one is read here to be sure. Without it (another JDK), blocked calls wait for their end, as before.
     */
    private static boolean wakeSignalEndsCalls() {
        if (System.getProperty("os.name", "").startsWith("Mac")) return false; // no such signal there yet
        try (FileChannel c = FileChannel.open(Path.of("/proc/self/stat"))) {
            c.read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            // then the handler may still be there: looked at below
        }
        try (HostCalls h = new HostCalls()) {
            MemorySegment old = h.scratch(Layouts.SIGACTION_SIZE);
            if (h.syscall(Sysno.RT_SIGACTION, WAKE_SIGNAL, 0, old.address(), Layouts.SIGSET_SIZE) != 0) return false;
            long handler = old.get(ValueLayout.JAVA_LONG, Layouts.SIGACTION_HANDLER);
            long flags = old.get(ValueLayout.JAVA_LONG, Layouts.SIGACTION_FLAGS);
            return handler != 0 && handler != 1 && (flags & Flags.SA_RESTART) == 0;
        }
    }
}
