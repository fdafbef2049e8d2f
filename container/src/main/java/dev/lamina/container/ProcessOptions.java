package dev.lamina.container;

import dev.lamina.image.ImageException;
import dev.lamina.kernel.ProcessDefaults;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Docker's process options (`--cap-add`, `--cap-drop`, `--privileged`, `--group-add`,
 * `--ulimit`, `--cpuset-cpus`, `--oom-score-adj`; HostConfig's CapAdd, CapDrop, Privileged,
 * GroupAdd, Ulimits, CpusetCpus and OomScoreAdj: {@link Placement}) as the
 * kernel's {@link ProcessDefaults}, refused with dockerd's messages where it refuses them.
 */
public final class ProcessOptions {
    private ProcessOptions() {}

    /** A `--ulimit NAME=SOFT[:HARD]` as HostConfig carries it (-1: unlimited). */
    public record Ulimit(String name, Long hard, Long soft) {
        /** `NAME=SOFT[:HARD]`, as the docker CLI reads it (go-units' ParseUlimit). */
        public static Ulimit parse(String text) {
            String[] kv = text.split("=", 2);
            String[] limits = kv.length == 2 ? kv[1].split(":", 2) : new String[0];
            try {
                if (kv.length != 2 || limits.length == 0) throw new NumberFormatException();
                long soft = Long.parseLong(limits[0]), hard = limits.length == 2 ? Long.parseLong(limits[1]) : soft;
                return new Ulimit(kv[0], hard, soft);
            } catch (NumberFormatException e) {
                throw new ContainerSpecException("invalid ulimit argument: " + text);
            }
        }
    }

    /** The options as `lamina run` and HostConfig give them. */
    public record Asked(List<String> capAdd, List<String> capDrop, boolean privileged, List<String> groupAdd,
                        List<Ulimit> ulimits) {
        public static final Asked NONE = new Asked(List.of(), List.of(), false, List.of(), List.of());

        /** Checked now, before a root exists (group names are looked up by {@link #defaults}). */
        public Asked {
            capAdd = List.copyOf(capAdd);
            capDrop = List.copyOf(capDrop);
            groupAdd = List.copyOf(groupAdd);
            ulimits = List.copyOf(ulimits);
            capabilities(capAdd, capDrop, privileged);
            rlimits(ulimits);
        }

        public ProcessDefaults defaults(Path rootfs) {
            return of(capAdd, capDrop, privileged, groupAdd, ulimits, List.of(), null, null, rootfs);
        }
    }

    /** go-units' names, as the docker CLI and dockerd take them, and Linux's RLIMIT_* numbers. */
    private static final Map<String, Integer> RLIMITS = Map.ofEntries(Map.entry("cpu", Flags.RLIMIT_CPU),
            Map.entry("fsize", Flags.RLIMIT_FSIZE), Map.entry("data", Flags.RLIMIT_DATA), Map.entry("stack", Flags.RLIMIT_STACK),
            Map.entry("core", Flags.RLIMIT_CORE), Map.entry("rss", Flags.RLIMIT_RSS), Map.entry("nproc", Flags.RLIMIT_NPROC),
            Map.entry("nofile", Flags.RLIMIT_NOFILE), Map.entry("memlock", Flags.RLIMIT_MEMLOCK), Map.entry("locks", Flags.RLIMIT_LOCKS),
            Map.entry("sigpending", Flags.RLIMIT_SIGPENDING), Map.entry("msgqueue", Flags.RLIMIT_MSGQUEUE),
            Map.entry("nice", Flags.RLIMIT_NICE), Map.entry("rtprio", Flags.RLIMIT_RTPRIO), Map.entry("rttime", Flags.RLIMIT_RTTIME));

    /**
     * moby's capability rules: ALL added gives every capability but those dropped; ALL
     * dropped gives only those added; otherwise Docker's default set less those dropped,
     * plus those added. Privileged gives every one. Names take any case, with or without CAP_.
     */
    public static long capabilities(List<String> add, List<String> drop, boolean privileged) {
        add = add == null ? List.of() : add;
        drop = drop == null ? List.of() : drop;
        long added = mask(add, "CapAdd"), dropped = mask(drop, "CapDrop");
        if (privileged) return Capabilities.ALL;
        if (isAll(add)) return Capabilities.ALL & ~dropped;
        if (isAll(drop)) return added;
        return (Capabilities.DOCKER_DEFAULT & ~dropped) | added;
    }

