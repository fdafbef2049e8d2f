package dev.lamina.kernel;

import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Orphans;
import dev.lamina.kernel.host.Spawner;
import dev.lamina.kernel.host.Zygote;
import dev.lamina.kernel.proc.HostProcess;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where a container's first init host comes from. An init host starts by
 * asking its channel for a plan, so one can be started before any container
 * wants it and handed to the next: a long-lived kernel process (the engine)
 * keeps one ready and takes the spawn off the start of a container. A
 * one-shot `lamina run` spawns on demand. With {@code confine} (the
 * containers served are confined: Confinement.on) the {@link Zygote} starts
 * it, its capabilities dropped and the container filter in place, and it makes
 * its own Landlock domain as soon as it starts, before its plan comes (TCP
 * ports aside, which come with the plan): one started ahead of need does so
 * while it waits, off the container's start.
 */
public sealed interface InitHosts {
    /** A started init host: its host process and the kernel's end of its channel. */
    record Started(HostProcess process, int channelFd) {
        /** Its host pid. */
        public int hostPid() { return process.pid(); }
    }

    Started take();

    /** The descriptors (of this JVM) the first process gets as its standard input, output and error. */
    int[] stdio();

    static InitHosts onDemand(RuntimeFiles files, boolean confine) { return new OnDemand(files, confine); }

    static InitHosts preStarted(RuntimeFiles files, boolean confine) { return new PreStarted(files, confine); }

    /** Spawns with {@code terminalFd} (a pty's follower side) as its standard descriptors. */
    static InitHosts onTerminal(RuntimeFiles files, int terminalFd, boolean confine) {
        return new OnTerminal(files, terminalFd, confine);
    }

    /** Spawns with the given descriptors (pipes an engine holds the other ends of) as its stdio. */
    static InitHosts withStdio(RuntimeFiles files, int stdin, int stdout, int stderr, boolean confine) {
        return new WithStdio(files, stdin, stdout, stderr, confine);
    }

    /** The JVM's own standard descriptors, which a one-shot `lamina run` passes on. */
    private static int[] ownStdio() { return new int[] {0, 1, 2}; }

    /** Spawns with the JVM's own stdio. */
    private static Started spawn(RuntimeFiles files, boolean confine) {
        return spawn(files, confine, ownStdio());
    }

    private static Started spawn(RuntimeFiles files, boolean confine, int[] stdio) {
        // Another architecture's init host runs under an emulator, which cannot confine it: the host's makes
        // the container's domain and becomes it (init.c: confined-exec).
        List<String> argv = !confine ? List.of("lamina-init", "spawn")
                : files.arch().isHost() ? List.of("lamina-init", "spawn", "confine")
                : List.of("lamina-init", "confined-exec", files.initHost().toString(), "lamina-init", "spawn");
        try (HostCalls h = new HostCalls()) {
            int[] pair = Kernel.socketpair(h);
            try {
                int pid = Orphans.spawn(() -> confine ? Zygote.spawn(files.hostInitHost(), argv, pair[1], stdio)
                        : Spawner.spawn(files.initHost().toString(), argv, pair[1], stdio));
                // Our own unreaped child: its pid is still its own.
                return new Started(HostProcess.ofOwnChild(h, pid), pair[0]);
            } catch (RuntimeException e) {
                h.syscall(Sysno.CLOSE, pair[0]);
                throw e;
            } finally {
                h.syscall(Sysno.CLOSE, pair[1]);
            }
        }
    }

    record OnDemand(RuntimeFiles files, boolean confine) implements InitHosts {
        @Override
        public Started take() { return spawn(files, confine); }

        @Override
        public int[] stdio() { return ownStdio(); }
    }

    record OnTerminal(RuntimeFiles files, int terminalFd, boolean confine) implements InitHosts {
        @Override
        public Started take() { return spawn(files, confine, stdio()); }

        @Override
        public int[] stdio() { return new int[] {terminalFd, terminalFd, terminalFd}; }
    }

    record WithStdio(RuntimeFiles files, int stdin, int stdout, int stderr, boolean confine) implements InitHosts {
        @Override
        public Started take() { return spawn(files, confine, stdio()); }

        @Override
        public int[] stdio() { return new int[] {stdin, stdout, stderr}; }
    }

    final class PreStarted implements InitHosts {
        /** A host started ahead, or why none could be: the failure goes to the take that waited for it. */
        private record Spare(Started started, RuntimeException failure) {}

        private final BlockingQueue<Spare> ready = new ArrayBlockingQueue<>(1);

        PreStarted(RuntimeFiles files, boolean confine) {
            // One thread keeps one init host waiting; put blocks while it waits.
            Thread.ofPlatform().daemon().name("lamina-init-host-starter").start(() -> {
                try {
                    while (true) {
                        Spare next;
                        try {
                            next = new Spare(spawn(files, confine), null);
                        } catch (RuntimeException e) {
                            next = new Spare(null, e);
                        }
                        ready.put(next);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public Started take() {
            try {
                Spare s = ready.take();
                if (s.failure() != null) throw s.failure();
                return s.started();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an init host", e);
            }
        }

        @Override
        public int[] stdio() { return ownStdio(); }
    }
}
