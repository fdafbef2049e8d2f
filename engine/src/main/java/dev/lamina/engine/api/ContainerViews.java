package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.ContainerRecord;
import dev.lamina.engine.containers.ContainerState;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.engine.containers.Links;
import dev.lamina.engine.containers.NetworkEndpoint;
import dev.lamina.kernel.ContainerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A container as `inspect` and `ps` show it: Docker's documents, built from the engine's
 * record. {@code volumeData} says where a named volume's files are (its Mounts Source).
 */
final class ContainerViews {
    private ContainerViews() {}

    static Map<String, Object> inspect(Container c, Function<String, Path> volumeData) {
        ContainerRecord r = c.record();
        CreateRequest cfg = r.config();
        ContainerState s = r.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Created", r.created());
        m.put("Path", r.command().isEmpty() ? "" : r.command().getFirst());
        m.put("Args", r.command().size() > 1 ? r.command().subList(1, r.command().size()) : List.of());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", s.status());
        state.put("Running", s.running() || s.restarting()); // as moby's: a restarting container is both
        state.put("Paused", false);
        state.put("Restarting", s.restarting());
        state.put("OOMKilled", s.oomKilled());
        state.put("Dead", false);
        state.put("Pid", hostPid(c));
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error());
        state.put("StartedAt", s.startedAt());
        state.put("FinishedAt", s.finishedAt());
        if (c.health() != null) state.put("Health", c.health().view());
        m.put("State", state);
        m.put("Image", r.imageId());
        m.put("ResolvConfPath", c.dir().resolve("state/etc/resolv.conf").toString());
        m.put("HostnamePath", c.dir().resolve("state/etc/hostname").toString());
        m.put("HostsPath", c.dir().resolve("state/etc/hosts").toString());
        m.put("LogPath", c.output().logFile() == null ? "" : c.output().logFile().toString());
        m.put("Name", "/" + r.name());
        m.put("RestartCount", r.restartCount());
        m.put("Driver", "lamina");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", null);
        m.put("HostConfig", hostConfig(cfg.hostConfig(), r.asked(), c.name()));
        m.put("GraphDriver", Map.of("Name", "lamina", "Data", Map.of("RootDir", c.rootfs().toString())));
        m.put("Mounts", mounts(r, volumeData));
        m.put("Config", config(r));
        m.put("NetworkSettings", networkSettings(c));
        return m;
    }

    /** The host pid of the container's first process while it runs (0 otherwise), as Docker shows its init's. */
    private static int hostPid(Container c) {
        dev.lamina.kernel.Kernel k = c.kernel();
        dev.lamina.kernel.proc.GuestProcess init = k == null || !c.running() ? null : k.processes().get(1);
        return init == null || init.hostPid() <= 0 ? 0 : init.hostPid();
    }

    /** HostConfig as moby shows it: Binds, Tmpfs and Mounts as the create gave them ({@code asked}), the rest as kept. */
    private static Map<String, Object> hostConfig(CreateRequest.HostConfig h, ContainerRecord.AskedMounts asked, String name) {
        if (asked == null) asked = new ContainerRecord.AskedMounts(h.binds(), h.tmpfs(), h.mounts());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Binds", asked.binds());
        m.put("NetworkMode", networkMode(h));
        m.put("ExtraHosts", h.extraHosts().isEmpty() ? null : h.extraHosts());
        m.put("Dns", h.dns());
        m.put("DnsSearch", h.dnsSearch());
        m.put("DnsOptions", h.dnsOptions());
        m.put("PortBindings", h.portBindings());
        m.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount", h.restartPolicy().maximumRetryCount()));
        m.put("AutoRemove", h.removeOnExit());
        m.put("Init", h.init());
        m.put("PublishAllPorts", Boolean.TRUE.equals(h.publishAllPorts()));
        m.put("SecurityOpt", h.securityOpt());
        m.put("Tmpfs", asked.tmpfs());
        m.put("VolumesFrom", h.volumesFrom().isEmpty() ? null : h.volumesFrom());
        m.put("LogConfig", Map.of("Type", h.logConfig().type(), "Config", h.logConfig().config()));
        ContainerConfig.Limits l = h.limits();
        m.put("Memory", orZero(h.memory()));
        m.put("MemorySwap", orZero(h.memorySwap()));
        m.put("NanoCpus", orZero(h.nanoCpus()));
        m.put("CpuQuota", orZero(h.cpuQuota()));
        m.put("CpuPeriod", orZero(h.cpuPeriod()));
        m.put("PidsLimit", l.pids() == ContainerConfig.Limits.MAX ? null : l.pids());
        m.put("Privileged", h.runsPrivileged());
        m.put("CapAdd", h.capAdd().isEmpty() ? null : h.capAdd());
        m.put("CapDrop", h.capDrop().isEmpty() ? null : h.capDrop());
        m.put("GroupAdd", h.groupAdd().isEmpty() ? null : h.groupAdd());
        m.put("Ulimits", h.ulimits().isEmpty() ? null : h.ulimits());
        m.put("Sysctls", h.sysctls() == null || h.sysctls().isEmpty() ? null : h.sysctls());
        m.put("UTSMode", h.utsMode() == null ? "" : h.utsMode());
        m.put("PidMode", h.pidMode() == null ? "" : h.pidMode());
        m.put("ReadonlyRootfs", h.readOnlyRoot());
        // The rest of the keys dockerd's inspect shows (templates read them), as given or as dockerd's defaults.
        m.put("ContainerIDFile", "");
        m.put("ConsoleSize", h.consoleSize() == null ? List.of(0, 0) : h.consoleSize());
        m.put("VolumeDriver", h.volumeDriver() == null ? "" : h.volumeDriver());
        m.put("CgroupnsMode", "private");
        m.put("IpcMode", h.ipcMode() == null || h.ipcMode().isEmpty() ? "private" : h.ipcMode());
        m.put("Cgroup", "");
        m.put("Links", Links.shown(name, h.links()));
        m.put("OomScoreAdj", h.oomScoreAdj() == null ? 0 : h.oomScoreAdj());
        m.put("UsernsMode", "");
        m.put("ShmSize", h.shm());
        m.put("Runtime", h.runtime() == null || h.runtime().isEmpty() ? "lamina" : h.runtime());
        m.put("Isolation", "");
        m.put("CpuShares", orZero(h.cpuShares()));
        m.put("CgroupParent", h.cgroupParent() == null ? "" : h.cgroupParent());
        m.put("BlkioWeight", h.blkioWeight() == null ? 0 : h.blkioWeight());
        m.put("BlkioWeightDevice", List.of());
        m.put("BlkioDeviceReadBps", List.of());
        m.put("BlkioDeviceWriteBps", List.of());
        m.put("BlkioDeviceReadIOps", List.of());
        m.put("BlkioDeviceWriteIOps", List.of());
        m.put("CpuRealtimePeriod", 0);
        m.put("CpuRealtimeRuntime", 0);
        m.put("CpusetCpus", h.cpusetCpus() == null ? "" : h.cpusetCpus());
        m.put("CpusetMems", h.cpusetMems() == null ? "" : h.cpusetMems());
        m.put("Devices", List.of());
        m.put("DeviceCgroupRules", null);
        m.put("DeviceRequests", null);
        m.put("MemoryReservation", orZero(h.memoryReservation()));
        m.put("MemorySwappiness", null);
        m.put("OomKillDisable", h.oomKillDisable());
        m.put("CpuCount", 0);
        m.put("CpuPercent", 0);
        m.put("IOMaximumIOps", 0);
        m.put("IOMaximumBandwidth", 0);
        m.put("Mounts", asked.mounts().isEmpty() ? null : asked.mounts());
        return m;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static String networkMode(CreateRequest.HostConfig h) {
        return h.networkMode() == null || h.networkMode().isEmpty() ? "bridge" : h.networkMode();
    }

    /** What the container mounts, as moby lists it: its binds and volumes, and the tmpfs mounts of HostConfig.Mounts (not --tmpfs's). */
    private static List<Map<String, Object>> mounts(ContainerRecord r, Function<String, Path> volumeData) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String b : r.config().hostConfig().binds()) {
            String[] p = b.split(":");
            if (p.length < 2) continue;
            boolean named = !p[0].startsWith("/");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", named ? "volume" : "bind");
            if (named) m.put("Name", p[0]);
            m.put("Source", named ? volumeData.apply(p[0]).toString() : p[0]);
            m.put("Destination", p[1]);
            if (named) m.put("Driver", "local");
            m.put("Mode", p.length > 2 ? p[2] : "");
            m.put("RW", !(p.length > 2 && List.of(p[2].split(",")).contains("ro")));
            m.put("Propagation", "");
            out.add(m);
        }
        for (CreateRequest.Mount t : r.asked() == null ? List.<CreateRequest.Mount>of() : r.asked().mounts()) {
            if (!"tmpfs".equals(t.type())) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", "tmpfs");
            m.put("Source", "");
            m.put("Destination", t.target());
            m.put("Mode", "");
            m.put("RW", !t.readOnlyMount());
            m.put("Propagation", "");
            out.add(m);
        }
        return out;
    }

    /** The container's Config as inspect shows it (docker commit's run config starts from it). */
    static Map<String, Object> config(ContainerRecord r) {
        CreateRequest cfg = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", r.hostname());
        m.put("Domainname", cfg.domainname() == null ? "" : cfg.domainname());
        m.put("User", r.user());
        m.put("AttachStdin", Boolean.TRUE.equals(cfg.attachStdin()));
        m.put("AttachStdout", Boolean.TRUE.equals(cfg.attachStdout()));
        m.put("AttachStderr", Boolean.TRUE.equals(cfg.attachStderr()));
        m.put("ExposedPorts", cfg.exposedPorts());
        m.put("Tty", cfg.terminal());
        m.put("OpenStdin", cfg.stdinOpen());
        m.put("StdinOnce", Boolean.TRUE.equals(cfg.stdinOnce()));
        m.put("Env", r.env());
        m.put("Cmd", cfg.cmd());
        m.put("Image", r.image());
        m.put("Volumes", cfg.volumes());
        m.put("WorkingDir", cfg.workingDir() == null ? "" : cfg.workingDir()); // as asked or the image's: "" for neither
        m.put("Entrypoint", cfg.entrypoint());
        m.put("Labels", cfg.labels());
        if (cfg.stopSignal() != null) m.put("StopSignal", cfg.stopSignal());
        if (cfg.stopTimeout() != null) m.put("StopTimeout", cfg.stopTimeout());
        if (cfg.healthcheck() != null) m.put("Healthcheck", cfg.healthcheck());
        return m;
    }

    static Map<String, Object> networkSettings(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        NetworkEndpoint bridge = c.record().networks().get("bridge");
        m.put("Bridge", "");
        m.put("SandboxID", "");
        m.put("Ports", Ports.inspect(c));
        m.put("EndpointID", bridge == null ? "" : bridge.endpointId()); // the default bridge's, as its other top-level fields
        m.put("IPAddress", bridge == null ? "" : bridge.ipAddress());
        m.put("IPPrefixLen", bridge == null ? 0 : bridge.prefixLen());
        m.put("Gateway", bridge == null ? "" : bridge.gateway());
        m.put("MacAddress", bridge == null ? "" : bridge.macAddress());
        m.put("Networks", endpoints(c));
        return m;
    }

    /** NetworkSettings.Networks: each endpoint as Docker's EndpointSettings. */
    private static Map<String, Object> endpoints(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        c.record().networks().forEach((name, e) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("IPAMConfig", e.ipamAddress().isEmpty() ? null : Map.of("IPv4Address", e.ipamAddress()));
            v.put("Links", e.links().isEmpty() ? null : e.links());
            v.put("Aliases", e.aliases().isEmpty() ? null : e.aliases());
            v.put("MacAddress", e.macAddress());
            v.put("DriverOpts", null);
            v.put("NetworkID", e.networkId());
            v.put("EndpointID", e.endpointId());
            v.put("Gateway", e.gateway());
            v.put("IPAddress", e.ipAddress());
            v.put("IPPrefixLen", e.prefixLen());
            v.put("IPv6Gateway", "");
            v.put("GlobalIPv6Address", "");
            v.put("GlobalIPv6PrefixLen", 0);
            v.put("DNSNames", e.addressed() && !name.equals("bridge") ? dnsNames(c, e) : null);
            out.put(name, v);
        });
        return out;
    }

    /** The names a container answers to on a user network: its name, aliases, short id. */
    static List<String> dnsNames(Container c, NetworkEndpoint e) {
        List<String> names = new ArrayList<>();
        names.add(c.name());
        names.addAll(e.aliases());
        names.add(c.id().substring(0, 12));
        return names.stream().distinct().toList();
    }

    /** The command as dockerd lists it: an argument with a space in single quotes. */
    static String command(List<String> argv) {
        StringBuilder b = new StringBuilder(argv.isEmpty() ? "" : argv.getFirst());
        for (String a : argv.subList(Math.min(1, argv.size()), argv.size()))
            b.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        return b.toString();
    }

    /** A `ps` row. */
    static Map<String, Object> summary(Container c, Function<String, Path> volumeData) {
        ContainerRecord r = c.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Names", List.of("/" + r.name()));
        m.put("Image", r.image());
        m.put("ImageID", r.imageId());
        m.put("Command", command(r.command()));
        m.put("Created", Instant.parse(r.created()).getEpochSecond());
        m.put("Ports", Ports.summary(c));
        m.put("Labels", r.config().labels());
        m.put("State", r.state().status());
        m.put("Status", status(r.state()) + healthNote(c));
        m.put("HostConfig", Map.of("NetworkMode", networkMode(r.config().hostConfig())));
        m.put("NetworkSettings", Map.of("Networks", endpoints(c)));
        m.put("Mounts", mounts(r, volumeData));
        return m;
    }

    /** The human status `ps` prints as sent: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String status(ContainerState s) {
        Instant now = Instant.now();
        return switch (s.status()) {
            case ContainerState.RUNNING -> "Up " + ago(Duration.between(Instant.parse(s.startedAt()), now));
            case ContainerState.EXITED -> "Exited (" + s.exitCode() + ") " + ago(Duration.between(Instant.parse(s.finishedAt()), now)) + " ago";
            case ContainerState.RESTARTING -> "Restarting (" + s.exitCode() + ") " + ago(Duration.between(Instant.parse(s.finishedAt()), now)) + " ago";
            case ContainerState.REMOVING -> "Removal In Progress";
            default -> "Created";
        };
    }

    /** What `ps` adds to a running container's status when it has a health check: " (healthy)", " (health: starting)". */
    private static String healthNote(Container c) {
        if (c.health() == null || !c.running()) return "";
        String h = c.health().status();
        return h.equals(dev.lamina.engine.containers.Health.STARTING) ? " (health: starting)" : " (" + h + ")";
    }

    /** Docker's units (go-units HumanDuration). */
    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 1) return "Less than a second";
        if (s == 1) return "1 second";
        if (s < 60) return s + " seconds";
        long min = s / 60;
        if (min == 1) return "About a minute";
        if (min < 60) return min + " minutes";
        long h = Math.round(s / 3600.0);
        if (h == 1) return "About an hour";
        if (h < 48) return h + " hours";
        if (h < 24 * 7 * 2) return h / 24 + " days";
        if (h < 24 * 30 * 2) return h / 24 / 7 + " weeks";
        if (h < 24 * 365 * 2) return h / 24 / 30 + " months";
        return h / 24 / 365 + " years";
    }
}
