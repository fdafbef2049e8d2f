package dev.lamina.container;

import dev.lamina.kernel.ContainerConfig.Limits;

/**
 * Docker's resource options (`--memory`, `--memory-swap`, `--cpus`, `--cpu-quota`,
 * `--cpu-period`, `--pids-limit`; HostConfig's Memory, MemorySwap, NanoCpus, CpuQuota,
 * CpuPeriod and PidsLimit) as the cgroup v2 limits runc writes for them, refused with
 * dockerd's messages where dockerd refuses them. Null or 0 is unset.
 */
public final class Resources {
    /** dockerd's smallest memory limit. */
    private static final long MIN_MEMORY = 6 << 20;

    private Resources() {}

    public static Limits limits(Long memory, Long memorySwap, Long nanoCpus, Long cpuQuota, Long cpuPeriod, Long pidsLimit) {
        long mem = value(memory), swap = value(memorySwap), nano = value(nanoCpus), quota = value(cpuQuota),
                period = value(cpuPeriod), pids = value(pidsLimit);
        if (mem < 0 || nano < 0 || period < 0 || (quota < 0 && quota != -1))
            throw new ContainerSpecException("resource limits cannot be negative");
        if (mem > 0 && mem < MIN_MEMORY) throw new ContainerSpecException("Minimum memory limit allowed is 6MB");
        if (swap > 0 && mem == 0)
            throw new ContainerSpecException("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (swap > 0 && swap < mem)
            throw new ContainerSpecException("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (nano > 0 && period > 0) throw new ContainerSpecException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (nano > 0 && quota > 0) throw new ContainerSpecException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        int cpus = Runtime.getRuntime().availableProcessors();
        if (nano > 0 && (nano < 10_000_000 || nano > cpus * 1_000_000_000L))
            throw new ContainerSpecException("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available");
        if (period != 0 && (period < 1000 || period > 1_000_000))
            throw new ContainerSpecException("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        if (quota > 0 && quota < 1000) throw new ContainerSpecException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        long cpuPeriodUs = period > 0 ? period : Limits.DEFAULT_CPU_PERIOD;
        // --cpus is a quota over the default period (runc: NanoCpus * period / 1e9).
        long cpuQuotaUs = nano > 0 ? nano * Limits.DEFAULT_CPU_PERIOD / 1_000_000_000L : quota > 0 ? quota : Limits.MAX;
        // runc: memory.swap.max is MemorySwap less Memory; -1 is unlimited; unset with a memory limit, as much swap as memory.
        long swapMax = mem == 0 || swap == -1 ? Limits.MAX : swap > 0 ? swap - mem : mem;
        return new Limits(mem > 0 ? mem : Limits.MAX, swapMax, cpuQuotaUs, cpuPeriodUs, pids > 0 ? pids : Limits.MAX);
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }
}
