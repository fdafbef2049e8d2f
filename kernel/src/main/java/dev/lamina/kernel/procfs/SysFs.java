package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.vfs.MountedFs;
import dev.lamina.kernel.vfs.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The container's /sys, read-only: so far only the directories leading to
 * the cgroup filesystem mounted at /sys/fs/cgroup ({@link CgroupFs}). */
public final class SysFs implements MountedFs {
    private final HostTree state;
    private boolean built;

    public SysFs(HostTree state) {
        this.state = state;
    }

    @Override
    public Node lookup(Task t, String sub) {
        build();
        return new Node.InTree(state, sub.isEmpty() ? "sys" : "sys/" + sub);
    }

    private synchronized void build() {
        if (built) return;
        try {
            Files.createDirectories(state.top().resolve(CgroupFs.DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built = true;
    }
}
