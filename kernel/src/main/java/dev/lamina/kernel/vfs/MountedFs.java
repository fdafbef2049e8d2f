package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;

/** What is mounted at a path: a filesystem the kernel makes up (/proc, /dev), or a host directory bound in (a volume). */
public interface MountedFs {
    /** The node for sub, a path below the mount point without a leading
     * slash ("" is the mount point itself). Unknown names give an InTree
     * node that does not exist. */
    Node lookup(Task task, String sub);

    /** This filesystem's directory {@code dir} as a filesystem of its own, mounted inside this one. */
    default MountedFs below(String dir) {
        return (task, sub) -> lookup(task, sub.isEmpty() ? dir : dir + "/" + sub);
    }
}
