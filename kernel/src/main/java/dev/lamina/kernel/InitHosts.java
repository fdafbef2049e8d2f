package dev.lamina.kernel;

import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Orphans;
import dev.lamina.kernel.host.Spawner;
import dev.lamina.kernel.proc.HostProcess;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where a container's first init host comes from. An init host starts by
 * asking its channel for a plan, so one can be started before any container
 * wants it and handed to the next: a long-lived kernel process (the engine)
 * keeps one ready and takes the spawn off the start of a container. A
 * one-shot `lamina run` spawns on demand.
 */
public sealed interface InitHosts {
    /** A started init host: its host process and the kernel's end of its channel. */
    record Started(HostProcess process, int channelFd) {}

    Started take();

    /** The descriptors (of this JVM) the first process gets as its standard input, output and error. */
    int[] stdio();

    static InitHosts onDemand(RuntimeFiles files) { return new OnDemand(files); }

    static InitHosts preStarted(RuntimeFiles files) { return new PreStarted(files); }

    /** Spawns in a session of its own with {@code terminalFd} (a pty's follower side) as its standard descriptors. */
    static InitHosts onTerminal(RuntimeFiles files, int terminalFd) { return new OnTerminal(files, terminalFd); }

    /** Spawns in a session of its own with the given descriptors (pipes an engine holds the other ends of) as its stdio. */
    static InitHosts withStdio(RuntimeFiles files, int stdin, int stdout, int stderr) {
        return new WithStdio(files, stdin, stdout, stderr);
    }

    /** The JVM's own standard descriptors, which a one-shot `lamina run` passes on. */
    private static int[] ownStdio() { return new int[] {0, 1, 2}; }

    /** A host started ahead of need confines itself while it waits (TCP ports aside, which
     * come with the plan); the bench's LAMINA_CONFINE=0 leaves it to the plan. */
    private static List<String> spawnArgv() {
        return Confinement.fromEnvironment().on() ? List.of("lamina-init", "spawn", "confine") : List.of("lamina-init", "spawn");
    }

    /** Spawns with the JVM's own stdio. */
    private static Started spawn(RuntimeFiles files) {
        return spawn(files, ownStdio(), false);
    }

    private static Started spawn(RuntimeFiles files, int[] stdio, boolean newSession) {
        try (HostCalls h = new HostCalls()) {
            int[] pair = Kernel.socketpair(h);
            try {
                int pid = Orphans.spawn(() -> Spawner.spawn(files.initHost().toString(), spawnArgv(),
                        pair[1], stdio, newSession));
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

    record OnDemand(RuntimeFiles files) implements InitHosts {
        @Override
        public Started take() { return spawn(files); }

        @Override
        public int[] stdio() { return ownStdio(); }
    }

    record OnTerminal(RuntimeFiles files, int terminalFd) implements InitHosts {
        @Override
        public Started take() { return spawn(files, stdio(), true); }

        @Override
        public int[] stdio() { return new int[] {terminalFd, terminalFd, terminalFd}; }
    }

    record WithStdio(RuntimeFiles files, int stdin, int stdout, int stderr) implements InitHosts {
        @Override
        public Started take() { return spawn(files, stdio(), true); }

        @Override
        public int[] stdio() { return new int[] {stdin, stdout, stderr}; }
    }

    final class PreStarted implements InitHosts {
        private final RuntimeFiles files;
        private final BlockingQueue<Started> ready = new ArrayBlockingQueue<>(1);

        PreStarted(RuntimeFiles files) {
            this.files = files;
            // One thread keeps one init host waiting; put blocks while it waits.
            Thread.ofPlatform().daemon().name("lamina-init-host-starter").start(() -> {
                try {
                    while (true) ready.put(spawn(files));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public Started take() {
            try {
                return ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an init host", e);
            }
        }

        @Override
        public int[] stdio() { return ownStdio(); }
    }
}
