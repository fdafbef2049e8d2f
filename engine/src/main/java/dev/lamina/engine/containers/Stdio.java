package dev.lamina.engine.containers;

import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.RuntimeFiles;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Pty;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A container run's standard streams. Without a terminal: pipes for stdout and
 * stderr, and for stdin when it is open (else /dev/null). With one: a pty whose
 * follower side is all three. The engine keeps the other ends: pump threads
 * copy output into the container's {@link Output}, a writer thread copies
 * attached clients' input in. Blocking host calls run on platform threads:
 * a virtual thread in a native call would hold its carrier.
 */
final class Stdio implements AutoCloseable {
    private static final int CHUNK = 32 << 10;

    private final HostCalls host = new HostCalls();
    /** The container's ends, in the order stdin, stdout, stderr (one fd thrice for a terminal). */
    private final int[] container;
    /** Ours: where output comes from (by stream), and where input goes (-1 when closed). */
    private final int[] outputs;
    private volatile int input;
    private final Pty pty;
    private final List<Thread> pumps = new ArrayList<>();
    /**
     * Each stream's pump: {@link #PUMPED} once it ended or when there is none; {@link #PUMPING}; {@link #LEFT} when
     * the run ended without it (a process the run left in the background holds the output open), which then drops
     * what it reads and closes its descriptor itself at the end, so that no other file takes its number meanwhile.
     */
    private final AtomicIntegerArray pumpState = new AtomicIntegerArray(new int[] {PUMPED, PUMPED, PUMPED});
    private static final int PUMPED = 0, PUMPING = 1, LEFT = 2;
    private final LinkedBlockingQueue<Runnable> inputQueue = new LinkedBlockingQueue<>();
    private Thread writer;
    private boolean containerEndsClosed;

    private Stdio(int[] container, int[] outputs, int input, Pty pty) {
        this.container = container;
        this.outputs = outputs;
        this.input = input;
        this.pty = pty;
    }

    static Stdio pipes(boolean openStdin) {
        HostCalls h = new HostCalls();
        try {
            int[] out = pipe(h), err = pipe(h);
            int[] in = openStdin ? pipe(h) : new int[] {devNull(h), -1};
            return new Stdio(new int[] {in[0], out[1], err[1]}, new int[] {-1, out[0], err[0]}, in[1], null);
        } finally {
            h.close();
        }
    }

    /** A terminal for a run (the container's under `-t`, an `exec -t`'s), made one of {@code owner}'s own terminals
     * as Docker's devpts holds it: listed in /dev/pts, openable by the container's processes (an exec writing to
     * pid 1's /proc/1/fd/1), group tty and mode 0620 when the kernel may set them. */
    static Stdio terminal(List<Integer> consoleSize, dev.lamina.kernel.Kernel owner) {
        HostCalls h = new HostCalls();
        try {
            Pty pty = Pty.open(h);
            owner.ownTerminal(h, pty.leader());
            Stdio s = new Stdio(new int[] {pty.follower(), pty.follower(), pty.follower()},
                    new int[] {-1, pty.leader(), -1}, pty.leader(), pty);
            if (consoleSize != null && consoleSize.size() == 2 && consoleSize.get(0) > 0)
                s.resize(consoleSize.get(0), consoleSize.get(1));
            return s;
        } finally {
            h.close();
        }
    }

