package dev.lamina.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Where a container's processes run and how the OOM killer weighs them: `--cpuset-cpus`
 * (HostConfig CpusetCpus, the CPUs as their affinity) and `--oom-score-adj` (OomScoreAdj),
 * checked as dockerd checks them, with its messages.
 */
public final class Placement {
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    private Placement() {}

    /** The CPUs a cpuset list names ("0-2,5"; empty or null: none asked, the host's). */
    public static List<Integer> cpus(String cpuset) {
        if (cpuset == null || cpuset.isEmpty()) return List.of();
        TreeSet<Integer> asked = parse(cpuset);
        if (asked == null) throw new ContainerSpecException("Invalid value " + cpuset + " for cpuset cpus");
        String online = online();
        TreeSet<Integer> available = parse(online);
        if (available != null && !available.containsAll(asked))
            throw new ContainerSpecException("Requested CPUs are not available - requested " + cpuset + ", available: " + online);
        return List.copyOf(asked);
    }

    /** The adjustment, or null when none is asked (0 or null: the host's, as dockerd leaves it). */
    public static Integer oomScoreAdj(Integer adj) {
        if (adj == null || adj == 0) return null;
        if (adj < -1000 || adj > 1000)
            throw new ContainerSpecException("Invalid value " + adj + ", range for oom score adj is [-1000, 1000]");
        return adj;
    }

    /** A cpuset list as Linux writes it, as numbers; null when it is not one. */
    static TreeSet<Integer> parse(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.strip().split(",", -1)) {
            String[] ends = part.split("-", -1);
            try {
                if (ends.length > 2) return null;
                int from = Integer.parseInt(ends[0]), to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
                if (from < 0 || to < from || to >= dev.lamina.kernel.ProcessDefaults.CPUS_MAX) return null;
                for (int c = from; c <= to; c++) cpus.add(c);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return cpus;
    }

    private static String online() {
        try {
            return Files.readString(ONLINE).strip();
        } catch (IOException e) {
            return "0";
        }
    }
}
