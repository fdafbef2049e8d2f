package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.rootfs.DeviceXattr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Device nodes in the container's files: a guest's mknod of a character or block
 * device, and the device nodes its image records, are empty regular files marked
 * with {@link DeviceXattr} (Lamina makes no host device). stat shows them as the
 * device (type and st_rdev); an open serves the device /dev has for that number
 * (null, zero, full, random, urandom, tty, ptmx, the container's own ptys) and refuses
 * any other with EPERM, as Docker's device cgroup refuses a device it does not list.
 * Only an empty regular file is asked for the mark: other opens and stats cost nothing more.
 */
final class DeviceNodes {
    private DeviceNodes() {}

    /** The device a tree file stands for, given its lstat {@code st}; null for any other file. */
    static DeviceXattr.Device of(Task t, Node.InTree in, MemorySegment st) {
        int mode = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE);
        if ((mode & Flags.S_IFMT) != Flags.S_IFREG || st.get(ValueLayout.JAVA_LONG, Layouts.STAT_SIZE_FIELD) != 0) return null;
        HostCalls h = t.host();
        MemorySegment value = h.scratch(DeviceXattr.SIZE);
        long n = in.tree().at(h, in.rel(), (d, name) -> h.syscall(Sysno.LGETXATTR, NodeOps.procPath(h, d, in.rel()).address(),
                h.cstring(DeviceXattr.NAME).address(), value.address(), DeviceXattr.SIZE));
        return n == DeviceXattr.SIZE ? DeviceXattr.decode(value.asByteBuffer()) : null;
    }

    /** The device a tree file stands for, or null. */
    static DeviceXattr.Device of(Task t, Node.InTree in) {
        MemorySegment st = t.host().scratch(Layouts.STAT_SIZE);
        return in.tree().lstat(t.host(), in.rel(), st) == 0 ? of(t, in, st) : null;
    }

    /** Shows the file stat'ed into {@code st} as the device: its type, its number, no size. */
    static void show(MemorySegment st, DeviceXattr.Device d) {
        int mode = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_MODE, d.type() | (mode & 07777));
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_RDEV, Integer.toUnsignedLong(Flags.makedev(d.major(), d.minor())));
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_BLOCKS, 0);
    }

    /** mknod of a device as {@code in} (the caller has set the umask): the marked file, made at once with its mark. */
    static long make(Task t, Node.InTree in, int mode, long dev) {
        HostCalls h = t.host();
        DeviceXattr.Device d = new DeviceXattr.Device(mode & Flags.S_IFMT, Flags.major((int) dev), Flags.minor((int) dev));
        long fd = in.tree().open(h, in.rel(), Flags.O_CREAT | Flags.O_EXCL | Flags.O_WRONLY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC,
                mode & 07777);
        if (fd < 0) return fd;
        MemorySegment value = h.scratch(DeviceXattr.SIZE);
        MemorySegment.copy(DeviceXattr.encode(d), 0, value, ValueLayout.JAVA_BYTE, 0, DeviceXattr.SIZE);
        long r = h.syscall(Sysno.FSETXATTR, fd, h.cstring(DeviceXattr.NAME).address(), value.address(), DeviceXattr.SIZE, 0);
        h.syscall(Sysno.CLOSE, fd);
        if (r < 0) {
            // No user attributes on this file system: no device can be kept here.
            NodeOps.at(t, in, (dir, name) -> h.syscall(Sysno.UNLINKAT, dir, name.address(), 0));
            return -Errno.EPERM;
        }
        return 0;
    }

    /** Opens the device a node stands for: a host fd. */
    static int open(Task t, DeviceXattr.Device d, int flags) {
        Node device = t.kernel().devices().device(t, d.type(), d.major(), d.minor());
        if (device == null) throw new LinuxError(Errno.EPERM);
        return NodeOps.open(t, device, flags, 0);
    }
}
