package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is mounted over the image root: filesystems at their mount points
 * (the innermost mount serves a path), and single files bound over image paths. */
public final class MountTable {
    private final Map<String, MountedFs> filesystems = new LinkedHashMap<>();
    private final Map<String, java.util.function.Supplier<Node>> files = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Long> devices = new java.util.HashMap<>();
    /** The device number the next filesystem of a type already mounted gets. */
    private long nextDevice = 0x30;

    public void mount(String path, String type, MountedFs fs) {
        filesystems.put(path, fs);
        types.put(path, type);
        long dev = device(type);
        if (dev != 0 && devices.containsValue(dev)) dev = nextDevice++;
        devices.put(path, dev);
    }

    /** Binds a file over path; node is asked for it each time (it may make the file first). */
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

    /** Mount points and their filesystem types, for /proc/mounts. */
    public Map<String, String> types() { return types; }

    /**
     * The device number (st_dev) of the kernel's own filesystem that holds {@code path}, as
     * Linux gives each mounted filesystem one of its own, so that `find -xdev`, `du -x` and
     * `tar --one-file-system` stop at /proc, /sys and /dev; 0 for the root's and a bind's (the
     * host file's own). The numbers are a typical host's for each type (0:N, N below 32),
     * and /proc/PID/mountinfo shows them.
     */
    public long deviceAt(String path) {
        String at = mountPointOf(path);
        return at == null ? 0 : devices.get(at);
    }

    /** The device number of what is mounted at mount point {@code path} (see deviceAt). */
    public long deviceOf(String path) { return devices.getOrDefault(path, 0L); }

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

    /** The type of the innermost filesystem mounted at or above {@code path}; null for the image root's. */
    public String typeAt(String path) {
        String at = mountPointOf(path);
        return at == null ? null : types.get(at);
    }

    /** The innermost mount point at or above {@code path}; null for the image root's. */
    public String mountPointOf(String path) {
        String best = null;
        for (String mp : types.keySet())
            if ((path.equals(mp) || path.startsWith(mp + "/")) && (best == null || mp.length() > best.length())) best = mp;
        return best;
    }
}
