package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.channel.Protocol;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Starts an init host with posix_spawn: its channel socket and the
 * {@link Lifeline} go to the Protocol's SPAWN numbers, every other
 * descriptor of the JVM above the standard three is closed, and signal
 * dispositions start clean, in a session of its own: a container's first
 * process leads its session and process group, as runc starts it. It starts
 * with every signal blocked, and unblocks them once it ignores those a
 * container's pid 1 does not take (signal.c, signal_init_hold): a spawned
 * process may be a pid 1, and a `docker kill` right after its start could
 * otherwise end it before it first runs.
 */
public final class Spawner {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;

    private static final MethodHandle SPAWN = fn("posix_spawn", FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR, ADDR, ADDR));
    private static final MethodHandle FA_INIT = fn("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, ADDR));
    private static final MethodHandle FA_DESTROY = fn("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, ADDR));
    private static final MethodHandle FA_DUP2 = fn("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, ADDR, INT, INT));
    private static final MethodHandle FA_CLOSEFROM = fn("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, ADDR, INT));
    private static final MethodHandle ATTR_INIT = fn("posix_spawnattr_init", FunctionDescriptor.of(INT, ADDR));
    private static final MethodHandle ATTR_DESTROY = fn("posix_spawnattr_destroy", FunctionDescriptor.of(INT, ADDR));
    private static final MethodHandle ATTR_FLAGS = fn("posix_spawnattr_setflags", FunctionDescriptor.of(INT, ADDR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SIGDEFAULT = fn("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, ADDR, ADDR));
    private static final MethodHandle ATTR_SIGMASK = fn("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, ADDR, ADDR));
    private static final MethodHandle SIGFILLSET = fn("sigfillset", FunctionDescriptor.of(INT, ADDR));

    private Spawner() {}

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), d);
    }

    /** Spawns program with argv; stdio are the given fds (dup'ed to 0, 1, 2). Returns the host pid. */
    public static int spawn(String program, List<String> argv, int channelFd, int[] stdio) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fa = a.allocate(Layouts.SPAWN_FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = a.allocate(Layouts.SPAWNATTR_SIZE, 16);
            MemorySegment all = a.allocate(128, 8);
            check((int) FA_INIT.invokeExact(fa), "file actions");
            check((int) ATTR_INIT.invokeExact(attr), "attributes");
            try {
                for (int i = 0; i < 3; i++)
                    if (stdio[i] != i) check((int) FA_DUP2.invokeExact(fa, stdio[i], i), "stdio");
                check((int) FA_DUP2.invokeExact(fa, channelFd, Protocol.SPAWN_CHANNEL_FD), "channel");
                check((int) FA_DUP2.invokeExact(fa, Lifeline.readEnd(), Protocol.SPAWN_LIFELINE_FD), "lifeline");
                check((int) FA_CLOSEFROM.invokeExact(fa, Protocol.SPAWN_LIFELINE_FD + 1), "closefrom");
                check((int) SIGFILLSET.invokeExact(all), "sigfillset");
                check((int) ATTR_SIGDEFAULT.invokeExact(attr, all), "sigdefault");
                check((int) ATTR_SIGMASK.invokeExact(attr, all), "sigmask");
                short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID;
                check((int) ATTR_FLAGS.invokeExact(attr, flags), "flags");
                MemorySegment pid = a.allocate(INT);
                MemorySegment av = a.allocate(ValueLayout.ADDRESS, argv.size() + 1);
                for (int i = 0; i < argv.size(); i++) av.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(argv.get(i)));
                MemorySegment env = a.allocate(ValueLayout.ADDRESS, 1);
                MemorySegment path = a.allocateFrom(program);
                int r = SpawnFence.spawning(() -> invoke(pid, path, fa, attr, av, env));
                if (r != 0) throw new IllegalStateException("cannot start " + program + ": errno " + r);
                return pid.get(INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(fa);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn failed", t);
        }
    }

    private static int invoke(MemorySegment pid, MemorySegment path, MemorySegment fa, MemorySegment attr, MemorySegment av, MemorySegment env) {
        try {
            return (int) SPAWN.invokeExact(pid, path, fa, attr, av, env);
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn failed", t);
        }
    }

    private static void check(int r, String what) {
        if (r != 0) throw new IllegalStateException("posix_spawn " + what + ": errno " + r);
    }
}
