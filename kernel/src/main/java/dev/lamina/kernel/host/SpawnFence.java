package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Sysno;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;

/**
 * A child of posix_spawn holds a copy of every descriptor of this JVM from its
 * clone until it closes them (Spawner's closefrom) and execs; posix_spawn
 * returns after that. A descriptor closed meanwhile lives on in the child, and
 * so does what it holds: a published port's placeholder would still hold the
 * port when the guest listens there (EADDRINUSE). A close that must let go at
 * once waits for the spawns in flight; spawns share the fence.
 */
public final class SpawnFence {
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);

    private SpawnFence() {}

    /** Runs a spawn (several may run at once); returns its pid. */
    static int spawning(IntSupplier spawn) {
        LOCK.readLock().lock();
        try {
            return spawn.getAsInt();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** Closes each descriptor (those below 0 are none), no spawned child keeping a copy. */
    public static void close(HostCalls h, int... fds) {
        LOCK.writeLock().lock();
        try {
            for (int fd : fds) if (fd >= 0) h.syscall(Sysno.CLOSE, fd);
        } finally {
            LOCK.writeLock().unlock();
        }
    }
}
