package dev.lamina.cli;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Pty;
import dev.lamina.kernel.host.RawMode;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * `lamina run -t`: the container gets a terminal of its own (a pty), relayed to
 * the user's. Output is copied until the container's side is closed; with -i,
 * input too, as long as there is any, and the user's terminal is in raw mode
 * meanwhile. The user's window size follows along, checked four times a second
 * and told only when it changed, as the docker CLI tells it on SIGWINCH: a size the
 * container set itself (`stty rows 30`) stays until the user's window changes.
 */
final class ContainerTerminal implements AutoCloseable {
    private static final int STDIN = 0, STDOUT = 1;
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final HostCalls host = new HostCalls();
    private final Pty pty;
    private final RawMode raw;
    private final Thread output;
    private final Thread restorer;
    private volatile boolean closing;
    /** The user's window size last told to the container's terminal; null: none read. */
    private WindowSize told;

    private ContainerTerminal(boolean relayInput) {
        pty = Pty.open(host);
        followSize(host);
        // Raw only when keys go to the container: otherwise Ctrl-C must still stop lamina (and so the container).
        raw = relayInput ? RawMode.enter(host, STDIN) : null;
        restorer = new Thread(this::restore, "lamina-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restorer);
        // Daemon threads: a read blocked on a descriptor is not woken by closing it.
        output = Thread.ofPlatform().daemon().name("lamina-terminal-out").start(() -> copy(pty.leader(), STDOUT));
        if (relayInput) Thread.ofPlatform().daemon().name("lamina-terminal-in").start(() -> copy(STDIN, pty.leader()));
        Thread.ofPlatform().daemon().name("lamina-terminal-size").start(this::followSizes);
    }

    static ContainerTerminal open(boolean relayInput) {
        return new ContainerTerminal(relayInput);
    }

    /** Whether lamina's standard input is a terminal, which -it needs: a pipe's end would never reach the container. */
    static boolean inputIsTerminal() {
        try (HostCalls h = new HostCalls()) {
            return RawMode.isTerminal(h, STDIN);
        }
    }

    /** Makes the terminal the container's own, as one it made through /dev/ptmx: any of its processes may open
     * it, not only those whose controlling terminal it is (`setsid tty`). */
    void giveTo(dev.lamina.kernel.Kernel kernel) {
        kernel.ownTerminal(host, pty.leader());
    }

    /** The container's side: its first process's standard descriptors. */
    int follower() {
        return pty.follower();
    }

    /** Copies bytes until the source ends (EOF, or EIO once no one holds the pty's other side). */
    private static void copy(int from, int to) {
        try (HostCalls h = new HostCalls()) {
            MemorySegment buf = h.scratch(16 << 10);
            while (true) {
                long n = h.syscall(Sysno.READ, from, buf.address(), buf.byteSize());
                if (n == -Errno.EINTR) continue;
                if (n <= 0) return;
                for (long done = 0; done < n; ) {
                    long w = h.syscall(Sysno.WRITE, to, buf.address() + done, n - done);
                    if (w == -Errno.EINTR) continue;
                    if (w <= 0) return;
                    done += w;
                }
            }
        }
    }

    private void followSizes() {
        try (HostCalls h = new HostCalls()) {
            while (!closing) {
                Thread.sleep(250);
                followSize(h);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The user's window size given to the container's terminal, if it changed since it was last. */
    private void followSize(HostCalls h) {
        WindowSize now = WindowSize.ofUser(h);
        if (now == null || now.equals(told)) return;
        pty.resize(h, now.rows(), now.columns());
        told = now;
    }

    private void restore() {
        if (raw != null) raw.close();
    }

    /**
     * After the container: what it wrote last is drained (Lamina's copy of its side is
     * closed first, so the drain ends), then the user's terminal is put back.
     */
    @Override
    public void close() {
        closing = true;
        pty.closeFollower(host);
        try {
            output.join(DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restorer);
        } catch (IllegalStateException e) {
            // shutting down: the hook restores the terminal
        }
        pty.closeLeader(host);
        host.close();
    }
}
