package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.vfs.MountedFs;
import dev.lamina.kernel.vfs.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The container's /sys, read-only: the directories leading to the cgroup
 * filesystem mounted at /sys/fs/cgroup ({@link CgroupFs}), and the host's
 * files that describe the machine rather than its devices, as Docker's
 * read-only sysfs shows them: the CPU and NUMA node lists and each CPU's
 * topology (glibc's get_nprocs and get_nprocs_conf, lscpu, libnuma and hwloc
 * read them) and transparent huge pages' settings (Go's runtime and the JVM
 * read them). Each is the host's file, opened read-only on the host (a copy of one the host's root may write).
 */
public final class SysFs implements MountedFs {
    private static final Path HOST = Path.of("/sys");
    private static final List<String> CPU_FILES = List.of("online", "possible", "present", "offline", "kernel_max", "isolated");
    private static final List<String> NODE_FILES = List.of("online", "possible", "has_cpu", "has_memory", "has_normal_memory");
    private static final List<String> NODE_OWN_FILES = List.of("cpulist", "cpumap", "distance");
    private static final List<String> HUGEPAGE_FILES = List.of("enabled", "defrag", "hpage_pmd_size");

    private final HostTree state;
    private Set<String> mirrored;

    public SysFs(HostTree state) {
        this.state = state;
    }

    @Override
    public Node lookup(Task t, String sub) {
        if (built().contains(sub)) {
            // One the host lets its owner write (transparent_hugepage/enabled) is shown as a copy: a descriptor
            // of the host's file, opened again for writing past the kernel, would change the host's setting.
            Path host = HOST.resolve(sub);
            return writable(host) ? new Node.Generated(() -> ProcFs.readHost(host)) : new Node.HostFile(host.toString());
        }
        return new Node.InTree(state, sub.isEmpty() ? "sys" : "sys/" + sub);
    }

    private static boolean writable(Path p) {
        try {
            return Files.getPosixFilePermissions(p).stream().anyMatch(x -> x.name().endsWith("_WRITE"));
        } catch (IOException e) {
            return true;
        }
    }

    /** The mirrored files, each with a name in the tree so that listings show it, made when first looked at. */
    private synchronized Set<String> built() {
        if (mirrored != null) return mirrored;
        Set<String> files = hostFiles();
        try {
            Files.createDirectories(state.top().resolve(CgroupFs.DIR));
            for (String f : files) {
                Path p = state.top().resolve("sys").resolve(f);
                Files.createDirectories(p.getParent());
                if (!Files.exists(p)) Files.createFile(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mirrored = files;
        return files;
    }

    /** The host's files shown, under /sys: those of the lists above that the host has. */
    private static Set<String> hostFiles() {
        Set<String> files = new TreeSet<>();
        addExisting(files, "devices/system/cpu", CPU_FILES);
        for (String cpu : numbered("devices/system/cpu", "cpu")) {
            addExisting(files, cpu, List.of("online"));
            addExisting(files, cpu + "/topology", listed(cpu + "/topology"));
        }
        addExisting(files, "devices/system/node", NODE_FILES);
        for (String node : numbered("devices/system/node", "node")) addExisting(files, node, NODE_OWN_FILES);
        addExisting(files, "kernel/mm/transparent_hugepage", HUGEPAGE_FILES);
        return Set.copyOf(files);
    }

    private static void addExisting(Set<String> into, String dir, List<String> names) {
        for (String n : names)
            if (Files.isRegularFile(HOST.resolve(dir).resolve(n))) into.add(dir + "/" + n);
    }

    /** dir's entries named prefix and a number (cpu0, node1), as paths under /sys. */
    private static List<String> numbered(String dir, String prefix) {
        return listed(dir).stream().filter(n -> n.matches(prefix + "\\d+")).map(n -> dir + "/" + n).toList();
    }

    private static List<String> listed(String dir) {
        try (Stream<Path> s = Files.list(HOST.resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
