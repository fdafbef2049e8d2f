package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.ipc.IpcNamespace;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.host.HostMounts;
import dev.lamina.kernel.vfs.Mount;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.MountedFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container's /proc. Directories are real host directories in the
 * kernel's state (so getdents on them is local) kept in step with the
 * process table; files are generated when opened from live state.
 */
public final class ProcFs implements MountedFs {
    /** The host's, as Docker shows them (vmstat for vmstat(8) and psutil, swaps for swapon, diskstats and partitions for iostat),
     * opened on the host. */
    private static final List<String> HOST_FILES = List.of("meminfo", "cpuinfo", "uptime", "loadavg", "stat", "version",
            "filesystems", "vmstat", "swaps", "diskstats", "partitions", "cmdline");
    /** /proc/cgroups as on a host with cgroup v2 alone: every controller in hierarchy 0, one group (the container's). */
    private static final String CGROUPS = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
            + String.join("", java.util.stream.Stream.of("cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer",
                    "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc").map(c -> c + "\t0\t1\t1\n").toList());
    private static final List<String> PID_FILES = List.of("stat", "status", "cmdline", "comm", "environ", "maps", "smaps",
            "limits", "mountinfo", "mounts", "cgroup", "statm", "io", "smaps_rollup", "oom_score", "oom_score_adj", "auxv",
            "uid_map", "gid_map", "setgroups", "loginuid", "wchan", "personality");
    /** A process's files its host process's show as they are: no pid, no path in them (top and psutil read statm). */
    private static final List<String> PID_HOST_FILES = List.of("statm", "io", "smaps_rollup", "oom_score");
    /** uid_map and gid_map of a user namespace that maps every id to itself: the host's own, as a Docker
     * container without user namespaces shows it (programs read it to learn whether they run in one). */
    private static final String IDENTITY_MAP = String.format("%10d %10d %10d\n", 0, 0, 4294967295L);
    /** /proc/sys files the host answers, outside sys/kernel: what servers check at start (redis reads
     * overcommit_memory and somaxconn, Elasticsearch max_map_count), file watchers their inotify limits,
     * programs that pick their own ports the range the host's binds take theirs from (the container's
     * binds are the host's). Read-only, as Docker mounts /proc/sys. */
    private static final List<String> SYS_HOST = List.of("vm/overcommit_memory", "vm/max_map_count", "vm/swappiness",
            "net/core/somaxconn", "fs/file-max", "fs/nr_open", "fs/pipe-max-size", "fs/inotify/max_user_watches",
            "fs/inotify/max_user_instances", "fs/inotify/max_queued_events", "net/ipv4/ip_local_port_range");
    /** /proc/sys/kernel's files the host answers for every container (the names are the container's own). */
    private static final List<String> SYS_KERNEL_HOST = List.of("osrelease", "ostype", "version", "pid_max", "threads-max",
            "ngroups_max", "cap_last_cap", "overflowuid", "overflowgid", "random/uuid", "random/boot_id",
            "random/entropy_avail", "random/poolsize", "core_pattern");

    private final Kernel kernel;
    private final HostTree state;
    private final Path dir;

    /** The host's st_dev and st_ino of dir, which the init hosts are told (getdents64 of it comes here). */
    private final long rootDev, rootIno;

    public ProcFs(Kernel kernel, HostTree state) {
        this.kernel = kernel;
        this.state = state;
        this.dir = state.top().resolve("proc");
        try {
            Files.createDirectories(dir);
            Map<String, Object> id = Files.readAttributes(dir, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            rootDev = (Long) id.get("dev");
            rootIno = (Long) id.get("ino");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's device number of the container's /proc directory. */
    public long rootDev() { return rootDev; }

    /** The host's inode number of the container's /proc directory. */
    public long rootIno() { return rootIno; }

    /** Whether fd is the container's /proc directory. */
    public boolean isRoot(HostCalls h, int fd) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        return h.syscall(Sysno.FSTAT, fd, st.address()) == 0 && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV) == rootDev
                && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO) == rootIno;
    }

    /** getdents64 (or, old, getdents) of /proc (fd, a guest's open file of it) in Linux's order: the processes of
     * this moment, by pid. One listing at a time, as Linux's f_pos_lock: two on one open file would take the same
     * position. */
    public synchronized byte[] list(HostCalls h, int fd, int count, boolean old) {
        sync();
        return RootListing.list(h, dir.toString(), fd, count, old);
    }

