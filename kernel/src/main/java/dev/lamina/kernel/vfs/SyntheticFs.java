package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;

/** A filesystem the kernel makes up (/proc, /dev), mounted at a path. */
public interface SyntheticFs {
    /** The node for sub, a path below the mount point without a leading
     * slash ("" is the mount point itself). Unknown names give an InTree
     * node that does not exist. */
    Node lookup(Task task, String sub);
}