    private static int[] pipe(HostCalls h) {
        MemorySegment fds = h.scratch(8);
        LinuxError.check(h.syscall(Sysno.PIPE2, fds.address(), Flags.O_CLOEXEC));
        int[] pair = {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
        h.release();
        return pair;
    }

    private static int devNull(HostCalls h) {
        try {
            return Math.toIntExact(LinuxError.check(h.syscall(Sysno.OPEN, h.cstring("/dev/null").address(), Flags.O_RDONLY | Flags.O_CLOEXEC)));
        } finally {
            h.release();
        }
    }

    /** Where the run's first init host comes from: spawned with the container's ends as its stdio, confined when {@code confine}. */
    InitHosts hosts(RuntimeFiles files, boolean confine) {
        return pty != null ? InitHosts.onTerminal(files, pty.follower(), confine)
                : InitHosts.withStdio(files, container[0], container[1], container[2], confine);
    }

    /** Starts copying output into {@code out}. */
    void pump(OutputSink out, String name) {
        for (int stream = Frames.STDOUT; stream <= Frames.STDERR; stream++) {
            int fd = outputs[stream];
            if (fd < 0) continue;
            int s = stream;
            pumpState.set(stream, PUMPING);
            pumps.add(Thread.ofPlatform().daemon().name(name + "-out" + stream).start(() -> copyOut(fd, s, out)));
        }
    }

    private void copyOut(int fd, int stream, OutputSink out) {
        try (HostCalls h = new HostCalls()) {
            try {
                MemorySegment buf = h.scratch(CHUNK);
                while (true) {
                    long n = h.syscall(Sysno.READ, fd, buf.address(), CHUNK);
                    if (n == -Errno.EINTR) continue;
                    if (n <= 0) break; // EOF, or EIO: no one holds the terminal's other side
                    if (pumpState.get(stream) == PUMPING) out.write(stream, buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                }
            } finally {
                if (!pumpState.compareAndSet(stream, PUMPING, PUMPED)) h.syscall(Sysno.CLOSE, fd); // left: its own to close
            }
        }
    }

    /** Input from an attached client, written in order; {@code taken} runs once it is written (or dropped). */
    void input(byte[] bytes, Runnable taken) {
        if (input < 0) {
            taken.run();
            return;
        }
        synchronized (this) {
            if (writer == null) writer = Thread.ofPlatform().daemon().name("container-stdin").start(this::writeIn);
        }
        inputQueue.add(() -> {
            try {
                writeAll(bytes);
            } finally {
                taken.run();
            }
        });
    }

    private void writeIn() {
        try {
            while (true) inputQueue.take().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeAll(byte[] bytes) {
        int fd = input;
        if (fd < 0) return;
        try (HostCalls h = new HostCalls()) {
            MemorySegment buf = h.scratch(bytes.length);
            buf.copyFrom(MemorySegment.ofArray(bytes));
            for (long done = 0; done < bytes.length; ) {
                long w = h.syscall(Sysno.WRITE, fd, buf.address() + done, bytes.length - done);
                if (w == -Errno.EINTR) continue;
                if (w <= 0) return; // the container closed its stdin
                done += w;
            }
        }
    }

    /** The client's stdin ended: without a terminal, the container's stdin ends too (after what is queued). */
    void closeInput() {
        if (pty != null) return; // a terminal stays: the client may attach again
        inputQueue.add(() -> {
            int fd = input;
            input = -1;
            if (fd >= 0) {
                try (HostCalls h = new HostCalls()) {
                    h.syscall(Sysno.CLOSE, fd);
                }
            }
        });
        synchronized (this) {
            if (writer == null) writer = Thread.ofPlatform().daemon().name("container-stdin").start(this::writeIn);
        }
    }

    void resize(int rows, int cols) {
        if (pty == null) throw new IllegalStateException("not a terminal");
        long r;
        // Its own scratch memory: a client's resize may come as another thread closes this
        try (HostCalls h = new HostCalls()) {
            r = pty.resize(h, rows, cols);
        }
        LinuxError.check(r);
    }

    boolean terminal() { return pty != null; }

    /** Once the run is over: our copies of the container's ends go, so the pumps see the end of output. */
    synchronized void closeContainerEnds() {
        if (containerEndsClosed) return;
        containerEndsClosed = true;
        int last = -1;
        for (int fd : container) {
            if (fd != last && fd >= 0) host.syscall(Sysno.CLOSE, fd);
            last = fd;
        }
    }

    /** Waits for the pumps to copy the last of the output. */
    void awaitOutput() {
        awaitOutput(null);
    }

    /**
     * The same for at most {@code limit} (null: none): an exec's output ends when its process does, or 2 s after, as
     * moby's, when a process it left in the background still holds the output (`sh -c 'server &'` never returned).
     */
    void awaitOutput(Duration limit) {
        long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
        for (Thread t : pumps) {
            try {
                if (limit == null) t.join();
                else t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closeContainerEnds();
        if (writer != null) writer.interrupt();
        boolean inputLeft = false;
        for (int stream = Frames.STDOUT; stream <= Frames.STDERR; stream++) {
            if (outputs[stream] < 0) continue;
            if (pumpState.compareAndSet(stream, PUMPING, LEFT)) inputLeft |= outputs[stream] == input; // its pump closes it
            else if (outputs[stream] != input) host.syscall(Sysno.CLOSE, outputs[stream]);
        }
        int in = input;
        input = -1;
        if (in >= 0 && !inputLeft) host.syscall(Sysno.CLOSE, in);
        host.close();
    }
}