    private static boolean isAll(List<String> names) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase("ALL"));
    }

    private static long mask(List<String> names, String field) {
        long m = 0;
        for (String n : names) {
            if (n.equalsIgnoreCase("ALL")) continue;
            int cap = Capabilities.number(n);
            if (cap < 0) {
                String shown = n.toUpperCase(Locale.ROOT);
                throw new ContainerSpecException("invalid " + field + ": unknown capability: \""
                        + (shown.startsWith("CAP_") ? shown : "CAP_" + shown) + "\"");
            }
            m |= Capabilities.bit(cap);
        }
        return m;
    }

    /** Resource limits, checked as go-units checks them; an unknown name or a soft limit above the hard one is refused. */
    public static List<ProcessDefaults.Rlimit> rlimits(List<Ulimit> ulimits) {
        List<ProcessDefaults.Rlimit> out = new ArrayList<>();
        if (ulimits == null) return out;
        for (Ulimit u : ulimits) {
            Integer resource = u.name() == null ? null : RLIMITS.get(u.name());
            if (resource == null) throw new ContainerSpecException("invalid ulimit type: " + u.name());
            long soft = u.soft() == null ? 0 : u.soft(), hard = u.hard() == null ? soft : u.hard();
            if (soft < -1 || hard < -1) throw new ContainerSpecException("invalid ulimit argument: " + u.name());
            if (hard != -1 && (soft == -1 || soft > hard))
                throw new ContainerSpecException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            out.add(new ProcessDefaults.Rlimit(resource, soft, hard));
        }
        return out;
    }

    /**
     * `--group-add`: each a gid, or a group name looked up in the container's /etc/group
     * (dockerd's message when it is not there).
     */
    public static List<Integer> groups(List<String> groupAdd, Path rootfs) {
        List<Integer> out = new ArrayList<>();
        if (groupAdd == null || groupAdd.isEmpty()) return out;
        List<String> lines = null;
        for (String g : groupAdd) {
            if (gid(g) != null) {
                out.add(gid(g));
                continue;
            }
            if (lines == null) lines = ContainerUser.etcLines(rootfs, "group");
            Integer gid = null;
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(g) && gid(f[2]) != null) {
                    gid = gid(f[2]);
                    break;
                }
            }
            if (gid == null) throw new ImageException("Unable to find group " + g + ": no matching entries in group file");
            out.add(gid);
        }
        return out;
    }

    /** A group id as runc takes one (0 to 2^31 - 1), or null. */
    private static Integer gid(String text) {
        return text.matches("[0-9]{1,10}") && Long.parseLong(text) <= Integer.MAX_VALUE ? Integer.valueOf(text) : null;
    }

    /** The kernel's defaults for these options in a root that exists now. */
    public static ProcessDefaults of(List<String> capAdd, List<String> capDrop, boolean privileged, List<String> groupAdd,
                                     List<Ulimit> ulimits, List<String> securityOpt, String cpusetCpus, Integer oomScoreAdj,
                                     Path rootfs) {
        return new ProcessDefaults(capabilities(capAdd, capDrop, privileged), groups(groupAdd, rootfs), raisable(rlimits(ulimits)),
                noNewPrivileges(securityOpt), Placement.cpus(cpusetCpus), Placement.oomScoreAdj(oomScoreAdj));
    }

    /**
     * The limits, each of whose hard limit the host will set: one above Lamina's own needs CAP_SYS_RESOURCE, which
     * it may lack even as root (in a container of its own). Refused here, at the start, as dockerd's start fails;
     * the container's first process failed instead (126, the start reported done).
     */
    static List<ProcessDefaults.Rlimit> raisable(List<ProcessDefaults.Rlimit> limits) {
        if (limits.isEmpty() || hostHas(Capabilities.SYS_RESOURCE)) return limits;
        try (HostCalls h = new HostCalls()) {
            MemorySegment own = h.scratch(16);
            for (ProcessDefaults.Rlimit l : limits) {
                if (h.syscall(Sysno.PRLIMIT64, 0, l.resource(), 0, own.address()) != 0) continue;
                long hostHard = own.get(ValueLayout.JAVA_LONG, 8);
                if (Long.compareUnsigned(l.hard(), hostHard) > 0)
                    throw new ContainerSpecException("--ulimit " + name(l.resource()) + ": the hard limit " + shown(l.hard())
                            + " is above the host's (" + shown(hostHard) + "), which only a process with CAP_SYS_RESOURCE"
                            + " may raise; Lamina runs without it");
            }
        }
        return limits;
    }

    /** Whether this process (the JVM) has the capability in its effective set (CapEff in /proc/self/status). */
    private static boolean hostHas(int capability) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("CapEff:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> capability & 1) != 0;
        } catch (java.io.IOException | NumberFormatException e) {
            // no /proc: let the host decide, as before
        }
        return true;
    }

    private static String name(int resource) {
        return RLIMITS.entrySet().stream().filter(e -> e.getValue() == resource).map(Map.Entry::getKey).findFirst().orElse("?");
    }

    private static String shown(long limit) { return limit == -1 ? "unlimited" : Long.toUnsignedString(limit); }

    /**
     * `--security-opt no-new-privileges` (or `=true`, `:true`; `false` turns it off), as dockerd reads it; the
     * other options are checked as moby parses them (an unknown one is refused) and have no effect here, but
     * Lamina's own `lamina=compat` (Containers.compat).
     */
    public static boolean noNewPrivileges(List<String> securityOpt) {
        boolean on = false;
        for (String opt : securityOpt == null ? List.<String>of() : securityOpt) {
            if (opt.equals("no-new-privileges")) {
                on = true;
                continue;
            }
            if (opt.equals("disable")) continue;
            // KEY=VALUE, or moby's older KEY:VALUE
            int at = opt.contains("=") ? opt.indexOf('=') : opt.indexOf(':');
            if (at < 0) throw new ContainerSpecException("invalid --security-opt 1: \"" + opt + "\"");
            String key = opt.substring(0, at), value = opt.substring(at + 1);
            switch (key) {
                case "label", "apparmor", "seccomp" -> { } // accepted: no SELinux or AppArmor here; seccomp: see README
                case "lamina" -> {
                    if (!value.equals("compat")) throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\" (lamina=compat is)");
                }
                case "no-new-privileges" -> on = goBool(value, opt);
                case "writable-cgroups" -> goBool(value, opt);
                case "systempaths" -> {
                    if (!value.equals("unconfined")) throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\"");
                }
                default -> throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\"");
            }
        }
        return on;
    }

    /** Go's strconv.ParseBool, as moby reads these options' values. */
    private static boolean goBool(String v, String opt) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\"");
        };
    }
}
