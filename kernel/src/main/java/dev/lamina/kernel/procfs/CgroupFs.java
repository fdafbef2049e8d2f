package dev.lamina.kernel.procfs;

import dev.lamina.kernel.ContainerConfig.Limits;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.MemoryLimit;
import dev.lamina.kernel.vfs.MountedFs;
import dev.lamina.kernel.vfs.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * /sys/fs/cgroup as cgroup v2 shows it inside a container with a cgroup namespace of
 * its own: the container's group is the root, with the container's limits (from its
 * configuration) and its processes under their guest pids; usage is summed from the
 * host's figures for those processes. Read-only, as Docker mounts it. The limits are
 * shown, not enforced.
 */
public final class CgroupFs implements MountedFs {
    /** Under the kernel's state tree: sys/fs/cgroup, listed with the files lookups answer. */
    static final String DIR = "sys/fs/cgroup";
    /** USER_HZ: /proc/PID/stat's unit of CPU time. */
    private static final long TICK_USEC = 10_000;

    private final Kernel kernel;
    private final HostTree state;
    private final Map<String, Supplier<String>> files;
    private boolean built;

    public CgroupFs(Kernel kernel, HostTree state) {
        this.kernel = kernel;
        this.state = state;
        this.files = Map.ofEntries(
                Map.entry("cgroup.controllers", () -> "cpuset cpu io memory hugetlb pids rdma misc\n"),
                Map.entry("cgroup.subtree_control", () -> "\n"),
                Map.entry("cgroup.type", () -> "domain\n"),
                Map.entry("cgroup.events", () -> "populated 1\nfrozen 0\n"),
                Map.entry("cgroup.max.depth", () -> "max\n"),
                Map.entry("cgroup.max.descendants", () -> "max\n"),
                Map.entry("cgroup.stat", () -> "nr_descendants 0\nnr_dying_descendants 0\n"),
                Map.entry("cgroup.procs", () -> lines(processes().stream().map(GuestProcess::pid).toList())),
                Map.entry("cgroup.threads", this::threads),
                Map.entry("cpu.max", () -> max(kernel.limits().cpuQuota()) + " " + kernel.limits().cpuPeriod() + "\n"),
                Map.entry("cpu.weight", () -> "100\n"),
                Map.entry("cpu.stat", this::cpuStat),
                Map.entry("cpuset.cpus", () -> ranges(kernel.config().processDefaults().cpus()) + "\n"),
                Map.entry("cpuset.cpus.effective", () -> kernel.config().processDefaults().cpus().isEmpty()
                        ? hostLine("/sys/devices/system/cpu/online", "0") : ranges(kernel.config().processDefaults().cpus()) + "\n"),
                Map.entry("cpuset.mems.effective", () -> hostLine("/sys/devices/system/node/online", "0")),
                Map.entry("memory.current", () -> resident() + "\n"),
                Map.entry("memory.max", () -> max(kernel.limits().memory()) + "\n"),
                Map.entry("memory.high", () -> "max\n"),
                Map.entry("memory.low", () -> "0\n"),
                Map.entry("memory.min", () -> "0\n"),
                Map.entry("memory.swap.current", () -> "0\n"),
                Map.entry("memory.swap.max", () -> max(kernel.limits().swap()) + "\n"),
                Map.entry("memory.stat", () -> "anon " + resident() + "\nfile 0\nkernel 0\nshmem 0\nsock 0\n"),
                Map.entry("memory.events", () -> {
                    int kills = kernel.oomKills(); // MemoryLimit's: each time past the limit, a process killed
                    return "low 0\nhigh 0\nmax " + kills + "\noom " + kills + "\noom_kill " + kills + "\n";
                }),
                Map.entry("pids.current", () -> threadCount() + "\n"),
                Map.entry("pids.max", () -> max(kernel.limits().pids()) + "\n"),
                Map.entry("io.max", () -> ""));
    }

    @Override
    public Node lookup(Task t, String sub) {
        Supplier<String> f = files.get(sub);
        if (f == null) {
            build();
            return new Node.InTree(state, sub.isEmpty() ? DIR : DIR + "/" + sub);
        }
        // A new process reading the group's figures before its parent has reported it is counted:
        // its host process is waited for, as its /proc entry's is.
        t.process().hostOnceStarted();
        return new Node.Generated(() -> Utf8b.encode(f.get()));
    }

    /** The directory and its names, made when first looked at. */
    private synchronized void build() {
        if (built) return;
        Path dir = state.top().resolve(DIR);
        try {
            Files.createDirectories(dir);
            for (String name : files.keySet())
                if (!Files.exists(dir.resolve(name))) Files.createFile(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built = true;
    }

    private static String max(long v) {
        return v == Limits.MAX ? "max" : Long.toString(v);
    }

    private static String lines(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(id).append('\n');
        return sb.toString();
    }

    private List<GuestProcess> processes() {
        return kernel.processes().all().stream()
                .filter(p -> p.hostPid() > 0 && p.state() == GuestProcess.State.RUNNING)
                .sorted(java.util.Comparator.comparingInt(GuestProcess::pid)).toList();
    }

    private String threads() {
        TreeSet<Integer> tids = new TreeSet<>();
        for (GuestProcess p : processes()) {
            tids.add(p.pid());
            tids.addAll(p.threads().keySet());
        }
        return lines(List.copyOf(tids));
    }

    /** pids.current counts tasks: every thread. */
    private long threadCount() {
        return processes().stream().mapToLong(p -> 1 + p.threads().size()).sum();
    }

    /** Resident memory of the container's processes, in bytes. */
    private long resident() {
        return processes().stream().mapToLong(p -> MemoryLimit.resident(p.hostPid())).sum();
    }

    /** CPU time of the container's processes and of the children each has reaped, in microseconds. */
    private String cpuStat() {
        long user = 0, system = 0;
        for (GuestProcess p : processes()) {
            String stat = Utf8b.decode(ProcFs.readHost(Path.of("/proc", Integer.toString(p.hostPid()), "stat")));
            int close = stat.lastIndexOf(')');
            if (close < 0) continue;
            // After the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
            String[] f = stat.substring(close + 2).trim().split(" ");
            user += Long.parseLong(f[11]) + Long.parseLong(f[13]);
            system += Long.parseLong(f[12]) + Long.parseLong(f[14]);
        }
        user *= TICK_USEC;
        system *= TICK_USEC;
        return "usage_usec " + (user + system) + "\nuser_usec " + user + "\nsystem_usec " + system
                + "\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n";
    }

    /** CPUs as a cpuset list: "0-2,5". */
    static String ranges(List<Integer> cpus) {
        List<Integer> sorted = new TreeSet<>(cpus).stream().toList();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
            if (b.length() > 0) b.append(',');
            b.append(sorted.get(i));
            if (j > i) b.append('-').append(sorted.get(j));
            i = j + 1;
        }
        return b.toString();
    }

    private static String hostLine(String path, String otherwise) {
        String s = Utf8b.decode(ProcFs.readHost(Path.of(path))).trim();
        return (s.isEmpty() ? otherwise : s) + "\n";
    }
}
