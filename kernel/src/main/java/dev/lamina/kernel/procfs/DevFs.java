package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.MountedFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The container's /dev: the host's harmless character devices, links into
 * /proc/self/fd, the container's own terminals in pts (see {@link Terminals}),
 * and a real directory for shm. */
public final class DevFs implements MountedFs {
    private static final Set<String> DEVICES = Set.of("null", "zero", "full", "random", "urandom", "tty", "ptmx");
    private static final Map<String, String> LINKS = Map.of(
            "fd", "/proc/self/fd", "stdin", "/proc/self/fd/0",
            "stdout", "/proc/self/fd/1", "stderr", "/proc/self/fd/2");

    private final HostTree state;
    private final Terminals terminals;

    public DevFs(HostTree state, Terminals terminals) {
        this.state = state;
        this.terminals = terminals;
    }

    // Made on first use, like /proc's directories.
    private boolean built;

    private synchronized void build() {
        if (built) return;
        Path dir = state.top().resolve("dev");
        try {
            Files.createDirectories(dir.resolve("pts"));
            Files.createDirectories(dir.resolve("shm"));
            Files.setAttribute(dir.resolve("shm"), "unix:mode", 01777);
            for (String d : DEVICES)
                if (!Files.exists(dir.resolve(d))) Files.createFile(dir.resolve(d));
            for (Map.Entry<String, String> e : LINKS.entrySet())
                if (!Files.exists(dir.resolve(e.getKey()), LinkOption.NOFOLLOW_LINKS))
                    Files.createSymbolicLink(dir.resolve(e.getKey()), Path.of(e.getValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built = true;
    }

    @Override
    public Node lookup(Task t, String sub) {
        if (DEVICES.contains(sub)) return new Node.HostFile("/dev/" + sub);
        String link = LINKS.get(sub);
        if (link != null) return new Node.Link(link);
        if (sub.startsWith("pts/") && sub.length() > 4 && sub.length() < 12 && sub.substring(4).chars().allMatch(Character::isDigit)
                && terminals.mayOpen(t, Integer.parseInt(sub.substring(4))))
            return new Node.HostFile("/dev/" + sub);
        build();
        return new Node.InTree(state, sub.isEmpty() ? "dev" : "dev/" + sub);
    }
}
