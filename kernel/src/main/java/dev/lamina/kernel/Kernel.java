package dev.lamina.kernel;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Channel;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.ipc.IpcNamespace;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.host.Orphans;
import dev.lamina.kernel.host.StoreFiles;
import dev.lamina.kernel.net.AbstractUnixNames;
import dev.lamina.kernel.host.HostCallThread;
import dev.lamina.kernel.net.DatagramPeers;
import dev.lamina.kernel.net.PortSpace;
import dev.lamina.kernel.net.UnixConnections;
import dev.lamina.kernel.net.UnixNames;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.HostProcess;
import dev.lamina.kernel.proc.MemoryLimit;
import dev.lamina.kernel.proc.ProcessTable;
import dev.lamina.kernel.procfs.CgroupFs;
import dev.lamina.kernel.procfs.DevFs;
import dev.lamina.kernel.procfs.SysFs;
import dev.lamina.kernel.vfs.BoundDirectory;
import dev.lamina.kernel.procfs.Terminals;
import dev.lamina.kernel.procfs.ProcFs;
import dev.lamina.kernel.syscalls.ExecResolver;
import dev.lamina.kernel.syscalls.ImageFiles;
import dev.lamina.kernel.syscalls.SyscallTable;
import dev.lamina.kernel.vfs.Mount;
import dev.lamina.kernel.vfs.MountTable;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Places;
import java.io.IOException;
import java.time.Duration;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One container's Linux personality: its root, mounts, processes and
 * identity. Guest threads talk to it over channels, one kernel thread each.
 */
public final class Kernel implements AutoCloseable {
    private static final String PROC = "/proc", DEV = "/dev", SYS = "/sys", CGROUP = "/sys/fs/cgroup";
    /** The /etc files the kernel serves over the image's, as Docker binds them. */
    public static final List<String> ETC_FILES = List.of("hosts", "hostname", "resolv.conf");

    /** The kernel's own path (a filesystem it makes, a file it makes or binds) that is or holds {@code path}, if any. */
    public static Optional<String> ownPathCovering(String path) {
        List<String> own = new ArrayList<>(List.of(PROC, DEV, SYS));
        for (GuestArch a : GuestArch.values()) own.add(a.muslPlusPath());
        for (String name : ETC_FILES) own.add("/etc/" + name);
        return own.stream().filter(p -> path.equals(p) || path.startsWith(p + "/")).findFirst();
    }

    private final ContainerConfig config;
    /** The config's limits until `docker update` changes them (shown in /sys/fs/cgroup). */
    private volatile ContainerConfig.Limits limits;
    private final RuntimeFiles files;
    private final HostCalls host = new HostCalls();
    private final HostTree root;
    private final HostTree state;
    private final MountTable mounts = new MountTable();
    private final Terminals terminals = new Terminals();
    /** Where the trees' host files are in the container, for files seen through descriptors. */
    private final Places places = new Places();
    private final Set<HostTree> readOnlyTrees = new HashSet<>();
    private final PathResolver resolver;
    private final ProcessTable processes = new ProcessTable();
    /** The watch of --memory while the container runs; null without one. */
    private volatile MemoryLimit memoryLimit;
    private final ProcFs procfs;
    private final DevFs devices;
    private final SyscallTable syscalls = new SyscallTable();
    private final int hostUid;
    private final int hostGid;
    private volatile String hostname;
    private volatile String domainname = "(none)";
    private final AtomicReference<String> strictViolation = new AtomicReference<>();
    private final PortSpace ports;
    private final IpcNamespace ipc = new IpcNamespace();
    private AbstractUnixNames abstractNames;
    private HostCallThread withoutCapabilities;
    private final UnixConnections unixConnections = new UnixConnections();
    private final DatagramPeers datagramPeers = new DatagramPeers(this::heldSockets);
    private final UnixNames unixNames = new UnixNames(this::heldSockets);
    /** The sockets this container's processes hold, as its port space asks (one object, to leave a shared space by). */
    private final Supplier<Set<Long>> holder = this::heldSockets;
    private final StoreFiles storeFiles;

