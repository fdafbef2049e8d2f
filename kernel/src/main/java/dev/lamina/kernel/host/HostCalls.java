package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Utf8b;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Host system calls through java.lang.foreign: Linux calls (x86-64's numbers
 * and layouts, the channel's), with results in the Linux convention, a
 * negative errno on failure. One interface, two implementations of its native
 * end: on Linux the C library's syscall(); on macOS the Darwin host layer
 * the init host uses too, liblamina-host.dylib's host_syscall6
 * (lkl-darwin/src/darwin_host.c: each call done with libSystem, flags,
 * structures and errno values translated; the calls it does not translate
 * are ENOSYS), found beside the jars. One instance per kernel thread: it owns
 * that thread's scratch memory.
 */
public final class HostCalls implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    /** Whether this JVM runs on macOS (never yet: no Mac here; see docs/macos.md). */
    static final boolean DARWIN = System.getProperty("os.name", "").startsWith("Mac");
    /** The Darwin host layer's name, in the installation's lib directory. */
    static final String DARWIN_HOST_LAYER = "liblamina-host.dylib";
    private static final FunctionDescriptor SEVEN_LONGS = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final MethodHandle SYSCALL = DARWIN ? darwinHostLayer() : LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("syscall"), SEVEN_LONGS,
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    /** host_syscall6(nr, a1..a6), which returns a Linux result itself: adapted to take (and ignore) the errno capture. */
    private static MethodHandle darwinHostLayer() {
        java.nio.file.Path lib = darwinHostLayerPath(System.getProperty("lamina.home"));
        if (!java.nio.file.Files.isRegularFile(lib))
            throw new IllegalStateException("lamina: the kernel's host layer for macOS is missing: " + lib);
        MethodHandle call = LINKER.downcallHandle(
                java.lang.foreign.SymbolLookup.libraryLookup(lib, Arena.global()).findOrThrow("host_syscall6"), SEVEN_LONGS);
        return java.lang.invoke.MethodHandles.dropArguments(call, 0, MemorySegment.class);
    }

    /** Where the Darwin host layer lies in an installation (lamina.home), or beside this class's jar without one. */
    static java.nio.file.Path darwinHostLayerPath(String home) {
        return home != null ? java.nio.file.Path.of(home, "lib", DARWIN_HOST_LAYER)
                : java.nio.file.Path.of(HostCalls.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                        .resolveSibling(DARWIN_HOST_LAYER);
    }

    // An automatic arena: closing a shared one stops every thread of the JVM
    // for a moment, and a kernel makes and drops these per container.
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment errno = arena.allocate(CAPTURE);
    private static final long CHUNK = 64 * 1024;
    // Scratch chunks a closed instance gave back, for the next: a short-lived instance (one
    // per init host started, per exec) took fresh memory from malloc, which the arena zeroes
    // and so page-faults in, 16 faults a chunk; they were 5-10% of a container's warm start
    // (README, Performance, Confinement). Each chunk has an automatic arena of its own, so a
    // chunk of an instance never closed is freed with it.
    private static final java.util.ArrayDeque<MemorySegment> SPARE_CHUNKS = new java.util.ArrayDeque<>();
    private static final int SPARE_CHUNKS_MAX = 16;
    private final java.util.List<MemorySegment> chunks = new java.util.ArrayList<>();
    private int chunk;
    private long scratchUsed;
    private final DirCache dirs = new DirCache(this);

    /** This thread's cache of directory descriptors. */
    DirCache dirs() { return dirs; }

    /** A raw system call. */
    public long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            long r = (long) SYSCALL.invokeExact(errno, nr, a1, a2, a3, a4, a5, a6);
            return r == -1 && !DARWIN ? -(int) ERRNO.get(errno, 0L) : r;
        } catch (Throwable t) {
            throw new IllegalStateException("host call " + nr + " failed", t);
        }
    }

    public long syscall(long nr, long a1, long a2, long a3, long a4, long a5) { return syscall(nr, a1, a2, a3, a4, a5, 0); }

    public long syscall(long nr, long a1, long a2, long a3, long a4) { return syscall(nr, a1, a2, a3, a4, 0, 0); }

    public long syscall(long nr, long a1, long a2, long a3) { return syscall(nr, a1, a2, a3, 0, 0, 0); }

    public long syscall(long nr, long a1, long a2) { return syscall(nr, a1, a2, 0, 0, 0, 0); }

    public long syscall(long nr, long a1) { return syscall(nr, a1, 0, 0, 0, 0, 0); }

    /** Scratch memory valid until {@link #release()}; reused by every call. */
    public MemorySegment scratch(long size) {
        long aligned = (size + 15) & ~15L;
        while (true) {
            if (chunk == chunks.size()) chunks.add(newChunk(aligned));
            MemorySegment c = chunks.get(chunk);
            if (scratchUsed + aligned <= c.byteSize()) {
                MemorySegment s = c.asSlice(scratchUsed, aligned);
                scratchUsed += aligned;
                return s.fill((byte) 0);
            }
            chunk++;
            scratchUsed = 0;
        }
    }

    private static MemorySegment newChunk(long size) {
        MemorySegment spare = null;
        if (size <= CHUNK)
            synchronized (SPARE_CHUNKS) {
                spare = SPARE_CHUNKS.pollLast();
            }
        return spare != null ? spare : Arena.ofAuto().allocate(Math.max(CHUNK, size), 16);
    }

    /** A NUL-terminated copy of s in scratch memory. */
    public MemorySegment cstring(String s) {
        byte[] b = Utf8b.encode(s);
        MemorySegment m = scratch(b.length + 1);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        return m;
    }

    /** Frees all scratch memory handed out since the last release. */
    public void release() {
        chunk = 0;
        scratchUsed = 0;
    }

    // The last lstat of a tree path, kept for the rest of one request: path
    // resolution has just looked at the file the call then stats.
    private HostTree memoTree;
    private String memoRel;
    private final MemorySegment memoStat = arena.allocate(dev.lamina.kernel.abi.Layouts.STAT_SIZE, 8);

    void remember(HostTree tree, String rel, MemorySegment st) {
        memoTree = tree;
        memoRel = rel;
        MemorySegment.copy(st, 0, memoStat, 0, memoStat.byteSize());
    }

    /** Drops the remembered stat: the file it describes is being replaced. */
    void forgetStat() {
        memoTree = null;
        memoRel = null;
    }

    boolean recall(HostTree tree, String rel, MemorySegment st) {
        if (memoTree != tree || !rel.equals(memoRel)) return false;
        MemorySegment.copy(memoStat, 0, st, 0, memoStat.byteSize());
        return true;
    }

    /** Ends one request: scratch memory and remembered stats go. */
    public void endRequest() {
        release();
        memoTree = null;
        memoRel = null;
        if (guestUmask) {
            syscall(dev.lamina.kernel.abi.Sysno.UMASK, KERNEL_UMASK);
            guestUmask = false;
        }
    }

    /** The umask of the kernel's own files (/etc/hosts, /proc, /dev...): readable by every user of the container. */
    public static final int KERNEL_UMASK = 022;
    private boolean guestUmask;

    /**
     * Sets this thread's umask to a guest's for the file it is about to make; the request's end
     * (endRequest) sets the kernel's back, so the kernel's own files made later on this thread
     * (a pooled thread serves many processes) do not take a guest's (umask 077 made /etc/hosts
     * and /dev's names unreadable to other users).
     */
    public void guestUmask(int mask) {
        syscall(dev.lamina.kernel.abi.Sysno.UMASK, mask);
        guestUmask = true;
    }

    /** Closes the cached directory descriptors (their trees may be gone). */
    public void forgetDirectories() { dirs.clear(); }

    /** Closes the thread's cached descriptors and gives the scratch memory back: none of it may be used after. */
    @Override
    public void close() {
        dirs.clear();
        synchronized (SPARE_CHUNKS) {
            for (MemorySegment c : chunks)
                if (c.byteSize() == CHUNK && SPARE_CHUNKS.size() < SPARE_CHUNKS_MAX) SPARE_CHUNKS.addLast(c);
        }
        chunks.clear();
        release();
    }

    public static String readCString(MemorySegment m, long max) {
        long n = 0;
        while (n < max && m.get(ValueLayout.JAVA_BYTE, n) != 0) n++;
        byte[] b = new byte[(int) n];
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        return Utf8b.decode(b);
    }
}
