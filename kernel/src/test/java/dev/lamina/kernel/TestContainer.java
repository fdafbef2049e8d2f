package dev.lamina.kernel;

import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.HostProcess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real kernel on a temporary directory (no image, no init host, no root
 * needed) with one guest process, pid 1, guest root, whose host process is
 * this JVM: so descriptors the kernel hands over are this JVM's, and
 * /proc/self/fd/N in the container is this JVM's fd N. Requests go in over a
 * channel as the init host frames them.
 */
final class TestContainer implements AutoCloseable {
    static final String HOSTNAME = "test";

    /** The container's root (an empty directory to fill), and a directory beside it. */
    final Path root, outside;
    final Kernel kernel;
    final GuestProcess init;
    final GuestChannel channel;
    final HostCalls host = new HostCalls();
    private boolean closed;

    TestContainer(Path dir) throws IOException {
        this(dir, PortPlan.HOST_NETWORK);
    }

    /** A root whose list of files shared with an image is missing: any file with several links counts. */
    TestContainer(Path dir, PortPlan ports) throws IOException {
        this(dir, ports, dir.resolve("no-shared-inodes"));
    }

    /** sharedInodes: the list of files shared with an image (null: a root of the user's own). */
    TestContainer(Path dir, PortPlan ports, Path sharedInodes) throws IOException {
        this(dir, ports, sharedInodes, ContainerConfig.Limits.NONE, ProcessDefaults.DOCKER);
    }

    /** A container whose processes start with these capabilities, groups and limits (its first one as root). */
    TestContainer(Path dir, ProcessDefaults defaults) throws IOException {
        this(dir, PortPlan.HOST_NETWORK, dir.resolve("no-shared-inodes"), ContainerConfig.Limits.NONE, defaults);
    }

    /** A container with these resource limits. */
    TestContainer(Path dir, ContainerConfig.Limits limits) throws IOException {
        this(dir, PortPlan.HOST_NETWORK, dir.resolve("no-shared-inodes"), limits, ProcessDefaults.DOCKER);
    }

