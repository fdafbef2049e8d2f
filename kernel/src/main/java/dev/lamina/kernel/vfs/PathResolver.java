package dev.lamina.kernel.vfs;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.HostTree;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves guest paths inside the container: `..` stops at the root,
 * absolute symlinks start again from the container root, more than 40
 * links give ELOOP, and mounts take over where they are mounted.
 */
public final class PathResolver {
    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;
    private static final int LINKS_MAX = 40;

    private final HostTree root;
    private final MountTable mounts;

    public PathResolver(HostTree root, MountTable mounts) {
        this.root = root;
        this.mounts = mounts;
    }

    /** The node for a canonical container path. */
    public Node nodeFor(Task t, String path) {
        Node mounted = mounts.lookup(t, path);
        return mounted != null ? mounted : new Node.InTree(root, path.substring(1));
    }

    /**
     * Resolves path from the directory start (a canonical container path).
     * The last component is followed when it is a symlink only if
     * followLast is set (or the path ends with a slash).
     */
    public Resolved resolve(Task t, String start, String path, boolean followLast) {
        if (path.isEmpty()) throw new LinuxError(Errno.ENOENT);
        if (path.length() >= PATH_MAX) throw new LinuxError(Errno.ENAMETOOLONG);
        boolean mustBeDir = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..")
                || path.equals(".") || path.equals("..");
        Deque<String> rest = new ArrayDeque<>();
        push(rest, path);
        String cur = path.startsWith("/") ? "/" : start;
        Node node = nodeFor(t, cur);
        int links = 0;
        while (!rest.isEmpty()) {
            String c = rest.pollFirst();
            if (c.length() > NAME_MAX) throw new LinuxError(Errno.ENAMETOOLONG);
            if (c.equals("..")) {
                cur = parent(cur);
                node = nodeFor(t, cur);
                continue;
            }
            String next = cur.equals("/") ? "/" + c : cur + "/" + c;
            Node n = nodeFor(t, next);
            boolean last = rest.isEmpty();
            boolean follow = !last || followLast || mustBeDir;
            if (n instanceof Node.MagicLink magic && follow) {
                if (!last) throw new LinuxError(Errno.ENOTDIR);
                return new Resolved(next, magic.target());
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
                    cur = "/";
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
        };
    }
}
