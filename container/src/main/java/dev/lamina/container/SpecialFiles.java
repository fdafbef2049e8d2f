package dev.lamina.container;

import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.rootfs.DeviceXattr;
import dev.lamina.rootfs.OwnerXattr;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The device nodes and fifos an image records (its root's metadata: the store never
 * makes them), made in a new container's own root, which is the container's from the
 * start (nothing shared with the store): a fifo as a host fifo, a device as the
 * kernel serves a guest's mknod (an empty file marked with {@link DeviceXattr}), each
 * with the image's mode and owner.
 */
final class SpecialFiles {
    private SpecialFiles() {}

    static void make(Path rootfs, List<LayerMetadata.SpecialFile> files) throws IOException {
        if (files.isEmpty()) return;
        Path top = rootfs.toRealPath();
        try (HostCalls h = new HostCalls()) {
            for (LayerMetadata.SpecialFile f : files) {
                Path p = top.resolve(f.path());
                // The root was just made from the store's: a parent is a directory of the image's, never a symlink out.
                if (!Files.isDirectory(p.getParent(), LinkOption.NOFOLLOW_LINKS) || !p.getParent().toRealPath().startsWith(top)
                        || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
                boolean fifo = f.type() == TarEntry.Type.FIFO;
                if (fifo) {
                    check(h.syscall(Sysno.MKNOD, h.cstring(p.toString()).address(), Flags.S_IFIFO, 0), p, "make");
                } else {
                    Files.createFile(p);
                    try {
                        DeviceXattr.write(p, new DeviceXattr.Device(f.type() == TarEntry.Type.CHAR_DEVICE ? DeviceXattr.S_IFCHR
                                : DeviceXattr.S_IFBLK, f.major(), f.minor()));
                    } catch (FileSystemException e) {
                        // A file system without user attributes keeps no device: the node is left out, as a guest's mknod fails there.
                        Files.delete(p);
                        continue;
                    }
                }
                // By path, never opened (Java's attribute views open the file, and an open of a fifo waits for a writer).
                if (f.uid() != 0 || f.gid() != 0) {
                    long r = h.syscall(Sysno.FCHOWNAT, Flags.AT_FDCWD, h.cstring(p.toString()).address(), f.uid(), f.gid(),
                            Flags.AT_SYMLINK_NOFOLLOW);
                    // Not root: kept as the kernel reads owners (a fifo takes no user attribute: it shows as root's).
                    if (r == -Errno.EPERM && !fifo) OwnerXattr.write(p, f.uid(), f.gid());
                    else if (r != -Errno.EPERM) check(r, p, "chown");
                }
                // After the chown, which clears set-id bits.
                check(h.syscall(Sysno.FCHMODAT, Flags.AT_FDCWD, h.cstring(p.toString()).address(), f.mode() & 07777), p, "chmod");
                h.release();
            }
        }
    }

    private static void check(long r, Path p, String what) throws IOException {
        if (r < 0) throw new IOException(p + ": cannot " + what + " the image's special file (errno " + -r + ")");
    }
}
