package dev.lamina.engine.containers;

import dev.lamina.container.ProcessOptions;
import dev.lamina.container.Resources;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.ProcessDefaults;
import java.util.List;
import java.util.Map;

/**
 * The body of `POST /containers/create` (Docker's Config with HostConfig inside),
 * as far as the engine acts on it; kept as given in the container's state file.
 * Every field may be absent or null (docker-java sends nulls).
 */
public record CreateRequest(String image, List<String> cmd, List<String> entrypoint, List<String> env, String user,
                            String workingDir, String hostname, String domainname, Boolean tty, Boolean openStdin,
                            Boolean stdinOnce, Boolean attachStdin, Boolean attachStdout, Boolean attachStderr,
                            Map<String, Object> exposedPorts, Map<String, Object> volumes, Map<String, String> labels,
                            String stopSignal, Integer stopTimeout, Healthcheck healthcheck, HostConfig hostConfig,
                            NetworkingConfig networkingConfig) {
    public CreateRequest {
        env = env == null ? List.of() : env;
        labels = labels == null ? Map.of() : labels;
        exposedPorts = exposedPorts == null ? Map.of() : exposedPorts;
        hostConfig = hostConfig == null ? HostConfig.NONE : hostConfig;
        networkingConfig = networkingConfig == null ? NetworkingConfig.NONE : networkingConfig;
    }

    public boolean terminal() { return Boolean.TRUE.equals(tty); }

    /** This request with {@code binds} in its HostConfig (the anonymous volumes a create adds). */
    CreateRequest withBinds(List<String> binds) {
        return with(hostConfig.with(binds, hostConfig.tmpfs(), hostConfig.mounts()), volumes);
    }

    /** This request with another HostConfig. */
    CreateRequest with(HostConfig h) {
        return with(h, volumes);
    }

    /** This request with another HostConfig and Volumes. */
    CreateRequest with(HostConfig h, Map<String, Object> volumes) {
        return new CreateRequest(image, cmd, entrypoint, env, user, workingDir, hostname, domainname, tty, openStdin, stdinOnce,
                attachStdin, attachStdout, attachStderr, exposedPorts, volumes, labels, stopSignal, stopTimeout, healthcheck,
                h, networkingConfig);
    }

    public boolean stdinOpen() { return Boolean.TRUE.equals(openStdin); }

    /** Docker's HostConfig, the parts the engine acts on; the resource limits (Memory ... PidsLimit) are shown in
     * the container's /sys/fs/cgroup, not enforced; CpusetCpus and OomScoreAdj are the processes' own (their affinity,
     * their OOM score); ShmSize, CpusetMems, CpuShares, MemoryReservation, BlkioWeight, OomKillDisable, CgroupParent
     * and IpcMode are kept and shown by inspect, and change nothing; Links are Docker's legacy links ({@link Links}). */
    public record HostConfig(List<String> binds, Boolean autoRemove, RestartPolicy restartPolicy,
                             Map<String, List<PortBinding>> portBindings, Boolean publishAllPorts, String networkMode,
                             List<Integer> consoleSize, List<String> securityOpt, Map<String, String> tmpfs,
                             List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                             Long memory, Long memorySwap, Long nanoCpus, Long cpuQuota, Long cpuPeriod, Long pidsLimit,
                             Boolean init, List<Mount> mounts, List<String> volumesFrom, Boolean readonlyRootfs,
                             List<String> capAdd, List<String> capDrop, Boolean privileged, List<String> groupAdd,
                             List<ProcessOptions.Ulimit> ulimits, LogConfig logConfig, String utsMode, String pidMode,
                             List<Object> devices, List<Object> deviceRequests, Map<String, String> sysctls, String runtime,
                             Long shmSize, String cpusetCpus, String cpusetMems, Long cpuShares, Integer oomScoreAdj,
                             Long memoryReservation, Integer blkioWeight, Boolean oomKillDisable, String cgroupParent,
                             String ipcMode, List<String> links, String volumeDriver) {
        public static final HostConfig NONE = new HostConfig(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        /** /dev/shm's size when none is asked, as dockerd's (shown, not enforced). */
        public static final long SHM_SIZE = 64L << 20;

        public HostConfig {
            binds = binds == null ? List.of() : binds;
            portBindings = portBindings == null ? Map.of() : portBindings;
            restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
            securityOpt = securityOpt == null ? List.of() : securityOpt;
            tmpfs = tmpfs == null ? Map.of() : tmpfs;
            extraHosts = extraHosts == null ? List.of() : extraHosts;
            dns = dns == null ? List.of() : dns;
            dnsSearch = dnsSearch == null ? List.of() : dnsSearch;
            dnsOptions = dnsOptions == null ? List.of() : dnsOptions;
            mounts = mounts == null ? List.of() : mounts;
            volumesFrom = volumesFrom == null ? List.of() : volumesFrom;
            capAdd = capAdd == null ? List.of() : capAdd;
            capDrop = capDrop == null ? List.of() : capDrop;
            groupAdd = groupAdd == null ? List.of() : groupAdd;
            ulimits = ulimits == null ? List.of() : ulimits;
            links = links == null ? List.of() : links;
            // `--log-opt` alone: json-file with its options
            logConfig = logConfig == null ? LogConfig.JSON_FILE : logConfig.type() == null || logConfig.type().isEmpty()
                    ? new LogConfig(LogConfig.JSON_FILE.type(), logConfig.config()) : logConfig;
        }

        /** As moby keeps a create's: with a memory limit and no swap limit, MemorySwap is twice the memory
         * (adaptContainerSettings; the limits already give as much swap as memory then). */
        HostConfig withSwapDefault() {
            if (memory == null || memory <= 0 || (memorySwap != null && memorySwap != 0)) return this;
            return updated(new UpdateRequest(null, memory * 2, null, null, null, null, null, null, null, null));
        }

        /** This HostConfig as `docker update` changes it: limits and restart policy (see UpdateRequest). */
        HostConfig updated(UpdateRequest u) {
            RestartPolicy restart = u.restartPolicyGiven() ? u.restartPolicy().asCreated() : restartPolicy;
            Long pids = u.pidsLimit() != null ? u.pidsLimit() : pidsLimit;
            return new HostConfig(binds, autoRemove, restart, portBindings, publishAllPorts, networkMode, consoleSize,
                    securityOpt, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, UpdateRequest.limit(u.memory(), memory),
                    UpdateRequest.limit(u.memorySwap(), memorySwap), UpdateRequest.limit(u.nanoCpus(), nanoCpus),
                    UpdateRequest.limit(u.cpuQuota(), cpuQuota), UpdateRequest.limit(u.cpuPeriod(), cpuPeriod), pids, init,
                    mounts, volumesFrom, readonlyRootfs, capAdd, capDrop, privileged, groupAdd, ulimits, logConfig, utsMode,
                    pidMode, devices, deviceRequests, sysctls, runtime, shmSize, cpusetCpus, cpusetMems,
                    UpdateRequest.limit(u.cpuShares(), cpuShares), oomScoreAdj,
                    UpdateRequest.limit(u.memoryReservation(), memoryReservation), UpdateRequest.limit(u.blkioWeight(), blkioWeight),
                    oomKillDisable, cgroupParent, ipcMode, links, volumeDriver);
        }

        /** This HostConfig with other Binds, Tmpfs and Mounts. */
        HostConfig with(List<String> binds, Map<String, String> tmpfs, List<Mount> mounts) {
            return new HostConfig(binds, autoRemove, restartPolicy, portBindings, publishAllPorts, networkMode, consoleSize,
                    securityOpt, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, memory, memorySwap, nanoCpus, cpuQuota, cpuPeriod,
                    pidsLimit, init, mounts, volumesFrom, readonlyRootfs, capAdd, capDrop, privileged, groupAdd, ulimits,
                    logConfig, utsMode, pidMode, devices, deviceRequests, sysctls, runtime, shmSize, cpusetCpus, cpusetMems,
                    cpuShares, oomScoreAdj, memoryReservation, blkioWeight, oomKillDisable, cgroupParent, ipcMode, links, volumeDriver);
        }

        public boolean removeOnExit() { return Boolean.TRUE.equals(autoRemove); }

        /** `--read-only`: the root takes no change; volumes, tmpfs and /etc's kernel files do. */
        public boolean readOnlyRoot() { return Boolean.TRUE.equals(readonlyRootfs); }

        /** `--init`: docker-init as pid 1 ({@link dev.lamina.container.DockerInit}). */
        public boolean runsInit() { return Boolean.TRUE.equals(init); }

        public boolean runsPrivileged() { return Boolean.TRUE.equals(privileged); }

        /** `--sysctl`, checked as dockerd checks it (a ContainerSpecException). */
        public Map<String, String> checkedSysctls() {
            return dev.lamina.container.Sysctls.checked(sysctls, hostNetwork());
        }

        /** `--runtime`: Lamina's own (info's DefaultRuntime), or runc, the name a script written for dockerd gives
         * its default; any other is refused with dockerd's message, not ignored. */
        public void checkRuntime() {
            if (runtime != null && !runtime.isEmpty() && !runtime.equals("lamina") && !runtime.equals("runc"))
                throw new dev.lamina.container.ContainerSpecException("Unknown runtime specified " + runtime);
        }

        /** `--uts host`: the container's host name is the host's. */
        public boolean hostUts() { return "host".equals(utsMode); }

        /** `--network host`: the host's network as it is, and (unless one is given) the host's name, as dockerd does. */
        public boolean hostNetwork() { return "host".equals(networkMode); }

        /** `--uts`, `--pid`, `--device` and `--gpus` as far as they are served: a ContainerSpecException for the
         * rest. A container's processes see its own only (no pid mode but its own), and no host device. */
        public void checkModes(String hostname) {
            if (utsMode != null && !utsMode.isEmpty() && !hostUts())
                throw new dev.lamina.container.ContainerSpecException("invalid UTS mode: " + utsMode);
            if (hostUts() && hostname != null && !hostname.isEmpty())
                throw new dev.lamina.container.ContainerSpecException("Conflicting options: hostname and the UTS mode");
            if (pidMode != null && !pidMode.isEmpty())
                throw new dev.lamina.container.ContainerSpecException("the PID mode \"" + pidMode
                        + "\" is not served by Lamina: a container's processes see only their own");
            if ((devices != null && !devices.isEmpty()) || (deviceRequests != null && !deviceRequests.isEmpty()))
                throw new dev.lamina.container.ContainerSpecException("host devices (--device, --gpus) are not served by "
                        + "Lamina: a container's /dev holds null, zero, full, random, urandom, tty, ptmx, pts and shm");
        }

        /** Whether `docker logs` has a log to read: every driver served but none. */
        public boolean keepsLogs() { return !logConfig.type().equals(LogConfig.NONE); }

        /** Root's capabilities, as moby makes them from CapAdd, CapDrop and Privileged (a ContainerSpecException
         * for an unknown name). */
        public long capabilities() {
            return ProcessOptions.capabilities(capAdd, capDrop, runsPrivileged());
        }

        /** What the container's processes start with, its groups looked up in this root. */
        public ProcessDefaults processDefaults(java.nio.file.Path rootfs) {
            return ProcessOptions.of(capAdd, capDrop, runsPrivileged(), groupAdd, ulimits, securityOpt, cpusetCpus, oomScoreAdj,
                    rootfs);
        }

        /** /dev/shm's size (`--shm-size`; shown, not enforced); a ContainerSpecException with dockerd's message for a negative one. */
        public long shm() {
            if (shmSize != null && shmSize < 0) throw new dev.lamina.container.ContainerSpecException("SHM size can not be less than 0");
            return shmSize == null || shmSize == 0 ? SHM_SIZE : shmSize;
        }

        /** The cgroup limits these ask for; a ContainerSpecException with dockerd's message for ones it refuses. */
        public ContainerConfig.Limits limits() {
            return Resources.limits(memory, memorySwap, nanoCpus, cpuQuota, cpuPeriod, pidsLimit);
        }
    }

    /**
     * A HostConfig.Mounts entry (`docker run --mount`, docker-java's withMounts): Type bind,
     * volume or tmpfs, with each type's options as far as they mean something here
     * ({@link MountSpecs} turns it into a Binds or Tmpfs entry).
     */
    public record Mount(String type, String source, String target, Boolean readOnly, BindOptions bindOptions,
                        VolumeOptions volumeOptions, TmpfsOptions tmpfsOptions) {
        public boolean readOnlyMount() { return Boolean.TRUE.equals(readOnly); }
    }

    /** Bind options: CreateMountpoint makes a missing source; propagation means nothing without mount namespaces. */
    public record BindOptions(String propagation, Boolean createMountpoint, Boolean nonRecursive) {}

    /** Volume options: a volume made here starts empty (NoCopy changes nothing); labels go to a volume the mount makes. */
    public record VolumeOptions(Boolean noCopy, Map<String, String> labels, String subpath, DriverConfig driverConfig) {
        /** The driver's options (`volume-opt`); none when not given. */
        public Map<String, String> driverOptions() {
            return driverConfig == null || driverConfig.options() == null ? Map.of() : driverConfig.options();
        }
    }

    /** A volume mount's driver (`volume-driver`) and its options (`volume-opt`). */
    public record DriverConfig(String name, Map<String, String> options) {}

    /** Tmpfs options: its size (not enforced) and its mode (Go's file mode bits: the permission bits). */
    public record TmpfsOptions(Long sizeBytes, Long mode) {}

    /**
     * `--log-driver` and `--log-opt`: json-file (the default) and local keep the json-file log
     * here; none keeps no log. Other drivers dockerd has send logs elsewhere: refused.
     */
    public record LogConfig(String type, Map<String, String> config) {
        public static final String NONE = "none";
        static final LogConfig JSON_FILE = new LogConfig("json-file", Map.of());
        private static final List<String> SERVED = List.of("json-file", "local", NONE);
        private static final List<String> DOCKERS = List.of("syslog", "journald", "gelf", "fluentd", "awslogs", "splunk",
                "etwlogs", "gcplogs", "logentries");

        /** The options json-file and local take (moby's), of which max-size and max-file are served. */
        private static final List<String> FILE_OPTIONS = List.of("max-size", "max-file", "compress", "labels", "labels-regex",
                "env", "env-regex", "tag", "mode", "max-buffer-size");

        public LogConfig {
            config = config == null ? Map.of() : config;
        }

        /** A ContainerSpecException for a driver not served, or an option it does not take or cannot read. */
        public void check() {
            if (SERVED.contains(type)) {
                for (String option : config.keySet())
                    if (!FILE_OPTIONS.contains(option))
                        throw new dev.lamina.container.ContainerSpecException("unknown log opt '" + option + "' for " + type + " log driver");
                rotation();
                return;
            }
            if (DOCKERS.contains(type))
                throw new dev.lamina.container.ContainerSpecException("the logging driver \"" + type
                        + "\" is not served by Lamina (json-file, local and none are)");
            throw new dev.lamina.container.ContainerSpecException("logger: no log driver named '" + type + "' is registered");
        }

        /** How the log file rotates: max-size (as Docker reads a size: 10m, 1k, 1g; -1 for no limit) and max-file;
         * Lamina's own when neither is given (20 MiB, two files), where Docker's json-file keeps everything. */
        public LogRotation rotation() {
            String size = config.get("max-size"), files = config.get("max-file");
            if (size == null && files == null) return LogRotation.DEFAULT;
            long max = size == null ? -1 : LogRotation.size(size);
            int count;
            try {
                count = files == null ? 1 : Integer.parseInt(files.strip());
            } catch (NumberFormatException e) {
                throw new dev.lamina.container.ContainerSpecException("invalid value for max-file: " + files);
            }
            if (count < 1) throw new dev.lamina.container.ContainerSpecException("max-file cannot be less than 1");
            return new LogRotation(max, count);
        }
    }

    /** `--restart`: no, on-failure[:N], always, unless-stopped. */
    public record RestartPolicy(String name, Integer maximumRetryCount) {
        public static final RestartPolicy NO = new RestartPolicy("no", 0);

        public RestartPolicy {
            if (name == null || name.isEmpty()) name = "no";
            if (maximumRetryCount == null) maximumRetryCount = 0;
        }

        /** A ContainerSpecException with dockerd's message for a policy it refuses. */
        public void check() {
            if (!List.of("no", "always", "on-failure", "unless-stopped").contains(name))
                throw new dev.lamina.container.ContainerSpecException("invalid restart policy: unknown policy '" + name
                        + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
            if (maximumRetryCount < 0)
                throw new dev.lamina.container.ContainerSpecException("invalid restart policy: maximum retry count cannot be negative");
            if (maximumRetryCount > 0 && !name.equals("on-failure"))
                throw new dev.lamina.container.ContainerSpecException(
                        "invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
    }

    /** NetworkingConfig: per network, the endpoint asked for (`--network-alias`, `--ip`). */
    public record NetworkingConfig(Map<String, EndpointSettings> endpointsConfig) {
        public static final NetworkingConfig NONE = new NetworkingConfig(null);

        public NetworkingConfig {
            endpointsConfig = endpointsConfig == null ? Map.of() : endpointsConfig;
        }
    }

    /** An endpoint asked for: aliases, a fixed IPv4 address (IPAMConfig.IPv4Address), and links ("NAME:ALIAS": another
     * container's name as this one alone resolves it there, compose's `links:`). */
    public record EndpointSettings(List<String> aliases, IpamConfig ipamConfig, List<String> links) {
        public static final EndpointSettings NONE = new EndpointSettings(null, null, null);

        public EndpointSettings {
            aliases = aliases == null ? List.of() : aliases;
            links = links == null ? List.of() : links;
        }

        public String ipv4Address() {
            return ipamConfig == null || ipamConfig.ipv4Address() == null || ipamConfig.ipv4Address().isEmpty() ? null
                    : ipamConfig.ipv4Address();
        }
    }

    public record IpamConfig(String ipv4Address) {}

    public record PortBinding(String hostIp, String hostPort) {}

    /**
     * HEALTHCHECK (`--health-cmd`, an image's, Testcontainers' modifier): Test is
     * ["CMD", argv...], ["CMD-SHELL", command] or ["NONE"]; durations in nanoseconds,
     * 0 or absent for the default.
     */
    public record Healthcheck(List<String> test, Long interval, Long timeout, Long startPeriod, Long startInterval,
                              Integer retries) {
        public Healthcheck {
            test = test == null ? List.of() : test;
        }

        /** The image's check under this one: moby fills what the request leaves empty or zero from it. */
        public Healthcheck over(Healthcheck image) {
            if (image == null) return this;
            return new Healthcheck(test.isEmpty() ? image.test() : test, orElse(interval, image.interval()),
                    orElse(timeout, image.timeout()), orElse(startPeriod, image.startPeriod()),
                    orElse(startInterval, image.startInterval()), retries == null || retries == 0 ? image.retries() : retries);
        }

        private static Long orElse(Long mine, Long theirs) {
            return mine == null || mine == 0 ? theirs : mine;
        }

        /** Whether there is a check to run (a test other than NONE). */
        public boolean active() {
            return !test.isEmpty() && !test.getFirst().equals("NONE");
        }
    }
}
