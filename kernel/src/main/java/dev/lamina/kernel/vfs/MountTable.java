package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is mounted over the image root: synthetic filesystems at their
 * mount points, and single files bound over image paths. */
public final class MountTable {
    private final Map<String, SyntheticFs> filesystems = new LinkedHashMap<>();
    private final Map<String, java.util.function.Supplier<Node>> files = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    public void mount(String path, String type, SyntheticFs fs) {
        filesystems.put(path, fs);
        types.put(path, type);
    }

    /** Binds a file over path; node is asked for it each time (it may make the file first). */
    public void bindFile(String path, java.util.function.Supplier<Node> node) {
        files.put(path, node);
    }

    /** The node a mount gives path, or null when the image root serves it. */
    public Node lookup(Task task, String path) {
        java.util.function.Supplier<Node> file = files.get(path);
        if (file != null) return file.get();
        for (Map.Entry<String, SyntheticFs> e : filesystems.entrySet()) {
            String mp = e.getKey();
            if (path.equals(mp)) return e.getValue().lookup(task, "");
            if (path.startsWith(mp) && path.charAt(mp.length()) == '/')
                return e.getValue().lookup(task, path.substring(mp.length() + 1));
        }
        return null;
    }

    /** Mount points and their filesystem types, for /proc/mounts. */
    public Map<String, String> types() { return types; }
}
