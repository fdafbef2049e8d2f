package dev.lamina.kernel.vfs;

import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.proc.GuestProcess;
import java.util.function.Supplier;

/** What a container path leads to. */
public sealed interface Node {
    /** A file in a host tree (the image root, or the kernel's own state);
     * it may not exist yet. */
    record InTree(HostTree tree, String rel) implements Node {}

    /** A whole host file bound into the container (devices, musl+), or a process's (its comm). */
    record HostFile(String hostPath, GuestProcess process) implements Node {
        public HostFile(String hostPath) {
            this(hostPath, null);
        }
    }

    /** What a guest process's descriptor refers to, reached through
     * /proc/PID/fd/N: `procPath` is that entry on the host, `hostTarget` the
     * host's reading of it (a host path, or text such as pipe:[N]). */
    record OpenFile(String procPath, String hostTarget) implements Node {}

    /** A read-only file whose contents the kernel makes when it is opened (null: what it shows is gone, ENOENT);
     * `path`, its canonical container path once looked up, gives it an inode number that stays. */
    record Generated(Supplier<byte[]> content, GuestProcess process, String path) implements Node {
        public Generated(Supplier<byte[]> content) {
            this(content, null, null);
        }

        /** Its inode number: one per path, as Linux's stays while the file is there. */
        public int ino() {
            return path != null ? path.hashCode() : System.identityHashCode(content);
        }
    }

    /** A symlink the kernel answers; `target` is a container path or text. One of procfs's (`inProc`) has size 0,
     * as Linux's proc links report; one of /dev's the length of its target, as a symlink on Docker's tmpfs. */
    record Link(String target, GuestProcess process, boolean inProc) implements Node {
        public Link(String target) {
            this(target, null, false);
        }

        public static Link ofProc(String target) {
            return new Link(target, null, true);
        }
    }

    /** A /proc link that reads as `text` but opens `target` (Linux's magic
     * links: /proc/PID/fd/N, /proc/PID/exe). */
    record MagicLink(String text, Node target, GuestProcess process) implements Node {
        public MagicLink(String text, Node target) {
            this(text, target, null);
        }
    }

    /** An entry of another process's /proc directory that shows the process's memory, environment or
     * open files to a caller Linux's ptrace check refuses: it may be looked at (lstat) as `shown`,
     * not read, opened or followed (EACCES), as Linux asks at use, not at lookup; `entry` is its
     * path in /proc ("PID/exe"). */
    record Guarded(Node shown, String entry, GuestProcess process) implements Node {}

    /** The process whose /proc directory holds this node, whose owner it shows; null: none, or the node's own. */
    default GuestProcess process() { return null; }

    /** This node as an entry of p's /proc directory. */
    default Node of(GuestProcess p) {
        return switch (this) {
            case Generated g when g.process() == null -> new Generated(g.content(), p, g.path());
            case HostFile f when f.process() == null -> new HostFile(f.hostPath(), p);
            case Link l when l.process() == null -> new Link(l.target(), p, l.inProc());
            case MagicLink m when m.process() == null -> new MagicLink(m.text(), m.target(), p);
            case Guarded g when g.process() == null -> new Guarded(g.shown().of(p), g.entry(), p);
            default -> this;
        };
    }

    /** This node as found at the canonical container path. */
    default Node at(String path) {
        return switch (this) {
            case Generated g -> new Generated(g.content(), g.process(), path);
            case Guarded g -> new Guarded(g.shown().at(path), g.entry(), g.process());
            default -> this;
        };
    }
}
