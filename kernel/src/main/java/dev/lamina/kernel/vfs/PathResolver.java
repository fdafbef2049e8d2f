package dev.lamina.kernel.vfs;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.HostTree;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves guest paths inside the container: `..` stops at the root,
 * absolute paths and symlinks start again from the root, more than 40
 * links give ELOOP, and mounts take over where they are mounted. The root
 * is the caller's (chroot), a directory of the container's; paths in and
 * out are canonical container paths.
 */
public final class PathResolver {
    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;
    private static final int LINKS_MAX = 40;

    private final HostTree root;
    private final MountTable mounts;
    private final Places places;
    private final Search search;

    /** Whether a task may look names up in a directory (search permission). */
    public interface Search {
        boolean allowed(Task t, Node dir);
    }

    public PathResolver(HostTree root, MountTable mounts, Places places, Search search) {
        this.root = root;
        this.mounts = mounts;
        this.places = places;
        this.search = search;
    }

    /**
     * Where the file behind fd (a descriptor the kernel holds) is in the
     * container, proved (see Places), or null when the container has no name
     * for it: outside every tree, or hidden under a mount.
     */
    public Resolved ofDescriptor(Task t, int fd) {
        Places.Place p = places.of(t.host(), fd);
        if (p == null) return null;
        Node n = nodeFor(t, p.path());
        return n.equals(new Node.InTree(p.tree(), p.rel())) ? new Resolved(p.path(), n) : null;
    }

    /** The directory a magic link leads to, for a path that goes on below it
     * (/proc/self/fd/3/x): the file it opens must be a directory the container has a name for. */
    private Resolved throughMagicLink(Task t, Node.MagicLink magic) {
        if (!(magic.target() instanceof Node.OpenFile f)) throw new LinuxError(Errno.ENOTDIR);
        return directoryOf(t, f);
    }

    /** The container's directory an open file (reached through /proc/PID/fd/N) is, by its path; else ENOTDIR. */
    public Resolved directoryOf(Task t, Node.OpenFile f) {
        long fd = LinuxError.check(HostPaths.open(t.host(), f.procPath(), Flags.O_PATH, 0));
        try {
            Resolved dir = ofDescriptor(t, (int) fd);
            if (dir == null || type(t, dir.node()) != Flags.S_IFDIR) throw new LinuxError(Errno.ENOTDIR);
            return dir;
        } finally {
            t.host().syscall(Sysno.CLOSE, fd);
        }
    }

    /** The node for a canonical container path. */
    public Node nodeFor(Task t, String path) {
        Node mounted = mounts.lookup(t, path);
        return mounted != null ? mounted.at(path) : new Node.InTree(root, path.substring(1));
    }

    /**
     * Resolves path from the directory start (a canonical container path).
     * The last component is followed when it is a symlink only if
     * followLast is set (or the path ends with a slash).
     */
    public Resolved resolve(Task t, String start, String path, boolean followLast) {
        return resolve(t, rootOf(t), start, path, followLast, false, search);
    }

    /** A canonical container path the kernel keeps (a program it execs, a descriptor's place), from the container's root whatever the caller's. */
    public Resolved resolveKept(Task t, String path, boolean followLast) {
        return resolve(t, "/", "/", path, followLast, false, search);
    }

    /**
     * Resolves path for a call that removes its last name (unlink, rmdir): that name
     * itself, never followed, even with a trailing slash, as Linux looks up the parent
     * and then the name; the caller answers for the slash.
     */
    public Resolved resolveName(Task t, String start, String path) {
        return resolve(t, rootOf(t), start, path, false, true, search);
    }

    /** An absolute path as the kernel itself reads the image's files (/etc/group), with no search permission to check. */
    public Resolved resolveAsKernel(Task t, String path) {
        return resolve(t, "/", "/", path, true, false, (task, dir) -> true);
    }

    private static String rootOf(Task t) {
        return t.process() == null ? "/" : t.fs().root();
    }

