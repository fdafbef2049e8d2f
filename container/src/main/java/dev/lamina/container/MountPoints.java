package dev.lamina.container;

import dev.lamina.kernel.ContainerConfig.Volume;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes each mount point where `ls` shows it, as runc makes them: a directory, or an empty
 * file for a file's bind; in the container's root, or, for a mount inside another mount (a
 * bind inside a volume), in that mount's own directory on the host, as Docker's lands in the
 * volume or the bound directory (`find` and `tar` over it saw nothing there before). Made one
 * name at a time through directory descriptors, never through a symlink: a container sharing
 * the volume may put one there while this walks. A symlink or a file on the way ends the walk,
 * and so does a read-only mount; the mount works without its mount point anyway.
 */
public final class MountPoints {
    private static final int DIRECTORY = Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC;

    private MountPoints() {}

    /** The mount points of {@code volumes} (container paths as {@link Volumes#placed} gives them). */
    public static void make(Path rootfs, List<Volume> volumes) {
        HostCalls h = new HostCalls();
        for (Volume v : volumes) {
            Volume outer = null;
            for (Volume u : volumes)
                if (v.containerPath().startsWith(u.containerPath().equals("/") ? "/" : u.containerPath() + "/")
                        && !u.containerPath().equals(v.containerPath()) && Files.isDirectory(u.hostPath())
                        && (outer == null || u.containerPath().length() > outer.containerPath().length()))
                    outer = u;
            if (outer != null && outer.readOnly()) continue;
            Path base = outer == null ? rootfs : outer.hostPath();
            String rel = v.containerPath().substring(outer == null ? 1 : outer.containerPath().length() + 1);
            make(h, base, rel, !Files.isDirectory(v.hostPath()));
        }
    }

    private static void make(HostCalls h, Path base, String rel, boolean leafFile) {
        int dir = (int) h.syscall(Sysno.OPENAT, Flags.AT_FDCWD, h.cstring(base.toString()).address(), DIRECTORY);
        if (dir < 0) return;
        try {
            String[] parts = rel.split("/");
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isEmpty()) continue;
                long name = h.cstring(parts[i]).address();
                if (i == parts.length - 1 && leafFile) {
                    long fd = h.syscall(Sysno.OPENAT, dir, name, Flags.O_WRONLY | Flags.O_CREAT | Flags.O_EXCL | Flags.O_NOFOLLOW
                            | Flags.O_CLOEXEC, 0644);
                    if (fd >= 0) h.syscall(Sysno.CLOSE, fd);
                    return;
                }
                long next = h.syscall(Sysno.OPENAT, dir, name, DIRECTORY);
                if (next == -Errno.ENOENT) {
                    long made = h.syscall(Sysno.MKDIRAT, dir, name, 0755);
                    if (made < 0 && made != -Errno.EEXIST) return;
                    next = h.syscall(Sysno.OPENAT, dir, name, DIRECTORY);
                }
                if (next < 0) return; // a symlink (ELOOP) or a file (ENOTDIR): no mount point through it
                h.syscall(Sysno.CLOSE, dir);
                dir = (int) next;
            }
        } finally {
            h.syscall(Sysno.CLOSE, dir);
        }
    }
}
