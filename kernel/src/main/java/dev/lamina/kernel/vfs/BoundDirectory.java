package dev.lamina.kernel.vfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.host.HostTree;

/**
 * A host directory bound at a container path (`lamina run -v`): its files are
 * the host's own, changed in place (never copied up), and resolved like the
 * container root's, so its symlinks and ".." stay inside the container.
 */
public record BoundDirectory(HostTree tree) implements MountedFs {
    @Override
    public Node lookup(Task task, String sub) {
        return new Node.InTree(tree, sub);
    }
}