    /** A container's kernel. Its published ports are the host's from here on: a port that cannot be had
     * throws {@link PortUnavailableException}, and {@link #publishedPorts} says which host port each got. */
    public Kernel(ContainerConfig config, RuntimeFiles files) {
        this.config = config;
        this.limits = config.limits();
        this.files = files;
        this.hostname = config.hostname();
        this.hostUid = (int) host.syscall(Sysno.GETUID, 0);
        this.hostGid = (int) host.syscall(Sysno.GETGID, 0);
        this.storeFiles = StoreFiles.of(config.sharedInodes());
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + config.stateDir(), e);
        }
        PortSpace shared = config.ports().shared();
        this.ports = shared != null ? shared.join(holder) : new PortSpace(config.ports(), host, holder);
        try {
            this.root = new HostTree(host, config.rootfs());
        } catch (RuntimeException e) {
            closePorts();
            throw e;
        }
        this.state = new HostTree(host, config.stateDir());
        this.resolver = new PathResolver(root, mounts, places, dev.lamina.kernel.syscalls.Permissions::mayLookUp);
        places.add(root, "", "/", true);
        places.add(state, "proc", PROC, true);
        places.add(state, "dev", DEV, true);
        places.add(state, "sys", SYS, true);
        places.add(state, "etc", "/etc", false);
        this.procfs = new ProcFs(this, state);
        // Docker's mounts, with moby's options (its OCI defaults; /dev and /dev/shm's size is shown, not kept).
        mounts.mount(PROC, "proc", "proc", "rw,nosuid,nodev,noexec,relatime", procfs);
        this.devices = new DevFs(state, terminals);
        // A tmpfs on /dev with devpts and a tmpfs for shm inside it (DevFs serves all three;
        // no volume goes over them: Volumes refuses the kernel's own paths).
        mounts.mount(DEV, "tmpfs", "tmpfs", "rw,nosuid,size=65536k,mode=755", devices);
        mounts.mount(DEV + "/pts", "devpts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666", devices.below("pts"));
        mounts.mount(SYS, "sysfs", "sysfs", "ro,nosuid,nodev,noexec,relatime", new SysFs(state));
        mounts.mount(CGROUP, "cgroup2", "cgroup", "ro,nosuid,nodev,noexec,relatime", new CgroupFs(this, state));
        mounts.mount(DEV + "/shm", "tmpfs", "shm", "rw,nosuid,nodev,noexec,relatime,size=65536k", devices.below("shm"));
        for (String name : ETC_FILES) // unless a volume goes there, as over Docker's own
            if (config.volumes().stream().noneMatch(v -> v.containerPath().equals("/etc/" + name)))
                mounts.bindFile("/etc/" + name, () -> etcFile(name),
                        Mount.bind(config.stateDir().resolve("etc").resolve(name), config.readOnlyRoot()));
        for (ContainerConfig.Volume v : config.volumes()) {
            HostTree tree;
            if (Files.isDirectory(v.hostPath())) {
                tree = new HostTree(host, v.hostPath());
                if (v.tmpfsOptions() != null) mounts.mount(v.containerPath(), "tmpfs", "tmpfs", v.tmpfsOptions(), new BoundDirectory(tree));
                else mounts.bind(v.containerPath(), Mount.bind(v.hostPath(), v.readOnly()), new BoundDirectory(tree)); // set-user-ID works, as in Docker's binds
                places.add(tree, "", v.containerPath(), true);
            } else {
                // A single file: its directory's tree, of which the container reaches that one name.
                tree = new HostTree(host, v.hostPath().getParent());
                Node file = new Node.InTree(tree, v.hostPath().getFileName().toString());
                mounts.bindFile(v.containerPath(), () -> file, Mount.bind(v.hostPath(), v.readOnly()));
                places.add(tree, v.hostPath().getFileName().toString(), v.containerPath(), true);
            }
            if (v.readOnly()) readOnlyTrees.add(tree);
        }
        if (config.readOnlyRoot()) readOnlyTrees.add(root);
        Node muslPlus = new Node.HostFile(files.muslPlus().toAbsolutePath().toString());
        mounts.bindFile(files.arch().muslPlusPath(), () -> muslPlus);
    }

    private boolean etcWritten;
    /** The /etc files given by {@link #etc}, which the kernel's own defaults leave alone. */
    private final Set<String> etcGiven = new HashSet<>();

    /**
     * Serves {@code content} as /etc/{@code name} (hosts, hostname or resolv.conf) from now
     * on, for an engine that keeps them current: written aside and renamed over the old,
     * so a guest reading it sees the old file or the new, never half of one.
     */
    public synchronized void etc(String name, String content) {
        if (!ETC_FILES.contains(name)) throw new IllegalArgumentException("not a file the kernel serves: /etc/" + name);
        try {
            Path etc = Files.createDirectories(config.stateDir().resolve("etc"));
            Path temp = etc.resolve("." + name + ".new");
            Files.writeString(temp, content);
            Files.move(temp, etc.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the container's /etc/" + name, e);
        }
        etcGiven.add(name);
    }

    /** The host directory of the /etc files the kernel serves ({@link #ETC_FILES}), all three written. */
    public Path etcDirectory() {
        etcFile(ETC_FILES.getFirst());
        return config.stateDir().resolve("etc");
    }

    /** A file the kernel binds over /etc; all three are written when one is first looked at. */
    private synchronized Node etcFile(String name) {
        if (!etcWritten) {
            try {
                Files.createDirectories(config.stateDir().resolve("etc"));
                writeEtc(config.stateDir().resolve("etc"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the container's /etc files", e);
            }
            etcWritten = true;
        }
        return new Node.InTree(state, "etc/" + name);
    }

    private void writeEtc(Path etc) throws IOException {
        if (!etcGiven.contains("hostname")) Files.writeString(etc.resolve("hostname"), hostname + "\n");
        if (!etcGiven.contains("hosts"))
            Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                    + "127.0.1.1\t" + hostname + "\n");
        Path hostResolv = Path.of("/etc/resolv.conf");
        String resolv = Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "nameserver 127.0.0.1\n";
        if (!etcGiven.contains("resolv.conf")) Files.writeString(etc.resolve("resolv.conf"), resolv);
    }

    public ContainerConfig config() { return config; }

    /** The container's cgroup limits as they stand (the config's, or an update's). */
    public ContainerConfig.Limits limits() { return limits; }

    /** Whether a process of the container was killed for passing its memory limit (--memory; {@link MemoryLimit}). */
    public boolean oomKilled() { return oomKills() > 0; }

    /** How many processes of the container were killed for passing its memory limit. */
    public int oomKills() {
        MemoryLimit m = memoryLimit;
        return m == null ? 0 : m.kills();
    }

    public void limits(ContainerConfig.Limits l) {
        limits = l;
        if (entry != null) watchMemory();
    }

    /** Starts the watch of --memory once the container runs with a limit (at its start, or given one by an update). */
    private synchronized void watchMemory() {
        if (memoryLimit != null || limits.memory() == ContainerConfig.Limits.MAX || closing) return;
        memoryLimit = MemoryLimit.watch(processes, () -> limits.memory(), p -> {
            try (HostCalls h = new HostCalls()) {
                signal(h, p, Flags.SIGKILL);
            }
        });
    }

    /** What the init hosts confine guest code to. Under an emulator (another architecture's) the init host
     * cannot confine itself: the host's confines the emulator before it starts (InitHosts), without the
     * plan's TCP ports, which come later (GuestArch). */
    public Confinement guestConfinement() {
        return files.arch().isHost() ? config.guestConfinement() : new Confinement(false, null, null);
    }
    public RuntimeFiles runtimeFiles() { return files; }
    public PortSpace ports() { return ports; }

    /** The container's System V IPC objects. */
    public IpcNamespace ipc() { return ipc; }

    public UnixConnections unixConnections() { return unixConnections; }
    public DatagramPeers datagramPeers() { return datagramPeers; }
    public UnixNames unixNames() { return unixNames; }

    /** The container's abstract AF_UNIX names, served from first use on. */
    public synchronized AbstractUnixNames abstractNames() {
        if (abstractNames == null) abstractNames = new AbstractUnixNames(config.confinement().on());
        return abstractNames;
    }

    /** The container's thread for host calls on other processes of its user (ProcessTuningSyscalls): its
     * effective capabilities dropped, so the host judges them as it would an init host's, from first use on. */
    public synchronized HostCallThread withoutCapabilities() {
        if (withoutCapabilities == null) withoutCapabilities = new HostCallThread("lamina-no-capabilities", Kernel::dropCapabilities);
        return withoutCapabilities;
    }

    /** Clears this thread's effective capabilities (Linux keeps them per thread); the permitted stay unused. */
    private static void dropCapabilities(HostCalls h) {
        MemorySegment header = h.scratch(Layouts.CAPS_HEADER_SIZE), data = h.scratch(Layouts.CAPS_DATA_SIZE);
        header.set(ValueLayout.JAVA_INT, 0, Layouts.CAPS_VERSION_3);
        if (h.syscall(Sysno.CAPGET, header.address(), data.address()) != 0) return;
        for (long i = 0; i < Layouts.CAPS_DATA_SIZE; i += Layouts.CAPS_DATA_ENTRY) data.set(ValueLayout.JAVA_INT, i, 0);
        if (h.syscall(Sysno.CAPSET, header.address(), data.address()) != 0)
            throw new IllegalStateException("cannot drop the capabilities of the kernel's thread for other processes' calls");
    }

    /** Each published guest port of the plan with its host port (the one the plan names, or the one the host
     * picked for 0), held from the kernel's construction until its close. */
    public List<PortPlan.HostPort> publishedPorts() { return ports.published(); }

    /** The inodes of the sockets the container's processes hold (their descriptors, the init hosts' own aside). */
    public Set<Long> heldSockets() {
        Set<Long> inodes = new HashSet<>();
        for (GuestProcess p : processes.all()) {
            if (p.hostPid() <= 0 || p.state() != GuestProcess.State.RUNNING) continue;
            String[] fds = new java.io.File("/proc/" + p.hostPid() + "/fd").list();
            for (String fd : fds == null ? new String[0] : fds) {
                if (reservedFd(Integer.parseInt(fd))) continue;
                try {
                    String link = Files.readSymbolicLink(Path.of("/proc", Integer.toString(p.hostPid()), "fd", fd)).toString();
                    if (link.startsWith("socket:[")) inodes.add(Long.parseLong(link, 8, link.length() - 1, 10));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }
    public Terminals terminals() { return terminals; }

    /** Makes the pty whose leader {@code leader} is (the container's own under `-t`, an exec's) one of the
     * container's terminals, as a guest's open of /dev/ptmx makes one (see {@link Terminals#madeBy}). */
    public void ownTerminal(dev.lamina.kernel.host.HostCalls h, int leader) { terminals.madeBy(h, leader); }
    /** The container's /dev, which also says what a device node of the container's own opens as. */
    public DevFs devices() { return devices; }
    /** Whether the tree is a volume bound read-only, or a root run read-only: every change to it is refused with EROFS. */
    public boolean readOnly(HostTree tree) { return readOnlyTrees.contains(tree); }
    public ProcessTable processes() { return processes; }
    public PathResolver resolver() { return resolver; }
    public MountTable mounts() { return mounts; }
    public ProcFs procfs() { return procfs; }
    public HostTree state() { return state; }
    public HostTree root() { return root; }
    /** Which of the root's files are the image store's. */
    public StoreFiles storeFiles() { return storeFiles; }
    public SyscallTable syscalls() { return syscalls; }
    public int hostUid() { return hostUid; }
    public int hostGid() { return hostGid; }
    public String hostname() { return hostname; }
    public void hostname(String h) { hostname = h; }
    public String domainname() { return domainname; }
    public void domainname(String d) { domainname = d; }
    /** The init host's own descriptor numbers, never the guest's (lkl-common/include/lamina/channel.h): thread
     * channels past them, at numbers from 1024 up the guest does not hold, show as sockets it cannot use. */
    public boolean reservedFd(int fd) { return fd >= Protocol.FD_FIRST && fd <= Protocol.CHANNEL_FD; }

    /** Records that guest code made a syscall without musl+ in strict mode. */
    public void strictViolation(String what) { strictViolation.compareAndSet(null, what); }
    public String strictViolation() { return strictViolation.get(); }

    /** The files behind lamina's own standard descriptors, which a container without -t starts with,
     * and the access each was given with: the container may open them again (as /dev/stdout),
     * wherever they are on the host, but for no more than that (a file given as stdin stays unwritten). */
    private volatile java.util.Map<FileId, Integer> startedWith = java.util.Map.of();

    private record FileId(long dev, long ino) {}

    private static final int READ = 1, WRITE = 2;

    private static int access(int flags) {
        int mode = flags & Flags.O_ACCMODE;
        return (mode == Flags.O_WRONLY ? 0 : READ) | (mode == Flags.O_RDONLY ? 0 : WRITE)
                | ((flags & Flags.O_TRUNC) != 0 ? WRITE : 0);
    }

    private static java.util.Map<FileId, Integer> identities(HostCalls h, int... fds) {
        java.util.Map<FileId, Integer> ids = new java.util.HashMap<>();
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        for (int fd : fds) {
            long flags = h.syscall(Sysno.FCNTL, fd, Flags.F_GETFL);
            if (flags >= 0 && h.syscall(Sysno.FSTAT, fd, st.address()) == 0)
                ids.merge(new FileId(st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO)),
                        access((int) flags), (a, b) -> a | b);
        }
        h.release();
        return ids;
    }

    /** Whether (dev, ino) is one of the files the container was started with, given with the access open flags ask for. */
    public boolean startedWith(long dev, long ino, int flags) {
        Integer given = startedWith.get(new FileId(dev, ino));
        return given != null && (access(flags) & ~given) == 0;
    }

    /** Where guestPathOfHost puts host files outside the container: a path no container file has. */
    private static final String OUTSIDE = "/.lamina-host";

    /** A host path (the host's reading of a guest fd) as the container sees it. */
    public String guestPathOfHost(String hostPath) {
        Places.Place p = places.byHostPath(hostPath);
        if (p != null) return p.path();
        if (hostPath.startsWith("/dev/")) return hostPath;
        if (hostPath.equals(files.muslPlus().toAbsolutePath().toString())) return files.arch().muslPlusPath();
        return hostPath.startsWith("/") ? OUTSIDE + hostPath : hostPath;
    }

    /** What a /proc/PID/fd link reads as: the container path, or for a file outside the container
     * the path Linux shows for one outside a process's root (the host's); pipe:[N] and the like as they are. */
    public String guestViewOfHost(String hostPath) {
        String path = guestPathOfHost(hostPath);
        return path.startsWith(OUTSIDE + "/") ? path.substring(OUTSIDE.length()) : path;
    }

    /**
     * Runs the entry command to its end and returns its wait status.
     * Every other process of the container is killed when it ends.
     */
    public int run() {
        return run(InitHosts.onDemand(files, config.confinement().on()));
    }

    private volatile GuestProcess prepared;

    /**
     * Makes the first process and resolves its program and working directory, so a
     * command that cannot start fails here (ExecFailure) rather than in a run already
     * under way: an engine answers `start` with it. run() does this when not yet done.
     */
    public synchronized void prepare() {
        if (prepared != null) return;
        // The working directory is made and entered as root, as Docker makes it and runc enters it
        // before it takes the container's user: a user's own workdir under /root works, as there.
        GuestProcess init = processes.create(0, Credentials.of(0, 0, null, Capabilities.ALL, false), "/");
        Task boot = new Task(this, init, init.pid(), host);
        ExecResolver.makeWorkdir(boot, config.workdir());
        String cwd = ExecResolver.workdir(boot, config.workdir(), 125);
        init.fs().cwd(cwd);
        init.credentials(Credentials.of(config.uid(), config.gid(), null, config.processDefaults().capabilities(),
                config.processDefaults().noNewPrivileges()));
        ExecResolver.Prepared plan = ExecResolver.entry(boot, config.command(), config.env());
        init.prepareExec(new GuestProcess.PendingExec(plan.plan(), plan.program(), false, 0, null), host);
        init.leadsTerminal(config.terminal());
        prepared = init;
    }

    /** run() with the container's first init host taken from hosts. */
    public int run(InitHosts hosts) {
        prepare();
        GuestProcess init = prepared;
        entry = init;

        InitHosts.Started started;
        try {
            Orphans.adoptDescendants(host);
            // With -t the container starts on a terminal of its own: the user's stays out of its reach.
            if (!config.terminal()) startedWith = identities(host, hosts.stdio());
            started = hosts.take();
            place(host, started.process().pid());
            processes.attach(init, started.process(), host);
        } finally {
            onHost.countDown();
        }
        watchMemory();
        serve(init, init.pid(), started.channelFd());
        MemorySegment status = host.scratch(4);
        long r;
        do r = host.syscall(Sysno.WAIT4, started.process().pid(), status.address(), 0, 0);
        while (r == -Errno.EINTR);
        if (memoryLimit != null) memoryLimit.close();
        int st = status.get(ValueLayout.JAVA_INT, 0);
        Orphans.reaped(started.process().pid());
        init.exited(st);
        host.release();
        killAll(host);
        return st;
    }

    /**
     * Runs another command in the running container (`docker exec`): a process of
     * its own (parent pid 0, as an exec'd process has in a namespace), with its own
     * identity, environment and working directory, its first init host taken from
     * {@code hosts}. Returns its wait status; throws ExecFailure when it cannot start.
     * Unlike run(), the container's other processes go on. {@code pid} gets its pid at
     * once (for {@link #signal}).
     */
    public int exec(List<String> command, List<String> env, int uid, int gid, String workdir, InitHosts hosts,
                    java.util.function.IntConsumer pid) {
        return exec(command, env, uid, gid, true, workdir, false, hosts, pid);
    }

    /** {@link #exec} with every capability in its bounding set when {@code privileged} (`docker exec --privileged`);
     * {@code userGroups}: the user's supplementary groups from the image's /etc/group (none when a group was named). */
    public int exec(List<String> command, List<String> env, int uid, int gid, boolean userGroups, String workdir, boolean privileged,
                    InitHosts hosts, java.util.function.IntConsumer pid) {
        long bounding = privileged ? Capabilities.ALL : config.processDefaults().capabilities();
        boolean noNewPrivs = config.processDefaults().noNewPrivileges();
        GuestProcess p = processes.create(0, Credentials.of(uid, gid, null, bounding, noNewPrivs), "/");
        pid.accept(p.pid());
        HostCalls h = new HostCalls();
        try {
            Task boot = new Task(this, p, p.pid(), h);
            // Its user's groups, not the container's user's (which a process that sets none would show).
            p.credentials(Credentials.of(uid, gid, withAdded(userGroups ? ImageFiles.groupsOf(boot, uid, gid) : List.of(gid)),
                    bounding, noNewPrivs));
            p.fs().cwd(ExecResolver.workdir(boot, workdir, 126));
            ExecResolver.Prepared plan = ExecResolver.entry(boot, command, env);
            p.prepareExec(new GuestProcess.PendingExec(plan.plan(), plan.program(), false, 0, null), h);
            p.leadsTerminal(hosts instanceof InitHosts.OnTerminal);
            InitHosts.Started started = hosts.take();
            place(h, started.process().pid());
            processes.attach(p, started.process(), h);
            serve(p, p.pid(), started.channelFd());
            MemorySegment status = h.scratch(4);
            long r;
            do r = h.syscall(Sysno.WAIT4, started.process().pid(), status.address(), 0, 0);
            while (r == -Errno.EINTR);
            int st = status.get(ValueLayout.JAVA_INT, 0);
            Orphans.reaped(started.process().pid());
            p.exited(st);
            h.release();
            processes.remove(p, h); // no guest parent waits for it
            processes.orphansOf(p);
            return st;
        } catch (RuntimeException e) {
            p.exited(0);
            processes.remove(p, h);
            throw e;
        } finally {
            h.close();
        }
    }

    /**
     * A process the kernel starts, before its program: on the container's CPUs and with its OOM
     * score adjustment (`--cpuset-cpus`, `--oom-score-adj`), which the processes it starts inherit.
     * A host that refuses them (an adjustment below the host process's own without CAP_SYS_RESOURCE)
     * leaves them as they are, and says so.
     */
    private void place(HostCalls h, int hostPid) {
        ProcessDefaults d = config.processDefaults();
        if (!d.cpus().isEmpty()) {
            int bytes = (d.cpus().stream().mapToInt(Integer::intValue).max().orElse(0) / 64 + 1) * 8;
            MemorySegment mask = h.scratch(bytes);
            mask.fill((byte) 0);
            for (int cpu : d.cpus())
                mask.set(ValueLayout.JAVA_LONG_UNALIGNED, cpu / 64 * 8L,
                        mask.get(ValueLayout.JAVA_LONG_UNALIGNED, cpu / 64 * 8L) | 1L << (cpu % 64));
            long r = h.syscall(Sysno.SCHED_SETAFFINITY, hostPid, bytes, mask.address());
            h.release();
            if (r < 0) System.err.println("lamina: cannot run the container on CPUs " + d.cpus() + " (errno " + -r + ")");
        }
        if (d.oomScoreAdj() != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("/proc", Integer.toString(hostPid), "oom_score_adj"),
                        d.oomScoreAdj().toString());
            } catch (java.io.IOException e) {
                System.err.println("lamina: cannot set the container's OOM score adjustment to " + d.oomScoreAdj() + ": " + e.getMessage());
            }
        }
    }

    private List<Integer> imageGroups;

    /** A process's supplementary groups; until a process sets its own, the
     * image's for the container's user (read when first asked for). */
    public synchronized List<Integer> groups(Task t, Credentials c) {
        if (c.groups() != null) return c.groups();
        if (imageGroups == null)
            imageGroups = withAdded(config.userGroups() ? ImageFiles.groupsOf(t, config.uid(), config.gid()) : List.of(config.gid()));
        return imageGroups;
    }

    /** A user's groups and those the container adds for every process (`--group-add`), in order as Credentials keeps them. */
    private List<Integer> withAdded(List<Integer> groups) {
        java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>(groups);
        all.addAll(config.processDefaults().groups());
        return all.stream().sorted(Integer::compareUnsigned).toList();
    }

    /** A new AF_UNIX stream pair, close-on-exec on the kernel's side. */
    static int[] socketpair(HostCalls h) {
        MemorySegment fds = h.scratch(8);
        LinuxError.check(h.syscall(Sysno.SOCKETPAIR, Flags.AF_UNIX, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0,
                fds.address()));
        int[] pair = {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
        h.release();
        return pair;
    }

    /** Serves one guest thread's channel on a kernel thread of its own. */
    public void serve(GuestProcess p, int tid, int channelFd) {
        serve(p, tid, channelFd, 0);
    }

    /** Serves a channel whose guest side reads the reply to {@code firstOp} (an op taking no argument) before it asks anything. */
    public void serve(GuestProcess p, int tid, int channelFd, int firstOp) {
        p.channelOpened();
        KernelThreads.start(h -> {
            try (Channel ch = new Channel(channelFd, h)) {
                new ChannelServer(this, p, tid, ch, h).run(firstOp);
            } finally {
                // Its last channel gone, the process has ended (an exec's new one is served before the old one closes).
                if (p.channelClosed()) ipc.exited(p.pid(), h);
            }
        });
    }

    private volatile GuestProcess entry;
    /** Set as the container ends: calls still served then are of processes being killed, whose
     * files may be gone with the container's directory, and fail without a word. */
    private volatile boolean closing;

    /** Whether the container is ending: a process adopted now is killed at once (its kill list may be made). */
    public boolean closing() { return closing; }
    /** Open once the first process runs on the host (or could not be started there). */
    private final CountDownLatch onHost = new CountDownLatch(1);

    /**
     * Waits, {@code max} at most, until the container's first process is on the host: an engine
     * answers `start` then, as dockerd answers once runc has started it (its State.Pid known).
     */
    public void awaitStarted(Duration max) throws InterruptedException {
        if (prepared != null) onHost.await(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * A prepared container is about to run: a signal that came before its first process
     * is on the host would reach no process, so it waits for it (a `docker kill` or `stop`
     * right after an engine's start would be lost).
     */
    private void awaitOnHost() {
        if (prepared == null) return;
        boolean interrupted = false;
        while (true) {
            try {
                onHost.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Stops the container from outside (lamina itself was told to stop): SIGTERM to
     * its first process, then, once it has ended or {@code grace} has passed,
     * SIGKILL to every process left. Safe to call from another thread while
     * {@link #run} waits.
     */
    public void stop(Duration grace) {
        stop(Flags.SIGTERM, grace);
    }

    /** stop(grace) with {@code signal} first (an image's StopSignal, `docker stop --signal`). */
    public void stop(int signal, Duration grace) { stop(signal, grace, () -> {}); }

    /** stop(signal, grace), running {@code killing} when the grace has run out with the first process still
     * running, before the SIGKILL (the engine's kill event, as moby's, comes before the container's end). */
    public void stop(int signal, Duration grace, Runnable killing) {
        awaitOnHost();
        GuestProcess first = entry;
        if (first == null) return;
        try (HostCalls h = new HostCalls()) {
            signal(h, first, signal);
            long deadline = System.nanoTime() + grace.toNanos();
            try {
                while (first.state() == GuestProcess.State.RUNNING && System.nanoTime() < deadline) Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (first.state() == GuestProcess.State.RUNNING) killing.run();
            killAll(h);
        }
    }

    /**
     * Sends {@code signal} to the container's first process (`docker kill`); SIGKILL
     * goes to every process, as when a namespace's init dies. False when none runs.
     */
    public boolean kill(int signal) {
        awaitOnHost();
        GuestProcess first = entry;
        if (first == null || first.state() != GuestProcess.State.RUNNING) return false;
        try (HostCalls h = new HostCalls()) {
            if (signal == Flags.SIGKILL) killAll(h);
            else signal(h, first, signal);
        }
        return true;
    }

    /** Sends {@code sig} to the container's process {@code pid} if it runs (a health probe past its timeout). */
    public boolean signal(int pid, int sig) {
        GuestProcess p = processes.get(pid);
        if (p == null || p.state() != GuestProcess.State.RUNNING || p.host() == null) return false;
        try (HostCalls h = new HostCalls()) {
            signal(h, p, sig);
        }
        return true;
    }

    /** Signals a running process through its pidfd (never by host pid, which may be another's by now). */
    private void signal(HostCalls h, GuestProcess p, int sig) {
        if (p.host() != null && p.state() == GuestProcess.State.RUNNING) p.host().signal(h, files.arch().hostSignal(sig));
    }

    private void killAll(HostCalls h) {
        for (GuestProcess p : processes.all()) signal(h, p, Flags.SIGKILL);
    }

    /** Waits (a second at most) until every process the kernel knows has ended: their
     * children, known or not, are then reparented to their subreaper. */
    private void awaitEnd(HostCalls h) {
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        for (GuestProcess p : processes.all()) {
            HostProcess hp = p.host();
            while (hp != null && !hp.ended(h) && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    private static final Duration END_WAIT = Duration.ofSeconds(1);

    /** The directory of the init host and musl+, as the host names it in /proc/PID/exe. */
    private java.nio.file.Path installation() {
        Path dir = files.initHost().toAbsolutePath().getParent();
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    /** Bytes of a string as a NUL-terminated C string. */
    public static byte[] cstring(String s) {
        byte[] b = Utf8b.encode(s);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    @Override
    public void close() {
        MemoryLimit watching;
        synchronized (this) { // as watchMemory: an update's watch is either seen here or not made
            closing = true;
            watching = memoryLimit;
        }
        if (watching != null) watching.close();
        killAll(host);
        // Teardown, not the container's run: leftovers of guest code's own forks go now, and with them this
        // kernel's own processes the sweep would otherwise leave to it (one slow to die, with what it forked).
        awaitEnd(host);
        for (GuestProcess p : processes.all())
            if (p.host() != null) Orphans.released(p.host());
        Orphans.killAll(host, installation());
        for (GuestProcess p : processes.all()) {
            p.dropExec(host); // a plan no init host took: its program's descriptor
            if (p.host() != null) {
                // a zombie of the JVM's now (its parent ended first), which the sweep above left to this kernel (held)
                if (!Orphans.spawned(p.host().pid())) p.host().reapIfChild(host);
                p.host().close(host);
            }
        }
        root.close(host);
        state.close(host);
        ipc.close(host);
        closePorts();
        synchronized (this) {
            if (abstractNames != null) abstractNames.close();
            if (withoutCapabilities != null) withoutCapabilities.close();
        }
        host.close();
    }

    /** A port space of its own goes with the kernel; one it shares stays the other container's. */
    private void closePorts() {
        if (config.ports().shared() != null) ports.leave(holder);
        else ports.close(host);
    }
}
