package dev.lamina.kernel.vfs;

import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.proc.GuestProcess;
import java.util.function.Supplier;

/** What a container path leads to. */
public sealed interface Node {
    /** A file in a host tree (the image root, or the kernel's own state);
     * it may not exist yet. */
    record InTree(HostTree tree, String rel) implements Node {}

    /** A whole host file bound into the container (devices, musl+). */
    record HostFile(String hostPath) implements Node {}

    /** What a guest process's descriptor refers to, reached through
     * /proc/PID/fd/N: `procPath` is that entry on the host, `hostTarget` the
     * host's reading of it (a host path, or text such as pipe:[N]). */
    record OpenFile(String procPath, String hostTarget) implements Node {}

    /** A read-only file whose contents the kernel makes when it is opened (null: what it shows is gone, ENOENT);
     * of {@code process}'s /proc directory, whose owner it shows, or of none (null: root's). */
    record Generated(Supplier<byte[]> content, GuestProcess process) implements Node {
        public Generated(Supplier<byte[]> content) {
            this(content, null);
        }
    }

    /** A symlink the kernel answers; `target` is a container path or text. */
    record Link(String target) implements Node {}

    /** A /proc link that reads as `text` but opens `target` (Linux's magic
     * links: /proc/PID/fd/N, /proc/PID/exe). */
    record MagicLink(String text, Node target) implements Node {}
}
