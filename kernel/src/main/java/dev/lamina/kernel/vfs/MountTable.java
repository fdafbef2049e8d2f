package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is mounted over the image root: filesystems at their mount points
 * (the innermost mount serves a path), and single files bound over image paths. */
public final class MountTable {
    private final Map<String, MountedFs> filesystems = new LinkedHashMap<>();
    private final Map<String, java.util.function.Supplier<Node>> files = new LinkedHashMap<>();
    private final Map<String, Mount> mounts = new LinkedHashMap<>();
    /** The device number the next filesystem of a type already mounted gets. */
    private long nextDevice = 0x30;

    /** Mounts fs at path, listed as source, type and options say. */
    public void mount(String path, String type, String source, String options, MountedFs fs) {
        filesystems.put(path, fs);
        long first = device(type);
        boolean taken = first != 0 && mounts.values().stream().anyMatch(m -> m.device() == first);
        mounts.put(path, new Mount(type, source, options, taken ? nextDevice++ : first, null));
    }

    /** Binds a host directory at path (fs serves it), listed as {@code listed}. */
    public void bind(String path, Mount listed, MountedFs fs) {
        filesystems.put(path, fs);
        mounts.put(path, listed);
    }

    /** Binds a file over path as {@link #bindFile(String, java.util.function.Supplier)}, listed as {@code listed}. */
    public void bindFile(String path, java.util.function.Supplier<Node> node, Mount listed) {
        files.put(path, node);
        mounts.put(path, listed);
    }

    /** Binds a file over path, unlisted; node is asked for it each time (it may make the file first). */
    public void bindFile(String path, java.util.function.Supplier<Node> node) {
        files.put(path, node);
    }

    /** The node a mount gives path, or null when the image root serves it. */
    public Node lookup(Task task, String path) {
        java.util.function.Supplier<Node> file = files.get(path);
        if (file != null) return file.get();
        String best = null;
        for (String mp : filesystems.keySet())
            if ((path.equals(mp) || (path.startsWith(mp) && path.charAt(mp.length()) == '/'))
                    && (best == null || mp.length() > best.length())) best = mp;
        if (best == null) return null;
        return filesystems.get(best).lookup(task, path.equals(best) ? "" : path.substring(best.length() + 1));
    }

    /** Whether path is where something is mounted or bound: it cannot be removed or renamed (EBUSY). */
    public boolean isMountPoint(String path) {
        return files.containsKey(path) || filesystems.containsKey(path);
    }

    /** Each mount by its mount point, in the order they were made, for /proc/mounts. */
    public Map<String, Mount> mounts() { return mounts; }

    /**
     * The device number (st_dev) of the kernel's own filesystem that holds {@code path}, a
     * node of {@code type} (S_IFMT's), as Linux gives each mounted filesystem one of its own,
     * so that `find -xdev`, `du -x` and `tar --one-file-system` stop at /proc, /sys and /dev;
     * 0 for the root's and a bind's (the host file's own). The numbers are a typical host's
     * for each type (0:N, N below 32), and /proc/PID/mountinfo shows them. A regular file in
     * a tmpfs (/dev/shm, /dev), one of the guest's own, keeps the host's number too (0): fstat
     * of it shows that one (the host answers it), and cp and mv compare the two to know that
     * the file they opened is the one they named.
     */
    public long deviceAt(String path, int type) {
        String at = mountPointOf(path);
        if (at == null) return 0;
        Mount m = mounts.get(at);
        return type == Flags.S_IFREG && m.type().equals("tmpfs") ? 0 : m.device();
    }

    /** A filesystem type's first device number (a second of its type gets another), 0 for a type not the kernel's own. */
    public static long device(String type) {
        return switch (type) {
            case "proc" -> 0x16;
            case "tmpfs" -> 0x05;
            case "devpts" -> 0x17;
            case "sysfs" -> 0x15;
            case "cgroup2" -> 0x1a;
            default -> 0;
        };
    }

    /** The innermost mount point at or above {@code path} (a file bound alone is its own); null for the image root's. */
    public String mountPointOf(String path) {
        return innermost(mounts.keySet(), path);
    }

    /**
     * The innermost filesystem mounted at or above {@code path}, files bound alone aside: the mount a rename or
     * link moves names within (Linux compares the mounts of the names' directories, and a bound file's
     * directory is its parent's filesystem; the bound name itself is then EBUSY).
     */
    public String filesystemOf(String path) {
        return innermost(filesystems.keySet(), path);
    }

    private static String innermost(java.util.Set<String> points, String path) {
        String best = null;
        for (String mp : points)
            if ((path.equals(mp) || path.startsWith(mp + "/")) && (best == null || mp.length() > best.length())) best = mp;
        return best;
    }
}
