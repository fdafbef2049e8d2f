package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Normalize;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alpine 3.20's own binaries in Lamina (strict mode) against the same
 * command run natively in a chroot of a second copy of the same root: same
 * stdout, same stderr and same exit status, up to the normalisation named
 * per case (pids, times, and process-count figures only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlpineDifferentialTest {
    private static final String HOST = "lamina-test";

    @TempDir
    static Path work;
    private Path laminaRoot;
    private Path nativeRoot;

    @BeforeAll
    void unpack() throws Exception {
        assertTrue(Repo.isRoot(), "the native side of these tests needs root (chroot, namespaces)");
        // Through a symlink: the host names a descriptor's file by its real path.
        laminaRoot = Files.createSymbolicLink(work.resolve("lamina-link"), AlpineRootfs.unpack(work.resolve("lamina")));
        nativeRoot = AlpineRootfs.unpack(work.resolve("native"));
        Runs.prepareNativeDev(nativeRoot);
        for (String name : List.of("pthreads", "unix_socket", "unix_stream", "robust", "pi_mutex", "raise_fork", "fd_limit", "dirfds", "unlinked_fd", "host_pids", "cancel", "proc_task", "statx", "inotify", "xattrs", "setid", "init_signals", "init_kills", "auxv", "execveat", "stack_limit", "proc_reread", "exec_edges", "xattr_perms", "sockperm", "peercred", "umask_leak", "sysv_ipc", "thread_ids", "proc_owner")) {
            Path program = work.resolve(name);
            Command.ok("musl-gcc", "-O2", "-o", program.toString(),
                    Path.of(getClass().getResource("/guest/" + name + ".c").toURI()).toString(), "-lpthread");
            for (Path root : List.of(laminaRoot, nativeRoot))
                Files.copy(program, root.resolve("tmp/" + name));
        }
        for (Path root : List.of(laminaRoot, nativeRoot))
            Files.copy(Path.of(getClass().getResource("/guest/permissions.sh").toURI()), root.resolve("permissions.sh"));
    }

    static Stream<Arguments> cases() {
        UnaryOperator<String> none = Normalize.NONE;
        return Stream.of(
                c("echo", none, "echo", "hello", "world"),
                c("cat os-release", none, "cat", "/etc/os-release"),
                c("ls -la /", Normalize.LS_ROOT, "ls", "-la", "/"),
                c("ls -l /bin", Normalize.LS_TIMES, "ls", "-l", "/bin"),
                c("id", none, "id"),
                c("whoami", none, "whoami"),
                c("hostname", none, "hostname"),
                c("uname -a", none, "uname", "-a"),
                c("cd /tmp && pwd", none, "sh", "-c", "cd /tmp && pwd"),
                c("env", none, "env"),
                c("sleep 0.1", none, "sleep", "0.1"),
                c("date", Normalize.DATES, "date"),
                c("find", none, "find", "/etc", "-name", "*.conf"),
                c("sort", none, "sort", "/etc/passwd"),
                c("uniq", none, "sh", "-c", "cut -d: -f7 /etc/passwd | sort | uniq -c"),
                c("sed", none, "sed", "-n", "s/:.*//p", "/etc/group"),
                c("awk", none, "awk", "-F:", "$3 < 10 { print $1, $3 }", "/etc/passwd"),
                c("grep -r", none, "grep", "-r", "-n", "nologin", "/etc/passwd", "/etc/apk"),
                c("md5sum", none, "md5sum", "/bin/busybox", "/etc/os-release"),
                c("sha256sum", none, "sha256sum", "/lib/libz.so.1", "/etc/passwd"),
                c("tar c and x in /tmp", none, "sh", "-c",
                        "cd /tmp && tar cf t.tar /etc/os-release /etc/passwd 2>/dev/null && mkdir -p x && "
                        + "tar xf t.tar -C x && find x | sort && md5sum x/etc/passwd && rm -r x t.tar"),
                c("ls -l /dev", Normalize.LS_TIMES, "ls", "-l", "/dev"),
                c("using /dev", none, "sh", "-c", "echo gone > /dev/null; head -c 8 /dev/zero | od -An -tx1; "
                        + "head -c 16 /dev/urandom | wc -c; echo out > /dev/stdout; echo err > /dev/stderr; "
                        + "echo x > /dev/full; echo full=$?; ls /dev/fd/ > /dev/null && echo fd-ok"),
                c("/proc files", none, "sh", "-c", "grep -c ^processor /proc/cpuinfo; cut -d: -f1 /proc/meminfo | head -3; "
                        + "wc -w < /proc/loadavg; wc -w < /proc/uptime; cat /proc/self/comm; readlink /proc/self/exe; "
                        + "readlink /proc/1/cwd; cd /tmp && readlink /proc/self/cwd; grep -c . /proc/self/status"),
                c("/proc/self/maps", none, "sh", "-c", "grep -q ' /bin/busybox$' /proc/self/maps && echo busybox; "
                        + "grep -q ' /lib/ld-musl-x86_64.so.1$' /proc/self/maps && echo musl; grep -c lamina /proc/self/maps; "
                        + "grep -cvE '^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]+:[0-9a-f]+ [0-9]+ ' /proc/self/maps"),
                c("ps", Normalize.PS, "ps"),
                c("ps lists processes by pid, as /proc does", none, "sh", "-c",
                        "for i in 1 2 3 4 5 6 7 8; do sleep 9 & done; i=0; "
                        + "while [ \"$(pidof sleep | wc -w)\" -lt 8 ] && [ $i -lt 300 ]; do usleep 10000; i=$((i + 1)); done; "
                        + "ps -o pid,comm > /tmp/ps; pidof sleep > /tmp/pidof; "
                        + "sed 1d /tmp/ps | sort -n -c && echo ps by pid; tr ' ' '\\n' < /tmp/pidof | sort -rn -c && echo pidof by pid; "
                        + "sed 's/^ *[0-9]* //' /tmp/ps"),
                c("top -b -n1", Normalize.TOP, "top", "-b", "-n1"),
                c("sh pipes", none, "sh", "-c", "echo hello | tr a-z A-Z | sed s/L/l/g"),
                c("sh redirections", none, "sh", "-c",
                        "echo a > /tmp/f; echo b >> /tmp/f; cat < /tmp/f; ls /nonexistent 2>/dev/null; echo $?; "
                        + "echo err >&2; rm /tmp/f"),
                c("sh subshells", none, "sh", "-c", "x=1; (x=2; cd /etc && pwd); echo $x; pwd"),
                c("sh command substitution", none, "sh", "-c", "echo \"[$(echo inner)] [$(ls / | head -n 1)]\""),
                c("sh arithmetic", none, "sh", "-c", "echo $((6*7))"),
                c("ls /etc | wc -l", none, "sh", "-c", "ls /etc | wc -l"),
                // Whether ash reports "Terminated" depends on when it sees the job die: not compared.
                c("background job killed", none, "sh", "-c", "{ sleep 10 & pid=$!; kill $pid; wait $pid; echo status=$?; } 2>/dev/null"),
                c("trap SIGTERM", none, "sh", "-c", "trap 'echo caught TERM; exit 3' TERM; kill -TERM $$; sleep 1; echo missed"),
                c("false", none, "false"),
                c("exit 42", none, "sh", "-c", "exit 42"),
                c("killed by SIGKILL", none, "sh", "-c", "sh -c 'kill -9 $$'; echo $?"),
                c("pid 1 ignores signals it does not handle", none, "sh", "-c", "kill -9 $$; kill -TERM 1; echo alive"),
                c("pid 1 keeps the signals it blocks: from itself, a child, while in sigtimedwait (tini)", none, "/tmp/init_signals"),
                c("pid 1 takes no signal at its default from inside: kill, tgkill, sigqueue, pidfd_send_signal, its own raise", none,
                        "/tmp/init_kills"),
                c("command not found", none, "sh", "-c", "no-such-command; echo $?"),
                c("syslogd at /dev/log and logger (unix datagrams, which the kernel sends)", none, "sh", "-c",
                        "syslogd -n -O /tmp/log & i=0; while [ $i -lt 100 ] && ! [ -S /dev/log ]; do sleep 0.05; i=$((i+1)); done; "
                                + "logger -t conf hello; i=0; while [ $i -lt 100 ] && ! grep -q hello /tmp/log; do sleep 0.05; i=$((i+1)); done; "
                                + "kill $!; sed -n 's/.*\\(user.notice conf: \\)/\\1/p' /tmp/log; rm -f /tmp/log /dev/log"),
                c("ldd and the loader run as a program (musl+ stands in for it: it was not executable)", none, "sh", "-c",
                        "stat -c %A /lib/ld-musl-x86_64.so.1; ldd /bin/busybox | sed 's/ (0x[0-9a-f]*)$//'; "
                                + "/lib/ld-musl-x86_64.so.1 /bin/echo direct"),
                c("apk --version", none, "apk", "--version"),
                c("apk info", none, "apk", "info"),
                c("a name that is not UTF-8", none, "sh", "-c",
                        "f=$(printf '/tmp/a\\377b'); touch \"$f\" && ls /tmp | od -An -c && cat \"$f\" && rm \"$f\""),
                c("hard links are one file (content, mode, times)", none, "sh", "-c",
                        "cd /tmp && echo a > f && ln f g && echo b > f && cat g && chmod 600 f && stat -c '%a %h' g "
                                + "&& touch -d '2001-02-03 04:05:06' f && stat -c %Y g && rm f g"),
                c("metadata changes through descriptors of removed files", none, "/tmp/unlinked_fd", "/tmp"),
                c("pids in results: lock owners, socket peers, signal senders", none, "/tmp/host_pids", "/tmp"),
                c("readlink /proc/self/fd", none, "sh", "-c",
                        "readlink /proc/self/fd/0 </etc/hostname; readlink /dev/fd/1 | tr -d 0-9"),
                c("statx against stat, and its refusals", none, "/tmp/statx", "/tmp"),
                c("inotify watches by path, their events and refusals", none, "/tmp/inotify", "/tmp"),
                c("extended attributes by path and by descriptor", none, "/tmp/xattrs", "/tmp"),
                c("a user of the container's own: permissions, owners of what it makes, the sticky bit", none,
                        "sh", "/permissions.sh"),
                c("/proc/sys/kernel, /proc/self/limits and fdinfo", none, "sh", "-c",
                        "cat /proc/sys/kernel/ostype /proc/sys/kernel/hostname; grep -c . /proc/sys/kernel/osrelease; "
                                + "grep -cE '^[0-9a-f-]{36}$' /proc/sys/kernel/random/uuid /proc/sys/kernel/random/boot_id; "
                                + "sed -n 1p /proc/self/limits; grep -c . /proc/self/limits; exec 3</etc/passwd; "
                                + "grep -E '^(pos|flags):' /proc/self/fdinfo/3; ls /proc/self/fdinfo | grep -c '^[0-3]$'; "
                                + "test -e /proc/self/fdinfo/99 || echo no-99"),
                c("mknod of devices and fifos", Normalize.LS_TIMES, "sh", "-c",
                        "cd /tmp && mknod c13 c 1 3 && mknod b80 b 8 0 && mknod -m 640 c11 c 1 1 && mkfifo p && mknod p2 p "
                                + "&& mknod c13 c 1 3; ls -l c13 b80 c11 p p2 && stat -c '%n %F %t:%T %a %s' c13 b80 c11 p p2 "
                                + "&& echo hi > c13 && cat c13 && [ -c c13 ] && [ -b b80 ] && [ -p p ] && echo types "
                                + "&& mv c13 null && ls -l null && rm null b80 c11 p p2 && ls"),
                c("a listing of /proc/self/fd and fdinfo includes its own descriptor", none, "sh", "-c",
                        "ls /proc/self/fd; ls /proc/self/fdinfo; ls -l /proc/self/fd/ | grep -o ' 3 -> .*' | sed 's/[0-9][0-9]*/N/g'"),
                c("pthreads", none, "/tmp/pthreads"),
                c("/proc/self/auxv: the vector the program got", none, "/tmp/auxv"),
                c("execveat and fexecve: from a descriptor, a directory's, AT_SYMLINK_NOFOLLOW, errors", none, "/tmp/execveat"),
                c("a raised RLIMIT_STACK sizes the next program's stack", none, "/tmp/stack_limit"),
                c("/proc's files read again after a seek to 0 (procps's top, free -s)", none, "/tmp/proc_reread"),
                c("execve: an empty argv, a CRLF #! line, blanks around the interpreter", none, "/tmp/exec_edges"),
                c("user.* attributes take the file's read or write permission", none, "/tmp/xattr_perms"),
                c("socket files and hard links take Linux's permissions", none, "/tmp/sockperm"),
                c("SO_PEERCRED between the container's processes names each one's ids", none, "/tmp/peercred"),
                c("the kernel's own files stay readable by every user after a process with umask 077 made one", none,
                        "/tmp/umask_leak"),
                c("System V shared memory, semaphores and message queues: blocking, signals, SEM_UNDO, permissions", none,
                        "/tmp/sysv_ipc"),
                c("a thread's id: kill signals its process, /proc/TID answers but is not listed", none, "/tmp/thread_ids"),
                c("/proc/PID's owner: the process's ids, its files root's while it is not dumpable", none, "/tmp/proc_owner"),
                c("a process renames itself through /proc/PID/comm", none, "sh", "-c", "echo renamed > /proc/$$/comm; cat /proc/$$/comm"),
                c("/proc/self/task: a directory per thread", none, "/tmp/proc_task"),
                c("AF_UNIX sockets by path", none, "/tmp/unix_socket"),
                c("AF_UNIX stream sockets the kernel makes: options, abstract names, peer credentials", none, "/tmp/unix_stream"),
                c("robust mutex whose owner exits", none, "/tmp/robust"),
                c("priority-inheritance mutexes: relock, trylock, timedlock, contention, owner died", none, "/tmp/pi_mutex"),
                c("a child just forked names itself: raise, in one a signal handler forked too, and its own group", none, "/tmp/raise_fork"),
                c("pthread_cancel of threads blocked in read, pthread_cond_wait and nanosleep", none, "/tmp/cancel"),
                c("a low ulimit -n, then fork and exec", none, "sh", "-c", "ulimit -n 20; /bin/true; echo $?; ulimit -n"),
                c("fork and threads with the descriptor table full", none, "/tmp/fd_limit"),
                c("directory descriptors (renamed, removed, through /proc, and ..)", none, "/tmp/dirfds", "/tmp/dirfds.d"),
                c("cat /proc/self/fd/3/x", none, "sh", "-c",
                        "mkdir /tmp/m && echo in m > /tmp/m/x && cd /tmp/m && exec 3</tmp/m && cat /proc/self/fd/3/x /proc/self/cwd/x "
                                + "&& ls /proc/self/fd/3/../../../../ | grep -c ^tmp$"));
    }

    private static Arguments c(String name, UnaryOperator<String> normalize, String... command) {
        return Arguments.of(name, normalize, command);
    }

    /** A signal from outside the container (a host process; lamina passing on its own SIGTERM) shows
     * si_pid 0, as a pid namespace shows a sender outside it; natively, from outside the namespace. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aSignalFromOutsideShowsNoSendersPid() throws Exception {
        String expected = "ready\nSIGTERM from outside: si_pid 0 si_code 0\n";
        Process nat = new ProcessBuilder(Runs.nativeArgv(nativeRoot, HOST, "/tmp/host_pids", "sigterm"))
                .directory(new java.io.File("/")).start();
        assertEquals(expected, terminated(nat, () -> nat.descendants()
                .filter(d -> d.info().command().orElse("").endsWith("host_pids")).findFirst().orElseThrow()));
        Process direct = new ProcessBuilder(Runs.laminaArgv(laminaRoot, HOST, "/tmp/host_pids", "sigterm")).start();
        assertEquals(expected, terminated(direct, () -> Runs.initHostOf(direct.toHandle())));
        Process passedOn = new ProcessBuilder(Runs.laminaArgv(laminaRoot, HOST, "/tmp/host_pids", "sigterm")).start();
        assertEquals(expected, terminated(passedOn, passedOn::toHandle));
    }

    /** The output of p once it printed "ready" and the process target picks got SIGTERM. */
    private static String terminated(Process p, java.util.function.Supplier<ProcessHandle> target) throws Exception {
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        StringBuilder sb = new StringBuilder(out.readLine()).append('\n');
        Command.ok("kill", "-TERM", Long.toString(target.get().pid()));
        for (String line; (line = out.readLine()) != null; ) sb.append(line).append('\n');
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsNative(String name, UnaryOperator<String> normalize, String[] command) {
        Command.Result lamina = Runs.lamina(laminaRoot, HOST, command);
        Command.Result nat = Runs.nativeChroot(nativeRoot, HOST, command);
        String context = name + "\nLamina: " + lamina + "\nnative: " + nat;
        assertEquals(nat.exitCode(), lamina.exitCode(), context);
        assertEquals(normalize.apply(nat.stdout()), normalize.apply(lamina.stdout()), context);
        assertEquals(normalize.apply(nat.stderr()), normalize.apply(lamina.stderr()), context);
    }
}