    /** getdents of another directory the kernel makes (fd, a guest's open file of it), "." and ".." first. */
    public synchronized byte[] listKernelDirectory(HostCalls h, int fd, int count, boolean old) {
        return RootListing.listKernelDirectory(h, fd, count, old);
    }

    // The directories are made when a guest first looks at /proc as a
    // directory, and brought up to date with the process table each time:
    // most containers never list /proc, and starting one stays cheap.
    private boolean built;
    private final java.util.Set<Integer> listed = new java.util.HashSet<>();

    private static void touch(Path p) throws IOException {
        if (!Files.exists(p)) Files.createFile(p);
    }

    private static void link(Path p, String target) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(p, Path.of(target));
    }

    /** Makes the directories match the process table. */
    private synchronized void sync() {
        try {
            if (!built) {
                // A process directory the container's previous run left (its kernel's listing) names none of this run's.
                if (Files.isDirectory(dir))
                    try (Stream<Path> old = Files.list(dir)) {
                        for (Path p : old.toList())
                            if (p.getFileName().toString().chars().allMatch(Character::isDigit)) deleteTree(p);
                    }
                Files.createDirectories(dir.resolve("sys/kernel/random"));
                for (String f : SYS_KERNEL_HOST) touch(dir.resolve("sys/kernel").resolve(f));
                for (String f : List.of("hostname", "domainname")) touch(dir.resolve("sys/kernel").resolve(f));
                for (String f : IpcNamespace.SYSCTLS.keySet()) touch(dir.resolve("sys/kernel").resolve(f));
                Files.createDirectories(dir.resolve("sysvipc"));
                for (String f : IpcNamespace.PROC_FILES) touch(dir.resolve("sysvipc").resolve(f));
                List<String> sys = new java.util.ArrayList<>(SYS_HOST);
                for (String key : kernel.config().sysctls().keySet()) sys.add(key.replace('.', '/'));
                for (String f : sys) {
                    Files.createDirectories(dir.resolve("sys").resolve(f).getParent());
                    touch(dir.resolve("sys").resolve(f));
                }
                Files.createDirectories(dir.resolve("net"));
                for (String f : HOST_FILES) touch(dir.resolve(f));
                for (String f : ProcNet.FILES) touch(dir.resolve("net").resolve(f));
                touch(dir.resolve("mounts"));
                touch(dir.resolve("locks"));
                touch(dir.resolve("cgroups"));
                link(dir.resolve("self"), "1");
                link(dir.resolve("thread-self"), "1/task/1");
                built = true;
            }
            java.util.Set<Integer> live = new java.util.HashSet<>();
            for (GuestProcess p : kernel.processes().all()) {
                if (p.hostPid() <= 0) continue;
                live.add(p.pid());
                if (listed.add(p.pid())) {
                    Path pd = dir.resolve(Integer.toString(p.pid()));
                    entry(pd);
                    Files.createDirectories(pd.resolve("task"));
                }
            }
            for (java.util.Iterator<Integer> it = listed.iterator(); it.hasNext(); ) {
                int pid = it.next();
                if (!live.contains(pid)) {
                    deleteTree(dir.resolve(Integer.toString(pid)));
                    it.remove();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process's (or thread's) directory: the names lookups answer, so that listings show them. */
    private static void entry(Path d) throws IOException {
        Files.createDirectories(d.resolve("fd"));
        Files.createDirectories(d.resolve("fdinfo"));
        for (String f : PID_FILES) touch(d.resolve(f));
        for (String l : List.of("exe", "cwd", "root")) link(d.resolve(l), "/");
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Node lookup(Task t, String sub) {
        String[] parts = sub.isEmpty() ? new String[0] : sub.split("/");
        if (parts.length == 0) {
            // A new process listing /proc (ps) before its parent has reported it is running: it is
            // listed, its host process waited for as its own entry's is (pidOf).
            t.process().hostOnceStarted();
            return skeleton(sub);
        }
        String first = parts[0];
        if (first.equals("self")) return parts.length == 1 ? Node.Link.ofProc(Integer.toString(t.process().pid()))
                                                           : skeleton(sub);
        if (first.equals("thread-self")) {
            String own = t.process().pid() + "/task/" + t.tid();
            return parts.length == 1 ? Node.Link.ofProc(own) : lookup(t, own + sub.substring(first.length()));
        }
        if (first.equals("mounts") && parts.length == 1) return new Node.Generated(this::mounts);
        if (first.equals("locks") && parts.length == 1) return new Node.Generated(this::locks);
        if (first.equals("cgroups") && parts.length == 1) return new Node.Generated(() -> CGROUPS.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (first.equals("sysvipc") && parts.length == 2 && IpcNamespace.PROC_FILES.contains(parts[1]))
            return new Node.Generated(() -> kernel.ipc().procFile(parts[1], t.host()));
        if (first.equals("net") && parts.length == 2 && ProcNet.FILES.contains(parts[1]))
            return new Node.Generated(() -> ProcNet.file(kernel, parts[1]));
        // `--sysctl`: the value the container was given, shown (the host's own stays as it is).
        String sysctl = first.equals("sys") ? kernel.config().sysctls().get(sub.substring(first.length()).replaceFirst("^/", "")
                .replace('/', '.')) : null;
        if (sysctl != null) return new Node.Generated(() -> line(sysctl));
        if (first.equals("sys") && SYS_HOST.contains(sub.substring(first.length()).replaceFirst("^/", ""))) {
            Path host = Path.of("/proc", sub);
            return new Node.Generated(() -> readHost(host));
        }
        if (first.equals("sys") && sub.startsWith("sys/kernel/")) {
            String name = sub.substring("sys/kernel/".length());
            if (name.equals("hostname")) return new Node.Generated(() -> line(kernel.hostname()));
            if (name.equals("domainname")) return new Node.Generated(() -> line(kernel.domainname()));
            String limit = IpcNamespace.SYSCTLS.get(name);
            if (limit != null) return new Node.Generated(() -> line(limit));
            if (SYS_KERNEL_HOST.contains(name)) {
                Path host = Path.of("/proc/sys/kernel", name);
                return new Node.Generated(() -> readHost(host));
            }
        }
        // The host's own file, read-only: read again after a seek to 0 it shows the moment's figures, as procps's
        // top, free -s and vmstat read them (a copy made at the open stayed as it was).
        if (HOST_FILES.contains(first) && parts.length == 1) return new Node.HostFile("/proc/" + first);
        GuestProcess p = pidOf(t, first);
        if (p == null) {
            // A thread's id names it here too, though /proc lists processes only (Linux's hidden tid entries).
            GuestProcess owner = isNumber(first) ? kernel.processes().ownerOfTid(Integer.parseInt(first)) : null;
            if (owner != null && owner.pid() != Integer.parseInt(first) && owner.hostPid() > 0)
                return lookup(t, owner.pid() + "/task/" + sub);
            return skeleton(sub);
        }
        return pidLookup(t, p, parts, sub).of(p);
    }

    /** The process whose /proc directory holds the kernel's state-tree entry at rel ("proc/PID/..."), or null. */
    public GuestProcess processOf(String rel) {
        String[] parts = rel.split("/", 3);
        if (parts.length < 2 || !parts[0].equals("proc") || !isNumber(parts[1])) return null;
        return kernel.processes().get(Integer.parseInt(parts[1]));
    }

    /** An entry of p's directory; one a caller may not inspect (INSPECTING) it may look at but not use
     * (Guarded), but for the fd directory, which its mode keeps its owner's (Linux lists it to root). */
    private Node pidLookup(Task t, GuestProcess p, String[] parts, String sub) {
        Node n = pidEntry(t, p, parts, sub);
        boolean fdDirectory = parts.length == 2 && parts[1].equals("fd");
        return parts.length > 1 && INSPECTING.contains(parts[1]) && !fdDirectory && !mayInspect(t, p)
                ? new Node.Guarded(n, sub, null) : n;
    }

    private Node pidEntry(Task t, GuestProcess p, String[] parts, String sub) {
        if (parts.length == 1) return skeleton(sub);
        String name = parts[1];
        if (parts.length == 2 && PID_HOST_FILES.contains(name)) return new Node.Generated(() -> {
            byte[] host = readHost(Path.of("/proc/" + p.hostPid() + "/" + name));
            return host.length == 0 ? null : host; // gone, as stat's
        });
        // Written by servers that offer themselves to the OOM killer first (redis's oom-score-adj):
        // the host process's own file, which Linux lets a process without CAP_SYS_RESOURCE raise only.
        // The audit login uid, which a process may set once while it is unset (pam_loginuid, for cron's and sshd's
        // sessions): its own host process's file, which only that process can write, as Linux's.
        if (parts.length == 2 && name.equals("loginuid")) {
            if (t.process() == p) return new Node.HostFile("/proc/" + p.hostPid() + "/" + name);
            return new Node.Generated(() -> {
                byte[] host = readHost(Path.of("/proc/" + p.hostPid() + "/" + name));
                return host.length == 0 ? null : host;
            });
        }
        if (parts.length == 2 && name.equals("oom_score_adj")) {
            var mine = t.process().credentials();
            return mine.euid() == 0 || mine.euid() == p.credentials().euid() ? new Node.HostFile("/proc/" + p.hostPid() + "/" + name)
                    : new Node.Generated(() -> readHost(Path.of("/proc/" + p.hostPid() + "/" + name)));
        }
        if (parts.length == 2) {
            switch (name) {
                case "stat": return new Node.Generated(() -> ProcFiles.stat(kernel, p, t));
                case "status": return new Node.Generated(() -> ProcFiles.status(kernel, p, t));
                case "cmdline": return new Node.Generated(() -> ProcFiles.cmdline(p, t.host()));
                case "environ": return new Node.Generated(() -> ProcFiles.nulJoined(
                        p.plan() == null ? List.of() : p.plan().envp()));
                // Its own: the host process's file, which it may write (prctl(PR_SET_NAME)'s other way), as the thread's.
                case "comm": return t.process() == p ? new Node.HostFile("/proc/" + p.hostPid() + "/comm")
                        : new Node.Generated(() -> ProcFiles.comm(p));
                case "auxv": return new Node.Generated(p::auxv);
                case "maps": return new Node.Generated(() -> ProcFiles.maps(kernel, p, false));
                case "smaps": return new Node.Generated(() -> ProcFiles.maps(kernel, p, true));
                case "limits": return new Node.Generated(() -> readHost(Path.of("/proc/" + p.hostPid() + "/limits")));
                case "mountinfo": return new Node.Generated(this::mountinfo);
                case "mounts": return new Node.Generated(this::mounts);
                // cgroup v2 alone, in a cgroup namespace of the container's own: its group is the root (CgroupFs).
                case "cgroup": return new Node.Generated(() -> line("0::/"));
                case "uid_map", "gid_map": return new Node.Generated(() -> IDENTITY_MAP.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                case "setgroups": return new Node.Generated(() -> line("allow"));
                // No kernel symbols are shown (Linux since 5.16: "0"); no personality but Linux's own.
                case "wchan": return new Node.Generated(() -> "0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                case "personality": return new Node.Generated(() -> line("00000000"));
                case "fdinfo": refreshFds(t, p, name); return skeleton(sub);
                case "exe": return Node.Link.ofProc(p.plan() == null ? "/" : named(t, p.plan().programPath()));
                case "cwd": return Node.Link.ofProc(named(t, p.fs().cwd()));
                case "root": return Node.Link.ofProc(named(t, p.fs().root()));
                case "fd": refreshFds(t, p, name); return skeleton(sub);
                case "task": refreshTasks(p); return skeleton(sub);
                default: return skeleton(sub);
            }
        }
        // /proc/PID/task/TID/...: a thread of the process shows the process's files, but its own name.
        if (name.equals("task") && isThread(p, parts[2])) {
            if (parts.length == 3) {
                refreshTasks(p);
                return skeleton(sub);
            }
            if (parts.length == 4 && (parts[3].equals("comm") || parts[3].equals("stat") || parts[3].equals("status"))) {
                int tid = Integer.parseInt(parts[2]);
                Integer hostTid = tid == p.pid() ? Integer.valueOf(p.hostPid()) : p.threads().get(tid);
                if (hostTid != null && hostTid > 0) {
                    ProcFiles.ThreadIds thread = new ProcFiles.ThreadIds(tid, hostTid);
                    return switch (parts[3]) {
                        case "comm" -> threadComm(t, p, hostTid);
                        case "stat" -> new Node.Generated(() -> ProcFiles.stat(kernel, p, t, thread));
                        default -> new Node.Generated(() -> ProcFiles.status(kernel, p, t, thread));
                    };
                }
            }
            String[] own = new String[parts.length - 2];
            own[0] = parts[0];
            System.arraycopy(parts, 3, own, 1, parts.length - 3);
            return pidLookup(t, p, own, p.pid() + "/" + String.join("/", java.util.Arrays.copyOfRange(own, 1, own.length)));
        }
        if (parts.length == 3 && name.equals("fdinfo") && parts[2].chars().allMatch(Character::isDigit)
                && parts[2].length() < 10 && !kernel.reservedFd(Integer.parseInt(parts[2]))) {
            byte[] info = readHost(Path.of("/proc/" + p.hostPid() + "/fdinfo/" + parts[2]));
            if (info.length == 0) return closed(p, parts[2], sub);
            return new Node.Generated(() -> fdinfo(info));
        }
        if (parts.length == 3 && name.equals("fd") && parts[2].chars().allMatch(Character::isDigit)) {
            String host = "/proc/" + p.hostPid() + "/fd/" + parts[2];
            String text = HostPaths.readlink(t.host(), host);
            t.host().release();
            if (text == null || parts[2].length() >= 10 || kernel.reservedFd(Integer.parseInt(parts[2]))) return closed(p, parts[2], sub);
            GeneratedMemfd generated = GeneratedMemfd.of(text); // a generated file reads as its path
            String shown = generated != null && !generated.path().isEmpty() ? generated.path() : kernel.guestViewOfHost(text);
            return new Node.MagicLink(shown, new Node.OpenFile(host, text));
        }
        return skeleton(sub);
    }

    /** A process's files that show its memory, environment and open files: Linux asks ptrace_may_access. */
    private static final java.util.Set<String> INSPECTING = java.util.Set.of("environ", "maps", "smaps", "smaps_rollup",
            "fd", "fdinfo", "exe", "cwd", "root", "mem", "auxv", "pagemap", "stack", "syscall", "io", "personality");

    /**
     * Linux's ptrace_may_access as /proc asks it (PTRACE_MODE_READ_FSCREDS): the caller's own
     * process, one whose ids all are the caller's filesystem ids, or a caller holding
     * CAP_SYS_PTRACE (not among Docker's defaults: a container's root does not read another
     * user's environment either).
     */
    private static boolean mayInspect(Task t, GuestProcess p) {
        if (t.process() == p) return true;
        var me = t.process().credentials();
        var it = p.credentials();
        if (me.capable(dev.lamina.kernel.proc.Capabilities.SYS_PTRACE)) return true;
        return me.fsuid() == it.ruid() && me.fsuid() == it.euid() && me.fsuid() == it.suid()
                && me.fsgid() == it.rgid() && me.fsgid() == it.egid() && me.fsgid() == it.sgid() && p.dumpable();
    }

    /**
     * A thread's name: its host thread's, which the guest's prctl(PR_SET_NAME) sets (pthread_setname_np).
     * A process's own threads may rename each other by writing it, as on Linux; another's read it.
     */
    private static Node threadComm(Task t, GuestProcess p, int hostTid) {
        String host = "/proc/" + p.hostPid() + "/task/" + hostTid + "/comm";
        if (t.process() == p) return new Node.HostFile(host);
        return new Node.Generated(() -> {
            byte[] name = readHost(Path.of(host));
            return name.length == 0 ? ProcFiles.comm(p) : name;
        });
    }

    /** A descriptor that is not open (now): an earlier listing's entry for it goes, so it is not found. */
    private synchronized Node closed(GuestProcess p, String fd, String sub) {
        try {
            Files.deleteIfExists(dir.resolve(p.pid() + "/fd/" + fd));
            Files.deleteIfExists(dir.resolve(p.pid() + "/fdinfo/" + fd));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return skeleton(sub);
    }

    /** Whether {@code name} is one of p's threads: its first (the pid) or a running other one. */
    private static boolean isThread(GuestProcess p, String name) {
        if (name.isEmpty() || name.length() > 9 || !name.chars().allMatch(Character::isDigit)) return false;
        int tid = Integer.parseInt(name);
        return tid == p.pid() || p.threads().containsKey(tid);
    }

    /**
     * /proc/PID/task made to list the process's threads now, each a directory like the
     * process's. Entries change in place: the directory itself stays, since a lookup
     * below it may hold it open.
     */
    private synchronized void refreshTasks(GuestProcess p) {
        Path tasks = dir.resolve(p.pid() + "/task");
        try {
            java.util.Set<String> tids = new java.util.HashSet<>();
            tids.add(Integer.toString(p.pid()));
            for (int tid : p.threads().keySet()) tids.add(Integer.toString(tid));
            Files.createDirectories(tasks);
            try (Stream<Path> listed = Files.list(tasks)) {
                for (Path old : listed.toList())
                    if (!tids.contains(old.getFileName().toString())) deleteTree(old);
            }
            for (String tid : tids) {
                entry(tasks.resolve(tid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process a /proc entry names. A new process can look at itself before its parent
     * has reported its host process to the kernel: it is running, so its entry waits for that. */
    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() <= 9 && name.chars().allMatch(Character::isDigit);
    }

    private GuestProcess pidOf(Task t, String name) {
        if (!isNumber(name)) return null;
        GuestProcess p = kernel.processes().get(Integer.parseInt(name));
        if (p == t.process()) p.hostOnceStarted();
        return p != null && p.hostPid() > 0 ? p : null;
    }

    private Node skeleton(String sub) {
        sync();
        return new Node.InTree(state, sub.isEmpty() ? "proc" : "proc/" + sub);
    }

    /**
     * Makes proc/PID/fd and proc/PID/fdinfo list the process's open descriptors. A process
     * opening its own {@code looked} ("fd" or "fdinfo") to list it gets the directory at its
     * lowest free descriptor (a descriptor the kernel hands over arrives there), which Linux
     * lists with the rest: it is listed too, as that directory.
     */
    private synchronized void refreshFds(Task t, GuestProcess p, String looked) {
        Path fdDir = dir.resolve(p.pid() + "/fd");
        Path infoDir = dir.resolve(p.pid() + "/fdinfo");
        try {
            // Entries change in place: the directories themselves stay, since a guest may hold
            // one open and look names up relative to it (fstatat(dirfd, "1")).
            Files.createDirectories(fdDir);
            Files.createDirectories(infoDir);
            java.util.Map<String, String> links = new java.util.HashMap<>();
            String[] names = new java.io.File("/proc/" + p.hostPid() + "/fd").list();
            java.util.Set<Integer> open = new java.util.HashSet<>();
            for (String n : names == null ? new String[0] : names) {
                int fd = Integer.parseInt(n);
                open.add(fd);
                if (kernel.reservedFd(fd)) continue;
                String text = HostPaths.readlink(t.host(), "/proc/" + p.hostPid() + "/fd/" + n);
                t.host().release();
                if (text != null) links.put(n, kernel.guestViewOfHost(text));
            }
            if (names != null && t.process() == p) {
                int next = 0;
                while (open.contains(next)) next++;
                if (!kernel.reservedFd(next)) links.put(Integer.toString(next), "/proc/" + p.pid() + "/" + looked);
            }
            for (Path d : List.of(fdDir, infoDir)) {
                try (Stream<Path> listed = Files.list(d)) {
                    for (Path old : listed.toList())
                        if (!links.containsKey(old.getFileName().toString())) Files.deleteIfExists(old);
                }
            }
            for (var e : links.entrySet()) {
                // A number may name another file than when it was listed last.
                Files.deleteIfExists(fdDir.resolve(e.getKey()));
                link(fdDir.resolve(e.getKey()), e.getValue());
                touch(infoDir.resolve(e.getKey()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * /proc/PID/mountinfo of the container's mounts: the root, then each
     * mount below it, numbered as a mount namespace of its own would number
     * them (ids from 1, the root its own parent, each mount's parent the
     * innermost mount holding it, devices 0:N); a bind of a host file or
     * directory as the host's mounts place it (its filesystem's device, the
     * path inside it, its type and source), as Docker's binds show.
     */
    private byte[] mountinfo() {
        StringBuilder sb = new StringBuilder("1 1 0:1 / / " + rootOptions() + " - overlay overlay rw\n");
        Map<String, Integer> ids = new java.util.HashMap<>();
        HostMounts host = null;
        int id = 2;
        for (Map.Entry<String, Mount> e : kernel.mounts().mounts().entrySet()) {
            String path = e.getKey();
            Mount m = e.getValue();
            int parent = 1;
            for (String p = path; p.lastIndexOf('/') > 0 && parent == 1; ) {
                p = p.substring(0, p.lastIndexOf('/'));
                parent = ids.getOrDefault(p, 1);
            }
            ids.put(path, id);
            long dev = m.device(); // the device number stat shows there (a bind's: past those, by its id)
            HostMounts.Place at = null;
            if (m.host() != null) at = (host == null ? host = HostMounts.read() : host).of(m.host());
            sb.append(id).append(' ').append(parent).append(' ').append(at != null ? at.device() : "0:" + (dev != 0 ? dev : 0x100 + id))
              .append(' ').append(HostMounts.escape(at != null ? at.root() : "/")).append(' ').append(HostMounts.escape(path))
              .append(' ').append(m.options()).append(" - ").append(at != null ? at.type() : m.type())
              .append(' ').append(HostMounts.escape(at != null ? at.source() : m.source())).append(" rw\n");
            id++;
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A container path as the reader names it from its root (chroot); one outside that root as it is, as Linux's d_path. */
    private static String named(Task t, String path) {
        String named = t.process() == null ? path : t.fs().named(path);
        return named != null ? named : path;
    }

    /** The root's: read-only with `--read-only`. */
    private String rootOptions() {
        return (kernel.config().readOnlyRoot() ? "ro" : "rw") + ",relatime";
    }

    /** A descriptor's fdinfo as the host gives it, with a pidfd's process under its guest pid (0 outside the container). */
    private byte[] fdinfo(byte[] host) {
        StringBuilder sb = new StringBuilder();
        for (String l : new String(host, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            java.util.regex.Matcher m = PID_FIELD.matcher(l);
            if (m.matches()) {
                int hostPid = Integer.parseInt(m.group(2));
                l = m.group(1) + (hostPid <= 0 ? hostPid : kernel.processes().guestId(hostPid));
            }
            sb.append(l).append('\n');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A pidfd's "Pid:" and "NSpid:" lines (one pid: the container is one namespace deep). */
    private static final java.util.regex.Pattern PID_FIELD = java.util.regex.Pattern.compile("((?:NS)?[Pp]id:\\s+)(-?\\d+)");

    private byte[] mounts() {
        StringBuilder sb = new StringBuilder("overlay / overlay " + rootOptions() + " 0 0\n");
        HostMounts host = null;
        for (Map.Entry<String, Mount> e : kernel.mounts().mounts().entrySet()) {
            Mount m = e.getValue();
            HostMounts.Place at = null;
            if (m.host() != null) at = (host == null ? host = HostMounts.read() : host).of(m.host());
            sb.append(HostMounts.escape(at != null ? at.source() : m.source())).append(' ').append(HostMounts.escape(e.getKey()))
              .append(' ').append(at != null ? at.type() : m.type()).append(' ').append(m.options()).append(" 0 0\n");
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The host's /proc/locks as a pid namespace shows it: only the locks of the container's
     * processes, under their guest pids, numbered from 1 (a waiter, "->", keeps its lock's number).
     */
    private byte[] locks() {
        String host = new String(readHost(Path.of("/proc/locks")), java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String line : host.split("\n")) {
            // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF", or "1: -> POSIX ..." for a waiter
            java.util.regex.Matcher m = LOCK_LINE.matcher(line);
            if (!m.matches()) continue;
            int pid = kernel.processes().guestId(Integer.parseInt(m.group(4)));
            if (pid <= 0) continue;
            boolean waiter = m.group(2) != null;
            if (!waiter) n++;
            sb.append(n).append(':').append(waiter ? m.group(2) : "").append(m.group(3)).append(pid).append(m.group(5)).append('\n');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** id, waiter arrow, the type, mode and access fields with their spacing, pid, the rest. */
    private static final java.util.regex.Pattern LOCK_LINE =
            java.util.regex.Pattern.compile("(\\d+):( -> )?( *\\S+ +\\S+ +\\S+ +)(-?\\d+)( .*)");

    static byte[] readHost(Path p) {
        // Read from offset 0 in large reads: Files.readAllBytes reads a file of size 0 (all of /proc)
        // one byte first, and an integer sysctl (/proc/sys/kernel/pid_max) reads as empty at offset 1.
        try (var in = Files.newInputStream(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