    private Resolved resolve(Task t, String root, String start, String path, boolean followLast, boolean nameItself, Search search) {
        if (path.isEmpty()) throw new LinuxError(Errno.ENOENT);
        if (path.length() >= PATH_MAX) throw new LinuxError(Errno.ENAMETOOLONG);
        boolean mustBeDir = !nameItself && path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..")
                || path.equals(".") || path.equals("..");
        Deque<String> rest = new ArrayDeque<>();
        push(rest, path);
        String cur = path.startsWith("/") ? root : start;
        Node node = nodeFor(t, cur);
        int links = 0;
        while (!rest.isEmpty()) {
            String c = rest.pollFirst();
            if (c.length() > NAME_MAX) throw new LinuxError(Errno.ENAMETOOLONG);
            if (!search.allowed(t, node)) throw new LinuxError(Errno.EACCES);
            if (c.equals("..")) {
                if (!cur.equals(root)) cur = parent(cur);
                node = nodeFor(t, cur);
                continue;
            }
            String next = cur.equals("/") ? "/" + c : cur + "/" + c;
            Node n = nodeFor(t, next);
            boolean last = rest.isEmpty();
            boolean follow = !last || followLast || mustBeDir;
            if (n instanceof Node.MagicLink magic && follow) {
                if (last) return new Resolved(next, magic.target());
                Resolved dir = throughMagicLink(t, magic);
                if (++links > LINKS_MAX) throw new LinuxError(Errno.ELOOP);
                cur = dir.path();
                node = dir.node();
                continue;
            }
            // A directory this thread already holds open needs no lookup.
            int type = !last && n instanceof Node.InTree in && in.tree().knownDirectory(t.host(), in.rel())
                    ? Flags.S_IFDIR : type(t, n);
            if (follow && type == Flags.S_IFLNK) {
                String link = linkTarget(t, n);
                if (++links > LINKS_MAX) throw new LinuxError(Errno.ELOOP);
                if (link.isEmpty()) throw new LinuxError(Errno.ENOENT);
                push(rest, link);
                if (link.startsWith("/")) {
                    cur = root;
                    node = nodeFor(t, cur);
                }
                continue;
            }
            if (!last) {
                if (type < 0) throw new LinuxError(Errno.ENOENT);
                if (type != Flags.S_IFDIR) throw new LinuxError(Errno.ENOTDIR);
            }
            cur = next;
            node = n;
        }
        if (mustBeDir) {
            int type = type(t, node);
            if (type >= 0 && type != Flags.S_IFDIR) throw new LinuxError(Errno.ENOTDIR);
        }
        return new Resolved(cur, node);
    }

    /** Queues a path's components; empty ones and "." change nothing. */
    private static void push(Deque<String> rest, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--)
            if (!parts[i].isEmpty() && !parts[i].equals(".")) rest.addFirst(parts[i]);
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The target of a node known to be a symlink. */
    private static String linkTarget(Task t, Node n) {
        return switch (n) {
            case Node.Link l -> l.target();
            case Node.Guarded g -> throw new LinuxError(Errno.EACCES);
            case Node.InTree in -> {
                int[] err = new int[1];
                String target = in.tree().readlink(t.host(), in.rel(), err);
                if (target == null) throw new LinuxError(err[0]);
                yield target;
            }
            default -> throw new LinuxError(Errno.EINVAL);
        };
    }

    /** The S_IFMT type of a node, or -1 when it does not exist. */
    public static int type(Task t, Node n) {
        return switch (n) {
            case Node.InTree in -> {
                long mode = in.tree().mode(t.host(), in.rel());
                yield mode < 0 ? -1 : (int) (mode & Flags.S_IFMT);
            }
            case Node.HostFile f -> {
                long mode = HostPaths.mode(t.host(), f.hostPath());
                yield mode < 0 ? -1 : (int) (mode & Flags.S_IFMT);
            }
            case Node.OpenFile f -> {
                long mode = HostPaths.mode(t.host(), f.procPath());
                yield mode < 0 ? -1 : (int) (mode & Flags.S_IFMT);
            }
            case Node.Generated g -> Flags.S_IFREG;
            case Node.Link l -> Flags.S_IFLNK;
            case Node.MagicLink m -> Flags.S_IFLNK;
            case Node.Guarded g -> type(t, g.shown());
        };
    }
}
