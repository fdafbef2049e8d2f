package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Nobody;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.TreeSnapshot;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile guest against the image store, Lamina's installation and the host's
 * files: every attack runs in a container, in strict and in compat mode (and
 * the store's as a non-root host user), and afterwards the store and the
 * installation are the same file for file (content, mode, owner, modification
 * time).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileGuestTest {
    private static final String IMAGE = "alpine:3.20";
    private static final List<String> PROGRAMS = List.of("reopen_write", "copyup_race", "unix_race", "unlinked_fd", "xattrs", "pty_reuse",
            "ended_proc_files", "dgram_named_client", "dgram_flood", "task_limit", "abstract_full", "fifo_swaps", "reopen_redirect", "cross_creds");
    /** Programs that call the host past musl+ and the kernel (raw_syscall.h): static, run with --compat. */
    private static final List<String> RAW_PROGRAMS =
            List.of("host_reopen", "capabilities", "fd_metadata", "install_metadata", "native_fork", "dgram_forged_fd",
                    "forged_exec_plan", "other_memory", "signals_after_drop", "other_limits", "host_keys", "host_reach");

    @TempDir
    static Path work;
    private Path data;
    private Path programs;
    private Path rootfs;
    private String motd;
    private Map<String, String> storeBefore;
    private Map<String, String> installationBefore;

    @BeforeAll
    void setUp() throws Exception {
        data = work.resolve("data");
        Command.Result imported = lamina(List.of("import", AlpineRootfs.tarball().toString(), IMAGE));
        assertEquals(0, imported.exitCode(), imported.toString());
        programs = work.resolve("programs");
        Files.createDirectories(programs);
        for (String name : PROGRAMS)
            Command.ok("musl-gcc", "-O2", "-o", programs.resolve(name).toString(),
                    Path.of(getClass().getResource("/guest/" + name + ".c").toURI()).toString());
        for (String name : RAW_PROGRAMS)
            Command.ok("musl-gcc", "-static", "-O2", "-I", Repo.root().resolve("lkl-common/include").toString(),
                    "-o", programs.resolve(name).toString(),
                    Path.of(getClass().getResource("/guest/" + name + ".c").toURI()).toString());
        rootfs = AlpineRootfs.unpack(work.resolve("root"));
        motd = Files.readString(rootfs.resolve("etc/motd"));
        storeBefore = snapshot(data.resolve("images"));
        installationBefore = snapshot(installation());
    }

    @AfterAll
    void storeAndInstallationUnchanged() {
        assertUnchanged(storeBefore, data.resolve("images"), "the image store");
        assertUnchanged(installationBefore, installation(), "Lamina's installation");
    }

    /** Fails naming the paths that differ (a whole snapshot is too long to read). */
    private static void assertUnchanged(Map<String, String> before, Path top, String what) {
        Map<String, String> after = snapshot(top);
        List<String> changed = new ArrayList<>();
        java.util.Set<String> paths = new java.util.TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String p : paths)
            if (!java.util.Objects.equals(before.get(p), after.get(p)))
                changed.add(p + ": " + before.get(p) + " -> " + after.get(p));
        assertEquals(List.of(), changed.subList(0, Math.min(changed.size(), 10)), what + " changed");
    }

    private static Path installation() {
        return Repo.root().resolve("cli/target/lamina");
    }

    private Command.Result lamina(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(args);
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", data.toString()), null, 180);
    }

    /** Runs in a container of the image, the test programs bound read-only at /x. */
    private Command.Result inImage(boolean compat, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-v", programs + ":/x:ro"));
        if (compat) args.add("--compat");
        args.add(IMAGE);
        args.addAll(List.of(command));
        return lamina(args);
    }

    private void assertStoreUnchanged() {
        assertUnchanged(storeBefore, data.resolve("images"), "the image store");
        Command.Result r = inImage(false, "cat", "/etc/motd");
        assertEquals(motd, r.stdout(), "a new container sees a changed image: " + r);
    }

    @ParameterizedTest(name = "compat={0}")
    @ValueSource(booleans = {false, true})
    void reopenedDescriptorsReachOnlyACopy(boolean compat) {
        Command.Result r = inImage(compat, "/x/reopen_write", "/etc/motd", "/etc/issue");
        assertEquals(0, r.exitCode(), r.toString());
        // The file a name was removed from is still the image's (it has other names): refused.
        assertTrue(r.stdout().contains("after unlink: Permission denied"), r.toString());
        assertStoreUnchanged();
    }

    @ParameterizedTest(name = "compat={0}")
    @ValueSource(booleans = {false, true})
    void shellRedirectionsThroughProcAndDevFd(boolean compat) {
        Command.Result r = inImage(compat, "sh", "-c", "exec 3</etc/motd; echo PWNED >> /proc/self/fd/3; "
                + "exec 4</etc/issue; (: > /dev/fd/4); exec 5</etc/hostname; truncate -s 0 /proc/self/fd/5; "
                + "tail -n 1 /etc/motd; cat <&3 | tail -n 1");
        assertEquals(0, r.exitCode(), r.toString());
        // The container's own copy changed, as on overlayfs; the descriptor opened before still reads the image's.
        assertEquals("PWNED\n" + motd.lines().reduce((a, b) -> b).orElse("") + "\n", r.stdout(), r.toString());
        assertStoreUnchanged();
    }

    @ParameterizedTest(name = "compat={0}")
    @ValueSource(booleans = {false, true})
    void muslPlusOfTheInstallationIsReadOnly(boolean compat) {
        List<String> args = new ArrayList<>(List.of("run", "--rootfs", rootfs.toString()));
        if (compat) args.add("--compat");
        args.addAll(List.of("--", "sh", "-c", "exec 3</lib/ld-musl-x86_64.so.1; printf X >> /proc/self/fd/3; "
                + "echo reopen=$?; printf X >> /lib/ld-musl-x86_64.so.1; echo path=$?"));
        Command.Result r = lamina(args);
        assertEquals("reopen=1\npath=1\n", r.stdout(), r.toString());
        assertTrue(r.stderr().contains("Read-only file system"), r.toString());
        assertUnchanged(installationBefore, installation(), "Lamina's installation");
    }

    @ParameterizedTest(name = "compat={0}")
    @ValueSource(booleans = {false, true})
    void readOnlyVolumeThroughAReopenedDescriptor(boolean compat) throws IOException {
        Path volume = work.resolve("ro-" + compat);
        Files.createDirectories(volume);
        Files.writeString(volume.resolve("f"), "kept\n");
        List<String> args = new ArrayList<>(List.of("run", "-v", volume + ":/ro:ro"));
        if (compat) args.add("--compat");
        args.addAll(List.of(IMAGE, "sh", "-c", "exec 3</ro/f; echo X >> /proc/self/fd/3; echo append=$?; "
                + "truncate -s 0 /dev/fd/3; echo truncate=$?"));
        Command.Result r = lamina(args);
        assertEquals("append=1\ntruncate=1\n", r.stdout(), r.toString());
        assertEquals("kept\n", Files.readString(volume.resolve("f")));
    }

    /** The guest's own hard links are one file, as on Linux; a link to an image file links the
     * container's copy (made first), so the two names are one file too, and the image never changes. */
    @Test
    void hardLinksAreOneFileAndTheImageStaysAsItWas() {
        Command.Result r = inImage(false, "sh", "-c", "cd /tmp && echo a > f && ln f g && echo b > f && cat g && chmod 600 f "
                + "&& stat -c %a g && touch -d '2001-02-03 04:05:06' f && stat -c %Y g "
                + "&& ln /etc/motd /tmp/m && echo X >> /tmp/m && tail -n 1 /etc/motd && chmod 600 /etc/motd && stat -c %a /tmp/m");
        assertEquals("b\n600\n981173106\nX\n600\n", r.stdout(), r.toString());
        assertStoreUnchanged();
    }

    /** fchmod, fchown and futimens on a descriptor act on its file when no name is left, but an image
     * file whose container name was removed is still the store's: refused. */
    @Test
    void metadataChangesOnDescriptorsOfRemovedFilesSpareTheImage() {
        Command.Result r = inImage(false, "/x/unlinked_fd", "/tmp", "/etc/motd");
        assertTrue(r.stdout().contains("only name removed fchmod: 0 mode 604"), r.toString());
        assertTrue(r.stdout().contains("image file, name removed fchmod: -1"), r.toString());
        assertStoreUnchanged();
    }

    /** A child's /proc files that the kernel opens on the host by number (oom_score_adj, writable) are refused once
     * the child has ended: its host pid may be a host process's by then. A running process's own still opens. */
    @Test
    void hostProcFilesOfAnEndedProcessAreRefused() {
        Command.Result r = inImage(false, "/x/ended_proc_files");
        assertEquals("open an ended child's oom_score_adj: No such file or directory\nopen its own: opened\nraise its own: ok\n",
                r.stdout(), r.toString());
    }

    /** An attribute set on an image file is the container's alone (the store's files are walked with theirs after all tests). */
    @Test
    void extendedAttributesOnImageFilesSpareTheImage() {
        Command.Result r = inImage(false, "/x/xattrs", "/tmp", "/etc/motd");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("set on an image file: 0\nimage file: user.mine\n"), r.toString());
    }

    @Test
    void copyUpRacesNeverReachTheImage() {
        Command.Result r = inImage(false, "/x/copyup_race", "/etc/motd", "3000");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("opened "), r.toString());
        assertStoreUnchanged();
    }

    @Test
    void hostFilesGuestCodeHoldsAreNotOpenedAgainForIt() throws IOException {
        Path secret = Files.writeString(work.resolve("secret"), "host secret\n");
        Command.ok("chmod", "600", secret.toString());
        Files.getFileAttributeView(secret, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("secret", java.nio.ByteBuffer.wrap("host secret attribute".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Command.Result r = inImage(true, "/x/host_reopen", secret.toString(), "r");
        // Landlock checks no O_PATH open: the guest holds the file, and the kernel must not open it,
        // read its attributes or watch it for the guest.
        assertTrue(r.stdout().contains("O_PATH: 3\n"), r.toString());
        assertTrue(r.stdout().contains("reopen via /proc/self/fd/3: -1\n"), r.toString());
        assertTrue(r.stdout().contains("getxattr via /proc/self/fd/3: -1\n"), r.toString());
        assertTrue(r.stdout().contains("listxattr via /proc/self/fd/3: -1\n"), r.toString());
        assertTrue(r.stdout().contains("inotify_add_watch via /proc/self/fd/3: -1\n"), r.toString());
        assertFalse(r.stdout().contains("host secret"), r.toString());
    }

    @Test
    void laminasOwnFilesOpenAgainOnlyAsTheyWereGiven() throws IOException {
        // /dev/stdin and /dev/stdout on host files, as a user redirects them: read and written as
        // given, but a file given to read is never opened for writing.
        Path input = Files.writeString(work.resolve("input"), "given\n");
        Path output = work.resolve("output");
        String guest = "echo X > /dev/stdin; echo write=$?; cat /dev/stdin; echo out >> /dev/stdout";
        Command.Result r = Command.run(List.of("sh", "-c", Repo.launcher() + " run " + IMAGE + " sh -c '" + guest + "' < "
                + input + " > " + output), Map.of("LAMINA_DATA_ROOT", data.toString()), null, 60);
        assertEquals("write=1\ngiven\nout\n", Files.readString(output), r.toString());
        assertEquals("given\n", Files.readString(input));
    }

    @Test
    void withATerminalOfItsOwnTheUsersTerminalIsOutOfReach() {
        // script(1) gives lamina a terminal, as a user's shell would; -t gives the container its own,
        // and guest code that holds the user's by itself (O_PATH) must not have it opened for it.
        String run = Repo.launcher() + " run -t --compat -v " + programs + ":/x:ro " + IMAGE + " /x/host_reopen \"$(tty)\" w";
        Command.Result r = Command.run(List.of("script", "-qec", run, "/dev/null"),
                Map.of("LAMINA_DATA_ROOT", data.toString()), null, 60);
        assertTrue(r.stdout().contains("O_PATH: 3"), r.toString());
        assertTrue(r.stdout().contains("reopen via /proc/self/fd/3: -1"), r.toString());
    }

    @Test
    void guestCodeKeepsOnlyTheCapabilityToBindLowPorts() {
        Command.Result r = inImage(true, "/x/capabilities");
        assertTrue(r.stdout().contains("effective 0000000000000400\n"), r.toString()); // CAP_NET_BIND_SERVICE
        assertTrue(r.stdout().contains("socket(AF_PACKET, SOCK_RAW): -1\n"), r.toString());
        assertTrue(r.stdout().contains("sethostname(same): -1\n"), r.toString());
        Command.Result low = inImage(false, "sh", "-c", "nc -l -p 80 -e echo served & sleep 0.5; nc 127.0.0.1 80");
        assertEquals("served\n", low.stdout(), "a container's root binds port 80: " + low);
    }

    @Test
    void metadataChangesGoThroughTheKernelOnly() {
        Command.Result r = inImage(true, "/x/fd_metadata", "/etc/motd");
        for (String refused : List.of("fchmod 0606: -1\n", "futimens 2001: -1\n", "fsetxattr user.review: -1\n"))
            assertTrue(r.stdout().contains(refused), r.toString());
        Command.Result install = inImage(true, "/x/install_metadata", "757");
        assertTrue(install.stdout().contains("fchmod 757: -1\n"), install.toString());
        assertStoreUnchanged();
        assertUnchanged(installationBefore, installation(), "Lamina's installation");
    }

    /**
     * A user's forged execve of a set-user-ID root program, never exec'd, and a request for its plan on the old
     * program's channel: refused, the process keeps its ids (it got euid 0 and the program's descriptor before:
     * found by the fortieth session's hostile-guest review). The plan of such a program is served only once the
     * host process has exec'd (its stack's place, random at each exec, has changed), which prctl's PR_SET_MM_MAP
     * could fake without a capability (the forty-first session's review): the container's filter refuses it.
     */
    @Test
    void aForgedExecPlanGivesNoIds() {
        Command.Result r = inImage(true, "sh", "-c", "cp /x/forged_exec_plan /tmp/suid && chmod 4755 /tmp/suid && echo s > /tmp/secret"
                + " && chmod 600 /tmp/secret && su nobody -s /bin/sh -c '/x/forged_exec_plan /tmp/suid /tmp/secret; /tmp/suid'");
        // The set-user-ID program run as such still gets its ids.
        assertEquals("""
                euid before: 65534
                forged exec: 0
                start of stack moved without an exec: refused
                forged plan: refused
                program's descriptor: none
                euid after: 65534
                secret: refused
                run as such: euid 0
                """, r.stdout(), r.toString());
    }

    /**
     * A user's process cannot reach the memory or descriptors of a root process of the container, by
     * libc's process_vm_readv or by raw calls with its host pid: every process of the container is the same
     * host user, so the host let a user read and write root's memory, and ptrace it to run code as root (the
     * forty-first session's review). Linux answers EPERM; so does the container's seccomp filter.
     */
    @Test
    void aUserReachesNoRootProcesssMemory() {
        Command.Result r = inImage(true, "/x/other_memory");
        assertEquals("""
                process_vm_readv: EPERM
                raw process_vm_readv: EPERM
                raw process_vm_writev: EPERM
                raw ptrace attach: EPERM
                raw pidfd_getfd: EPERM
                raw kcmp: EPERM
                secret seen: no
                """, r.stdout(), r.toString());
    }

    /**
     * A process that gave up root cannot signal its root parent: not by a raw kill with the parent's host pid, nor
     * by sigqueue or pidfd_send_signal, which the dispatcher makes on the host (every process of the container is
     * the same host user, and the host let all three through: the forty-first session's review); it takes a Landlock
     * domain of its own for signals. Signals to itself and between its own threads still arrive.
     */
    @Test
    void aProcessThatGaveUpRootSignalsNoRootProcess() {
        Command.Result r = inImage(true, "/x/signals_after_drop");
        assertEquals("""
                raw kill of root parent: EPERM
                sigqueue to root parent: EPERM
                pidfd_send_signal to root parent: EPERM
                kill of root parent: EPERM
                raw kill of itself: allowed
                signal to its own thread: sent
                arrived: yes
                """, r.stdout(), r.toString());
    }

    /**
     * A user's process changes no limit or scheduling of its root parent or of the kernel's JVM: raw prlimit64,
     * setpriority, sched_setaffinity and ioprio_set with host ids (every process of a container is the JVM's host
     * user: a RLIMIT_CPU of 1 s on the JVM killed every container, the forty-second session's review), nor libc's
     * setpriority of root's process group. The container's seccomp filter lets guest code make them on itself
     * alone, and the kernel applies Linux's rules to the rest; the process's own still work.
     */
    @Test
    void aUserChangesNoOtherProcesssLimits() {
        Command.Result r = inImage(true, "/x/other_limits");
        assertEquals("""
                raw prlimit64 CPU of the kernel's JVM: EPERM
                raw prlimit64 read of the kernel's JVM: EPERM
                raw prlimit64 FSIZE of root parent: EPERM
                raw setpriority of the host user: EPERM
                raw setpriority of the kernel's JVM: EPERM
                raw sched_setaffinity of the kernel's JVM: EPERM
                raw ioprio_set of the host user: EPERM
                prlimit FSIZE of root parent: EPERM
                setpriority of root's group: EPERM
                own prlimit: allowed
                own setpriority: allowed
                root parent writes: yes
                root parent's priority unchanged: yes
                child: exit 0
                """, r.stdout(), r.toString());
    }

    /**
     * The key calls, raw and through libc: keys are not namespaced, so the host user's keyrings (shared by the
     * engine, every container and the host's own processes) were the container's, even a container user's, to
     * read and write. The container's seccomp filter and the kernel refuse them, as Docker's default profile.
     */
    @Test
    void noContainerReachesTheHostUsersKeys() {
        Command.Result r = inImage(true, "/x/host_keys");
        assertEquals("""
                raw keyctl user keyring: EPERM
                raw keyctl read user keyring: EPERM
                raw add_key: EPERM
                raw request_key: EPERM
                keyctl user keyring: EPERM
                add_key: EPERM
                """, r.stdout(), r.toString());
    }

    /**
     * What guest code reached of the host by raw calls (review 43): inotify and fanotify marks on host paths, leases
     * on files it only reads (a write lease on an image file held up every container's open of it), an inode's
     * generation changed through a read-only descriptor, typing into its terminal, a host seccomp filter of its own
     * (which stayed on a set-user-ID root program it ran), the host's mounts, vsock, socket diagnostics and device
     * events. Refused by the container's seccomp filters; musl+'s lease is EINVAL (leases off) and its seccomp, the
     * init host's own, still works.
     */
    @Test
    void rawCallsReachNoHostObjects() {
        Command.Result r = inImage(true, "/x/host_reach");
        assertEquals("""
                raw inotify_add_watch of a host path: EPERM
                raw fanotify_init: EPERM
                raw F_SETLEASE: EPERM
                F_SETLEASE: EINVAL
                raw FS_IOC_SETVERSION: EPERM
                raw TIOCSTI: EPERM
                raw seccomp filter: EPERM
                raw PR_SET_SECCOMP: EPERM
                musl+'s seccomp: allowed
                raw listmount: EPERM
                raw vsock socket: EPERM
                raw socket diagnostics: EPERM
                socket diagnostics: EPERM
                raw device events: EPERM
                """, r.stdout(), r.toString());
    }

    /**
     * Forged datagram requests on the channel with a descriptor that is no datagram socket are refused: the kernel's
     * datagram tables are keyed by inode, and a memfd whose inode number matched root's socket let a guest of another
     * user send as that socket, redirect its connected peer and shut it (found by a hostile-guest review).
     */
    @Test
    void forgedDatagramRequestsNeedADatagramSocket() {
        Command.Result r = inImage(true, "/x/dgram_forged_fd");
        assertEquals("""
                memfd connect: -88
                memfd send: -88
                memfd shut: -88
                stream socket connect: -22
                dgram bound connect: -22
                dgram send: 7
                received: genuine
                """, r.stdout(), r.toString());
    }

    /**
     * --pids-limit bounds the container's tasks, threads and processes together, as the pids cgroup does: a fork
     * bomb or a thread bomb gets EAGAIN (before: the limit was only shown). 4 tasks: the program and 3 others.
     * Children the host reaps unseen (their parent ignores SIGCHLD) hold no pid once ended.
     */
    @Test
    void thePidsLimitBoundsThreadsAndProcesses() {
        Command.Result r = lamina(List.of("run", "--pids-limit", "4", "-v", programs + ":/x:ro", IMAGE, "/x/task_limit"));
        assertEquals("""
                threads: 3, then Resource temporarily unavailable
                children: 3, then Resource temporarily unavailable
                a fork once they are reaped: made
                children reaped unseen: 10 of 10 made
                """, r.stdout(), r.toString());
        Command.Result unlimited = inImage(false, "/x/task_limit");
        assertTrue(unlimited.stdout().startsWith("threads: 64, then none refused\nchildren: 64, then none refused\n"), unlimited.toString());
    }

    /**
     * A guest of another user cannot flood the kernel's tables of datagram sockets to make root's connected socket
     * forget its peer (ENOTCONN) or its name (found by a hostile-guest review: the latest 4096 sockets were kept, and
     * 4200 made, connected and closed pushed root's out). Entries of sockets gone are dropped when the tables are
     * full, and past that a new one is refused.
     */
    @Test
    void aFloodOfDatagramSocketsPushesOutNoOtherSocket() {
        Command.Result r = inImage(false, "/x/dgram_flood");
        assertEquals("""
                flooder: 1 and 1 made and dropped, 1 held, refused: ENOBUFS
                received root from /tmp/root/cli.sock
                """, r.stdout(), r.toString());
    }

    /**
     * A host process of another user cannot send to a container's socket as one of the container's named datagram
     * sockets: it learns the name the kernel sends that socket's datagrams from (by being sent one), and binds it or
     * one like it. The kernel sent from an abstract name, which any process can bind once the send is done, and the
     * container's server then saw the forger's datagram as from /tmp/cli.sock (found by a hostile-guest review); it
     * sends from a path in a directory of its own, mode 0700, and a name elsewhere is not translated.
     */
    @Test
    void aHostUserCannotSendAsAContainersDatagramSocket() throws Exception {
        Path spy = Files.createTempDirectory(Path.of("/tmp"), "lamina-spy-");
        try {
            Command.ok("chmod", "777", spy.toString());
            Path forger = spy.resolve("forger");
            Command.ok("gcc", "-O2", "-o", forger.toString(),
                    Path.of(getClass().getResource("/host/dgram_sender_forger.c").toURI()).toString());
            Process host = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", forger.toString(),
                    spy.resolve("spy.sock").toString()).redirectErrorStream(true).start();
            try {
                var out = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()));
                assertEquals("listening", out.readLine());
                Command.Result r = lamina(List.of("run", "--rm", "-v", programs + ":/x:ro", "-v", spy + ":/spy", IMAGE,
                        "/x/dgram_named_client", "/spy/spy.sock"));
                assertTrue(host.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the forger ended");
                String forged = new String(host.getInputStream().readAllBytes());
                assertEquals("learnt a path\nthe same path: bind: Permission denied\nthe same name in a directory of its own: sent 6\n",
                        forged);
                assertEquals("'forged' from (unnamed)\n", r.stdout(), r + "\n--- forger\n" + forged);
            } finally {
                host.destroyForcibly();
            }
        } finally {
            Command.ok("rm", "-rf", spy.toString());
        }
    }

    /** A chain of processes guest code forked behind the kernel's back, deeper than the sweep's rounds once were
     * (16), each made non-dumpable (a host user other than root cannot read which program it runs), all end. */
    @Test
    void aProcessChainForkedBehindTheKernelsBackEndsWithItsContainer() {
        assertChainEnded(inImage(true, "/x/native_fork", "60", "40", "undumpable"), 40);
    }

    private static void assertChainEnded(Command.Result r, int depth) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("native child: host pid (\\d+)").matcher(r.stdout());
        List<Long> pids = new ArrayList<>();
        while (m.find()) pids.add(Long.parseLong(m.group(1)));
        assertEquals(depth, pids.size(), r.toString());
        // By /proc/PID/stat, which shows the name the init host gave it whoever reads it (its program's path needs root
        // to read for a non-dumpable process); a zombie has ended.
        for (long pid : pids) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            } catch (IOException gone) {
                continue;
            }
            boolean running = stat.contains("(native_fork) ") && !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            assertFalse(running, "child " + pid + " outlived its container: " + stat);
        }
    }

    @Test
    void aNonRootHostUsersStoreHoldsToo() throws Exception {
        Command.ok("chmod", "755", work.toString(), programs.toString()); // nobody reads the programs
        Nobody nobody = Nobody.install(Files.createDirectories(work.resolve("nobody")));
        Path store = work.resolve("nobody/data");
        Path tarball = work.resolve("nobody/alpine.tar.gz");
        Files.copy(AlpineRootfs.tarball(), tarball);
        Command.ok("chmod", "644", tarball.toString());
        Command.Result imported = nobody.lamina(List.of("import", tarball.toString(), IMAGE));
        assertEquals(0, imported.exitCode(), imported.toString());
        Map<String, String> before = snapshot(store.resolve("images"));
        Map<String, String> home = snapshot(work.resolve("nobody/lamina"));
        for (List<String> attack : List.of(List.of("/x/reopen_write", "/etc/motd", "/etc/issue"),
                                           List.of("/x/copyup_race", "/etc/motd", "2000"))) {
            List<String> args = new ArrayList<>(List.of("run", "-v", programs + ":/x:ro", IMAGE));
            args.addAll(attack);
            Command.Result r = nobody.lamina(args);
            assertEquals(0, r.exitCode(), r.toString());
        }
        assertUnchanged(before, store.resolve("images"), "nobody's image store");
        assertUnchanged(home, work.resolve("nobody/lamina"), "nobody's installation");
        // Its sweep cannot read which program a non-dumpable process runs: it knows container processes otherwise.
        assertChainEnded(nobody.lamina(List.of("run", "-v", programs + ":/x:ro", "--compat", IMAGE, "/x/native_fork", "60", "20", "undumpable")), 20);
    }

    @Test
    void unixSocketRacesNeverReachAHostSocket() throws Exception {
        Path hostSocket = work.resolve("host.sock");
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(hostSocket));
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (true) {
                    try (SocketChannel c = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Command.Result r = inImage(false, "/x/unix_race", hostSocket.toString(), "3000");
            server.close();
            acceptor.join();
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().startsWith("connected "), r.toString());
        }
        assertEquals(0, accepted.get(), "a guest reached a host socket");
    }

    /**
     * A blocking connect to a host's abstract socket whose backlog is full waits for room, and Linux checks
     * Landlock's abstract-socket scope only then: the kernel thread that waits (not the container's abstract-socket
     * thread, which the container's other abstract-name calls need meanwhile) must be in that thread's domain, or
     * the connect reaches the host's socket once the host accepts. Unconfined (LAMINA_CONFINE=0), it does.
     */
    @Test
    void aConnectWaitingForRoomAtAHostsAbstractSocketIsRefused() throws Exception {
        Path listener = work.resolve("abstract_full");
        Command.ok("gcc", "-O2", "-o", listener.toString(), Path.of(getClass().getResource("/guest/abstract_full.c").toURI()).toString());
        assertEquals(List.of("connect: Connection refused", "accepted from others: 0"), waitedConnect(listener, true));
        assertEquals(List.of("connect: ok", "accepted from others: 1"), waitedConnect(listener, false));
    }

    /** The guest's connect to a full host listener, room made once it waits: its answer, and the listener's count. */
    private List<String> waitedConnect(Path listener, boolean confined) throws Exception {
        String name = "lamina-hostile-full-" + ProcessHandle.current().pid() + "-" + confined;
        Process host = new ProcessBuilder(listener.toString(), "listen", name).redirectErrorStream(true).start();
        ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "run", "--rm", "-v", programs + ":/x:ro", IMAGE,
                "/x/abstract_full", "connect", name).redirectErrorStream(true);
        pb.environment().put("LAMINA_DATA_ROOT", data.toString());
        if (!confined) pb.environment().put("LAMINA_CONFINE", "0");
        Process guest = null;
        try {
            var hostOut = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()));
            assertEquals("full", hostOut.readLine());
            guest = pb.start();
            var guestOut = new java.io.BufferedReader(new java.io.InputStreamReader(guest.getInputStream()));
            assertEquals("connecting", guestOut.readLine());
            // its connect waits, on the kernel's thread for it (else it was refused before any wait: nothing tested)
            boolean waits = false;
            for (int i = 0; i < 200 && !waits; i++) {
                waits = Stream.concat(Stream.of(guest.toHandle()), guest.descendants()).anyMatch(HostileGuestTest::waitsForRoom);
                if (!waits) Thread.sleep(50);
            }
            assertTrue(waits, "no lamina-ab-wait thread in the kernel");
            host.getOutputStream().write("go\n".getBytes());
            host.getOutputStream().flush();
            String answer = guestOut.readLine();
            assertTrue(guest.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the guest ended");
            assertTrue(host.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the listener ended");
            return List.of(String.valueOf(answer), String.valueOf(hostOut.readLine()));
        } finally {
            host.destroyForcibly();
            if (guest != null) guest.destroyForcibly();
        }
    }

    /**
     * FIFOs where the kernel reads or opens a file by name must not keep it waiting (its thread, in the host, sees
     * no signal): /etc/passwd and /etc/group, which it reads for another user's groups at the start (with the
     * container's lock held: the start never ended) and an image's layer may hold as FIFOs, and the guest's own
     * (fifo_swaps.c: each waited for a reader before).
     */
    @Test
    void fifosWhereTheKernelOpensByNameDoNotHoldItUp() throws Exception {
        Path root = AlpineRootfs.unpack(work.resolve("fifo-etc"));
        for (String f : List.of("etc/passwd", "etc/group")) {
            Files.delete(root.resolve(f));
            Command.ok("mkfifo", root.resolve(f).toString());
        }
        // A directory only its group may read: the check asks for the user's groups (no group named with --user).
        Path groups = Files.createDirectories(root.resolve("tmp/g"));
        Command.ok("chgrp", "1234", groups.toString());
        Command.ok("chmod", "770", groups.toString());
        Command.Result r = Command.run(List.of(Repo.launcher().toString(), "run", "--rootfs", root.toString(), "-v", programs + ":/x:ro",
                "--user", "65534", "-w", "/tmp", "--", "sh", "-c", "/x/fifo_swaps; ls /tmp/g 2>&1; echo $?"), Map.of(), null, 60);
        assertEquals("""
                reopen for writing, a FIFO at the name: Permission denied
                truncate a FIFO: Invalid argument
                ls: can't open '/tmp/g': Permission denied
                1
                """, r.stdout(), r.toString());
    }

    /**
     * A write reopening of a descriptor through /proc/self/fd goes to its file's name (to copy an image file up
     * first), which a symlink put where a directory on its path was leads elsewhere: the file reached is checked
     * against the caller's permission again. Before, a user appended to /etc/passwd so (found by a review).
     */
    @Test
    void aReopeningByNameGivesAUserNoFileItMayNotWrite() {
        Command.Result r = lamina(List.of("run", "--rm", "--user", "65534", "-v", programs + ":/x:ro", IMAGE, "/x/reopen_redirect"));
        assertEquals("reopen for writing: Permission denied\n/etc/passwd written: no\n", r.stdout(), r.toString());
    }

    /**
     * A user of one container sends a datagram and a byte over a connection to a root server of another container
     * that shares its volume, with SO_PASSCRED. Every guest is the host's user, who is root in a container, and the
     * server's kernel cannot name the stream's sender nor the connection's maker (the other container's kernel,
     * here another JVM): they show the overflow ids, never root's. The datagram, which the other kernel sends with
     * its guest's ids, shows the user's own, as Docker shows another container's users. Before, all three came as
     * root's; a user's datagram to a server of its own container too (sockets/scm_credentials checks that).
     */
    @Test
    void aUserOfAnotherContainerIsNotShownAsRoot() throws Exception {
        Path shared = Files.createDirectories(work.resolve("creds-shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "run", "--rm", "-v", programs + ":/x:ro",
                "-v", shared + ":/s", IMAGE, "/x/cross_creds", "recv", "/s").redirectErrorStream(true);
        pb.environment().put("LAMINA_DATA_ROOT", data.toString());
        Process server = pb.start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
            assertEquals("ready", out.readLine());
            Command.Result sent = lamina(List.of("run", "--rm", "--user", "1000:1000", "-v", programs + ":/x:ro",
                    "-v", shared + ":/s", IMAGE, "/x/cross_creds", "send", "/s"));
            assertEquals(0, sent.exitCode(), sent.toString());
            assertEquals("", sent.stdout(), sent.toString());
            assertEquals(List.of("datagram: uid 1000 gid 1000", "stream: uid 65534 gid 65534", "its SO_PEERCRED: uid 65534 gid 65534"),
                    List.of(String.valueOf(out.readLine()), String.valueOf(out.readLine()), String.valueOf(out.readLine())));
            assertTrue(server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the server ended");
        } finally {
            server.destroyForcibly();
        }
    }

    /** Whether process p has the thread a connect waiting for room at an abstract name waits on (AbstractUnixNames). */
    private static boolean waitsForRoom(ProcessHandle p) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().equals("lamina-ab-wait");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException gone) {
            return false;
        }
    }

    /** A pty the container made and closed: the host gives its number to a terminal of its own (here a host
     * pty this test opens), which the container must not open; a pty it still holds opens. */
    @Test
    void aPtyNumberTheHostReusesIsNotTheContainers() throws Exception {
        Path sync = Files.createDirectories(work.resolve("pty-sync"));
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString(), "run", "-v", programs + ":/x:ro",
                "-v", sync + ":/sync", IMAGE, "/x/pty_reuse", "/sync"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("LAMINA_DATA_ROOT", data.toString());
        Process guest = pb.start();
        Process host = null;
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(guest.getInputStream()));
            String number = out.readLine();
            assertTrue(number != null && number.matches("\\d+"), "the guest's pty number: " + number);
            for (int i = 0; i < 600 && !Files.exists(sync.resolve("closed")); i++) Thread.sleep(50);
            // Linux gives the lowest free number: open host ptys until one has the container's old one.
            host = new ProcessBuilder("python3", "-c", "import os,pty,sys,time\n"
                    + "keep=[]\n"
                    + "for _ in range(64):\n"
                    + "    m,s=pty.openpty(); keep.append((m,s))\n"
                    + "    if os.ttyname(s)=='/dev/pts/" + number + "': print('taken', flush=True); break\n"
                    + "else: print('not reused', flush=True)\n"
                    + "time.sleep(120)\n").redirectErrorStream(true).start();
            String taken = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream())).readLine();
            assertEquals("taken", taken, "the host pty took the number");
            Files.createFile(sync.resolve("taken"));
            String reused = out.readLine(), own = out.readLine();
            assertTrue(guest.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("reused number: Permission denied", reused);
            assertEquals("own pty: opened", own);
        } finally {
            guest.destroyForcibly();
            if (host != null) host.destroyForcibly();
        }
    }

    /** A file's user.* attributes, names and values. */
    private static String userAttributes(Path p) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return ""; // a symlink takes no user.* attributes
        var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        StringBuilder sb = new StringBuilder();
        for (String name : new TreeSet<>(view.list())) {
            java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            sb.append(' ').append(name).append('=').append(java.util.HexFormat.of().formatHex(value.array()));
        }
        return sb.toString();
    }

    /** Each path of a tree with its type, content, mode and owner, its modification time and user.* attributes.
     * The store's scratch directory (tmp) holds only work in progress. */
    private static Map<String, String> snapshot(Path top) {
        Map<String, String> out = new TreeMap<>(TreeSnapshot.of(top));
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.filter(Files::isRegularFile).toList())
                out.merge("/" + top.relativize(p), " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + userAttributes(p),
                        String::concat);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.keySet().removeIf(p -> p.equals("/tmp") || p.startsWith("/tmp/"));
        return out;
    }
}
