package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Elf;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Opens a program's PT_INTERP ahead, so the exec plan carries it and the
 * new init host need not ask. Anything unusual is left to the init host,
 * which checks the headers in full and reports what is wrong. */
final class Interpreter {
    private static final int HEADERS = 4096;

    private Interpreter() {}

    /** A fd of the program's interpreter, or -1 (static, or left to the init host). */
    static int open(Task t, int programFd) {
        HostCalls h = t.host();
        MemorySegment buf = h.scratch(HEADERS);
        long n = h.syscall(Sysno.PREAD64, programFd, buf.address(), HEADERS, 0);
        if (n < Elf.EHDR_PHNUM + 2) return -1;
        long phoff = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, Elf.EHDR_PHOFF);
        int phentsize = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, Elf.EHDR_PHENTSIZE));
        int phnum = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, Elf.EHDR_PHNUM));
        if (phentsize != Elf.PHDR_SIZE || phoff < 0 || phoff + (long) phnum * Elf.PHDR_SIZE > n) return -1;
        for (int i = 0; i < phnum; i++) {
            long ph = phoff + (long) i * Elf.PHDR_SIZE;
            if (buf.get(ValueLayout.JAVA_INT_UNALIGNED, ph + Elf.PHDR_TYPE) != Elf.PT_INTERP) continue;
            long off = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, ph + Elf.PHDR_OFFSET);
            long size = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, ph + Elf.PHDR_FILESZ);
            if (size < 2 || size > Elf.INTERP_MAX || off < 0 || off + size > n) return -1;
            String path = Utf8b.decode(buf.asSlice(off, size - 1).toArray(ValueLayout.JAVA_BYTE));
            try {
                var res = t.kernel().resolver().resolve(t, "/", path, true);
                // musl+ stands at musl's loader path in the container's root; in a root of a process's own
                // (chroot) that path holds a plain musl, whose programs need musl+ all the same.
                if (path.equals(t.kernel().runtimeFiles().arch().muslPlusPath()) && !t.fs().root().equals("/"))
                    res = t.kernel().resolver().resolveKept(t, path, true);
                // A regular file only, opened without waiting: a fifo or a device there blocks or wakes nothing.
                if (dev.lamina.kernel.vfs.PathResolver.type(t, res.node()) != Flags.S_IFREG) return -1;
                return NodeOps.open(t, res.node(), Flags.O_RDONLY | Flags.O_NONBLOCK, 0);
            } catch (LinuxError e) {
                return -1;
            }
        }
        return -1;
    }
}