    private TestContainer(Path dir, PortPlan ports, Path sharedInodes, ContainerConfig.Limits limits,
                          ProcessDefaults defaults) throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        outside = Files.createDirectories(dir.resolve("outside"));
        kernel = new Kernel(new ContainerConfig(root, dir.resolve("state"), List.of("true"), List.of(),
                HOSTNAME, "/", 0, 0, false, false, List.of(), Confinement.HOST_NETWORK, ports, sharedInodes, limits, false, defaults, java.util.Map.of()),
                new RuntimeFiles(dir.resolve("init"), dir.resolve("musl"), GuestArch.host(), null, false));
        init = kernel.processes().create(0, Credentials.of(0, 0, null, defaults.capabilities(), defaults.noNewPrivileges()), "/");
        // pidfd_open of this JVM: the process's verified host process.
        kernel.processes().attach(init, HostProcess.ofOwnChild(host, (int) ProcessHandle.current().pid()), host);
        channel = new GuestChannel(kernel, init);
    }

    /** A path argument as the init host sends it: the string and its NUL. */
    static byte[] path(String s) {
        return Kernel.cstring(s);
    }

    /** A call of pid 1 with its items (and no fds): the whole reply. */
    ReceivedReply call(int op, long[] args, byte[]... items) {
        return channel.request(op, args, items);
    }

    /** A call's result; any fd it returns is closed. */
    long ret(int op, long[] args, byte[]... items) {
        ReceivedReply r = call(op, args, items);
        r.closeFds();
        return r.ret();
    }

    /** A file the kernel takes for a static ELF program (the magic, no program headers), executable. */
    void program(String containerPath) throws IOException {
        Path p = root.resolve(containerPath.substring(1));
        Files.createDirectories(p.getParent());
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[dev.lamina.kernel.abi.Elf.EI_CLASS] = 2; // 64-bit
        elf[dev.lamina.kernel.abi.Elf.EHDR_TYPE] = dev.lamina.kernel.abi.Elf.ET_EXEC; // a header execve takes (its checks stop at the type)
        Files.write(p, elf);
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An execve of pid 1 as the init host sends it on its main channel; its result. */
    long execve(String path, List<String> argv, List<String> env) {
        return execve(channel, path, argv, env);
    }

    /** An execve as the init host sends it on channel `on` (path, argv, envp as items; their
     * counts in a1 and a2; the new init host's channel attached); its result: 1 when the plan
     * was sent on the new channel unasked, 0 when it waits to be asked. A successful one's
     * channel, where the new init host gets its plan ({@link #execPlan}), is then execChannel. */
    long execve(GuestChannel on, String path, List<String> argv, List<String> env) {
        List<byte[]> items = new java.util.ArrayList<>();
        items.add(path(path));
        for (String s : argv) items.add(path(s));
        for (String s : env) items.add(path(s));
        int[] pair = Kernel.socketpair(host);
        ReceivedReply r = on.request(Protocol.OP_EXEC, GuestChannel.args(0, argv.size(), env.size()),
                items.toArray(byte[][]::new), pair[1]);
        close(pair[1]);
        r.closeFds();
        if (r.ret() < 0) {
            close(pair[0]);
        } else {
            if (execChannel != null) execChannel.close();
            execChannel = new GuestChannel(pair[0]);
            planSent = r.ret() == 1;
        }
        return r.ret();
    }

    /** The channel of the last execve that succeeded (null before one). */
    GuestChannel execChannel;
    private boolean planSent;

    /** The last execve's plan as the new init host gets it: read, when the kernel sent it, else asked for. */
    ReceivedReply execPlan() {
        return planSent ? execChannel.receive() : execChannel.request(Protocol.OP_EXEC_PLAN, GuestChannel.args(), new byte[0][]);
    }

    /** The names a directory opened by the kernel lists. */
    java.util.List<String> names(String dir) {
        ReceivedReply r = call(Sysno.OPENAT, GuestChannel.args(dev.lamina.kernel.abi.Flags.AT_FDCWD, 0,
                dev.lamina.kernel.abi.Flags.O_RDONLY | dev.lamina.kernel.abi.Flags.O_DIRECTORY, 0), path(dir));
        if (r.ret() != 0) throw new AssertionError("open " + dir + ": " + r.ret());
        try {
            return java.util.Arrays.asList(new java.io.File("/proc/self/fd/" + r.fd()).list());
        } finally {
            r.closeFds();
        }
    }

    /** What a path opens to for reading, read through the fd the kernel hands over. */
    String content(String path) {
        ReceivedReply r = call(Sysno.OPENAT, GuestChannel.args(dev.lamina.kernel.abi.Flags.AT_FDCWD, 0,
                dev.lamina.kernel.abi.Flags.O_RDONLY, 0), path(path));
        if (r.ret() != 0) throw new AssertionError("open " + path + ": " + r.ret());
        try {
            return read(r.fd());
        } finally {
            r.closeFds();
        }
    }

    /** Writes s through a descriptor the kernel handed over. */
    void write(int fd, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment buf = host.scratch(Math.max(1, b.length));
        MemorySegment.copy(b, 0, buf, ValueLayout.JAVA_BYTE, 0, b.length);
        long n = host.syscall(Sysno.WRITE, fd, buf.address(), b.length);
        host.release();
        if (n != b.length) throw new IllegalStateException("write to fd " + fd + ": " + n);
    }

    /** What a read through a descriptor the kernel handed over gives (up to 64 KiB), from offset 0. */
    String read(int fd) {
        MemorySegment buf = host.scratch(1 << 16);
        long n = host.syscall(Sysno.PREAD64, fd, buf.address(), 1 << 16, 0);
        String s = n < 0 ? "errno " + -n : new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                java.nio.charset.StandardCharsets.UTF_8);
        host.release();
        return s;
    }

    void close(int fd) {
        host.syscall(Sysno.CLOSE, fd);
    }

    /** Ends the container: the kernel SIGKILLs every guest process still running, but for
     * those whose host process is this JVM, which count as exited first. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        channel.close();
        if (execChannel != null) execChannel.close();
        for (GuestProcess p : kernel.processes().all())
            if (p.hostPid() == ProcessHandle.current().pid()) p.exited(0);
        kernel.close();
        host.close();
    }
}
