package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.HttpGet;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.cli.testing.Repo;
import dev.lamina.container.ContainerSpec;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real docker CLI against `lamina engine`: pull from a loopback registry,
 * run (exit codes as Docker's, a terminal with resize and Ctrl-C, stdin),
 * detached containers and their lifecycle, logs, exec, events, volumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDockerCliTest {
    private Path dir;
    private LocalRegistry registry;
    private EngineProcess engine;
    private String alpine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-engine-test");
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
        OciImages.push(OciImages.alpine(dir, "x86_64"), "alpine", registry.host() + "/library/alpine:3.20");
        engine = EngineProcess.start(dir.resolve("data"));
        alpine = registry.host() + "/library/alpine:3.20";
        Command.Result pull = engine.dockerOk("pull", alpine);
        assertTrue(pull.stdout().contains("Downloaded newer image for " + alpine), pull.toString());
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    private Command.Result docker(String... args) { return engine.docker(args); }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** `docker run --platform linux/arm64`: the CLI's create asks for the platform (404 for an image of another,
     * so the CLI pulls that platform's), and the container runs the aarch64 init host under qemu-user; so does an
     * exec in it. */
    @Test
    void runsAnArm64ImageAskedForByPlatform() {
        String arm = registry.host() + "/arm/alpine:3.20";
        OciImages.push(OciImages.alpine(dir, "aarch64"), "alpine", arm);
        assertEquals("aarch64", ok("run", "--rm", "--platform", "linux/arm64", arm, "uname", "-m"));
        assertEquals("arm64", ok("image", "inspect", arm, "--format", "{{.Architecture}}"));
        Command.Result other = docker("run", "--rm", "--platform", "linux/amd64", "--pull", "never", arm, "true");
        assertEquals(125, other.exitCode(), other.toString());
        assertTrue(other.stderr().contains("does not match the specified platform"), other.toString());
        String id = ok("run", "-d", "--platform", "linux/arm64", arm, "sleep", "30");
        assertEquals("aarch64", ok("exec", id, "uname", "-m"));
        ok("rm", "-f", id);
    }

    @Test
    void versionAndInfo() {
        assertEquals("1.51", ok("version", "--format", "{{.Server.APIVersion}}"));
        assertEquals("linux", ok("info", "--format", "{{.OSType}}"));
        assertEquals("2", ok("info", "--format", "{{.CgroupVersion}}"), "containers see cgroup v2");
    }

    @Test
    void pullAgainIsUpToDateAndImagesListIt() {
        assertTrue(ok("pull", alpine).contains("Image is up to date for " + alpine));
        assertTrue(ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines().anyMatch(alpine::equals));
        ok("tag", alpine, "mine:1");
        assertTrue(ok("image", "inspect", "mine:1", "--format", "{{.Os}}").equals("linux"));
        assertTrue(ok("rmi", "mine:1").contains("Untagged: mine:1"));
        assertEquals(1, docker("image", "inspect", "mine:1").exitCode());
    }

    @Test
    void runPassesExitCodesOnAsDockerDoes() {
        Command.Result hi = docker("run", "--rm", alpine, "echo", "hi");
        assertEquals(0, hi.exitCode(), hi.toString());
        assertEquals("hi\n", hi.stdout());
        Command.Result err = docker("run", "--rm", alpine, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, err.exitCode(), err.toString());
        assertEquals("out\n", err.stdout());
        assertTrue(err.stderr().contains("err"), err.toString());
        assertEquals(127, docker("run", "--rm", alpine, "no-such-command").exitCode());
        assertEquals(126, docker("run", "--rm", alpine, "/etc/passwd").exitCode());
        assertEquals(125, docker("run", "--rm", registry.host() + "/library/nothing:1", "true").exitCode());
        assertEquals(125, docker("run", "--rm", "--name", "bad/name", alpine, "true").exitCode());
        // --rm: nothing is left behind
        assertFalse(ok("ps", "-a", "--format", "{{.Image}} {{.Command}}").contains("no-such-command"));
    }

    /** --memory, --cpus and --pids-limit show in the container's /sys/fs/cgroup as cgroup v2 shows them under Docker
     * (--memory enforced: see below; the others shown only); dockerd's refusals are its. */
    @Test
    void resourceLimitsShowInTheContainersCgroup() {
        String script = "cd /sys/fs/cgroup && cat memory.max memory.swap.max cpu.max pids.max /proc/self/cgroup cgroup.procs"
                + " && grep -c ' /sys/fs/cgroup ro,.* - cgroup2 cgroup ' /proc/self/mountinfo";
        Command.Result r = docker("run", "--rm", "--memory", "64m", "--cpus", "0.5", "--pids-limit", "50", alpine, "sh", "-c", script);
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(List.of("67108864", "67108864", "50000 100000", "50", "0::/", "1"), lines.subList(0, 6), r.toString());
        assertTrue(lines.subList(6, lines.size() - 1).stream().allMatch(l -> l.matches("[1-9]\\d*")), r.toString());
        assertEquals("1", lines.getLast(), r.toString());
        assertTrue(r.stderr().contains("WARNING: Lamina does not enforce CPU limits"), "the CLI shows the create's warning: " + r);
        assertEquals("max\nmax 100000\nmax\n", docker("run", "--rm", alpine, "cat", "/sys/fs/cgroup/memory.max",
                "/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/pids.max").stdout());
        Command.Result small = docker("run", "--rm", "--memory", "1m", alpine, "true");
        assertEquals(125, small.exitCode(), small.toString());
        assertTrue(small.stderr().contains("Minimum memory limit allowed is 6MB"), small.toString());
        String id = ok("create", "--memory", "128m", "--memory-swap", "192m", alpine, "true");
        assertEquals("134217728 201326592 0", ok("inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}", id));
        ok("rm", id);
    }

    /**
     * --memory is enforced on the container's resident memory, as a cgroup's OOM killer: a process that grows past it
     * is killed (SIGKILL: 137 for the first process), State.OOMKilled says so and an oom event comes before the die;
     * a container within its limit runs to its end (before: the limit was only shown, and the shell held 100 MB).
     */
    @Test
    void aContainerPastItsMemoryLimitIsOomKilled() {
        long since = java.time.Instant.now().getEpochSecond();
        Command.Result r = docker("run", "--name", "oom-grows", "--memory", "20m", alpine, "sh", "-c",
                "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x}");
        assertEquals(137, r.exitCode(), r.toString());
        assertEquals("true 137", ok("inspect", "--format", "{{.State.OOMKilled}} {{.State.ExitCode}}", "oom-grows"));
        assertEquals("oom\ndie", ok("events", "--since", Long.toString(since), "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 1),
                "--filter", "container=oom-grows", "--filter", "event=oom", "--filter", "event=die", "--format", "{{.Action}}"));
        ok("rm", "oom-grows");
        // The process holding the most is killed, here a child: the first goes on, and its cgroup counts the kill.
        assertEquals("oom_kill 1", ok("run", "--rm", "--memory", "20m", alpine, "sh", "-c",
                "sh -c 'x=$(head -c 100000000 /dev/zero | tr \"\\\\0\" a)'; grep oom_kill /sys/fs/cgroup/memory.events"));
        // Pages a fork shares are charged once, as a cgroup charges them: two subshells of a shell holding 16 MB are
        // no 48 MB (their resident sets summed; the shell was killed so before).
        assertEquals("survived 16000000", ok("run", "--rm", "--memory", "40m", alpine, "sh", "-c",
                "x=$(head -c 16000000 /dev/zero | tr '\\0' a); (sleep 1; :) & (sleep 1; :) & wait; echo survived ${#x}"));
        assertEquals("ok", ok("run", "--name", "oom-within", "--memory", "20m", alpine, "sh", "-c", "x=$(head -c 1000000 /dev/zero | tr '\\0' a); echo ok"));
        assertEquals("false", ok("inspect", "--format", "{{.State.OOMKilled}}", "oom-within"));
        ok("rm", "oom-within");
    }

    /** --pids-limit is enforced: a fork past it fails as dockerd's pids cgroup fails it (sh: "can't fork"). */
    @Test
    void aContainerAtItsPidsLimitCannotFork() {
        Command.Result r = docker("run", "--rm", "--pids-limit", "5", alpine, "sh", "-c",
                "for i in 1 2 3 4 5 6 7 8; do sleep 2 & done; wait; echo done");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("can't fork: Resource temporarily unavailable"), r.toString());
        assertEquals("refused 20", ok("run", "--rm", "--pids-limit", "2", alpine, "sh", "-c",
                "i=0; n=0; while [ $i -lt 20 ]; do i=$((i+1)); sh -c 'true & wait' 2>/dev/null || n=$((n+1)); done; echo refused $n"),
                "the shell, its child, the child's child: the third is refused");
    }

    /** --cpuset-cpus and --oom-score-adj are the processes' own (affinity, OOM score), of execs too; --shm-size and the
     * rest of HostConfig show in inspect as dockerd shows them; dockerd's refusals, in its words. */
    @Test
    void cpusetAndOomScoreAreTheProcessesOwn() {
        String id = ok("run", "-d", "--cpuset-cpus", "0", "--oom-score-adj", "100", "--shm-size", "128m", "--cpu-shares", "512",
                alpine, "sh", "-c", "nproc > /tmp/first; cat /proc/self/oom_score_adj >> /tmp/first; exec sleep 300");
        assertEquals("1\n100\n0\n0", ok("exec", id, "sh", "-c", "until [ -s /tmp/first ]; do sleep 0.1; done; sleep 0.2; cat /tmp/first;"
                + " cat /sys/fs/cgroup/cpuset.cpus.effective /sys/fs/cgroup/cpuset.cpus"));
        assertEquals("1 100", ok("exec", id, "sh", "-c", "echo $(nproc) $(cat /proc/self/oom_score_adj)"));
        assertEquals("134217728 0 100 512 private", ok("inspect", "--format",
                "{{.HostConfig.ShmSize}} {{.HostConfig.CpusetCpus}} {{.HostConfig.OomScoreAdj}} {{.HostConfig.CpuShares}} {{.HostConfig.IpcMode}}", id));
        ok("rm", "-f", id);
        String plain = ok("create", alpine, "true");
        assertEquals("67108864 - 0 lamina", ok("inspect", "--format",
                "{{.HostConfig.ShmSize}} -{{.HostConfig.CpusetCpus}} {{.HostConfig.OomScoreAdj}} {{.HostConfig.Runtime}}", plain));
        ok("rm", plain);
        String online = Command.ok("cat", "/sys/devices/system/cpu/online").stdout().strip();
        String past = Integer.toString(Integer.parseInt(online.replaceAll(".*[-,]", "")) + 1); // the first CPU the host lacks
        for (String[] refused : List.of(new String[] {"--cpuset-cpus", past, "Requested CPUs are not available - requested " + past + ", available: " + online},
                new String[] {"--cpuset-cpus", "x", "Invalid value x for cpuset cpus"},
                new String[] {"--oom-score-adj", "2000", "Invalid value 2000, range for oom score adj is [-1000, 1000]"})) {
            Command.Result r = docker("run", "--rm", refused[0], refused[1], alpine, "true");
            assertEquals(125, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains(refused[2]), r.toString());
        }
    }

    /** `docker update`: limits shown at once in a running container's cgroup and in inspect, the restart policy
     * changed; what is left out stays; dockerd's refusals, in its words. */
    @Test
    void updateChangesLimitsAndRestartPolicy() {
        String id = ok("run", "-d", "--memory", "64m", "--cpus", "0.5", alpine, "sleep", "300");
        String cgroup = "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max";
        assertEquals("67108864\n50000 100000\nmax", ok("exec", id, "sh", "-c", cgroup));
        ok("update", "--memory", "96m", "--memory-swap", "128m", "--pids-limit", "40", "--restart", "on-failure:3", id);
        assertEquals("100663296\n50000 100000\n40", ok("exec", id, "sh", "-c", cgroup));
        assertEquals("100663296 134217728 500000000 40 on-failure 3", ok("inspect", "--format",
                "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} "
                        + "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", id));
        Command.Result small = docker("update", "--memory", "1m", id);
        assertEquals(1, small.exitCode(), small.toString());
        assertTrue(small.stderr().contains("Minimum memory limit allowed is 6MB"), small.toString());
        Command.Result overSwap = docker("update", "--memory", "256m", id);
        assertEquals(1, overSwap.exitCode(), overSwap.toString());
        assertTrue(overSwap.stderr().contains("Memory limit should be smaller than already set memoryswap limit"), overSwap.toString());
        assertEquals("100663296", ok("exec", id, "cat", "/sys/fs/cgroup/memory.max"), "a refused update changes nothing");
        ok("rm", "-f", id);
        String removed = ok("run", "-d", "--rm", alpine, "sleep", "300");
        Command.Result autoRemove = docker("update", "--restart", "always", removed);
        assertEquals(1, autoRemove.exitCode(), autoRemove.toString());
        assertTrue(autoRemove.stderr().contains("Restart policy cannot be updated because AutoRemove is enabled"), autoRemove.toString());
        ok("rm", "-f", removed);
    }

    /** The device nodes and fifo an image's layer holds: as the layer gives them (type, number, mode, owner), the
     * devices opening as a container's do (a block device, like any /dev does not serve, refused as Docker's cgroup refuses it). */
    @Test
    void anImagesDeviceNodesAreServed() throws IOException {
        Path alpineTar = dir.resolve("alpine-layer.tar");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dev.lamina.cli.testing.AlpineRootfs.tarball()))) {
            Files.copy(in, alpineTar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path devices = dir.resolve("devices-layer.tar");
        Command.ok("python3", "-c", """
                import sys, tarfile
                t = tarfile.open(sys.argv[1], 'w', format=tarfile.USTAR_FORMAT)
                def add(name, kind, mode, major=0, minor=0, uid=0, gid=0):
                    i = tarfile.TarInfo(name); i.type, i.mode, i.devmajor, i.devminor, i.uid, i.gid = kind, mode, major, minor, uid, gid
                    t.addfile(i)
                add('devices', tarfile.DIRTYPE, 0o755)
                add('devices/zero', tarfile.CHRTYPE, 0o666, 1, 5)
                add('devices/disk', tarfile.BLKTYPE, 0o660, 8, 0, 0, 6)
                add('devices/ttyS', tarfile.CHRTYPE, 0o620, 4, 64, 1000, 5)
                add('devices/fifo', tarfile.FIFOTYPE, 0o644, uid=1000, gid=1000)
                t.close()
                """, devices.toString());
        String image = registry.host() + "/devices:1";
        OciImages.push(OciImages.fromTars(dir.resolve("oci-devices"), List.of(alpineTar, devices), false), "crafted", image);
        Command.Result r = docker("run", "--rm", image, "sh", "-c",
                "stat -c '%n %F %t:%T %a %u:%g' /devices/*; head -c 3 /devices/zero | od -An -tx1; cat /devices/disk");
        assertEquals("""
                /devices/disk block special file 8:0 660 0:6
                /devices/fifo fifo 0:0 644 1000:1000
                /devices/ttyS character special file 4:40 620 1000:5
                /devices/zero character special file 1:5 666 0:0
                 00 00 00
                """, r.stdout(), r.toString());
        assertTrue(r.stderr().endsWith("cat: can't open '/devices/disk': Operation not permitted\n"), r.toString());
        assertEquals(1, r.exitCode(), r.toString());
    }

    /** /dev takes names as Docker's tmpfs does (entrypoints make links and directories there): root's, not other users',
     * not over the kernel's devices, not in devpts. Every change there was EACCES before. */
    @Test
    void devTakesTheContainersOwnNames() {
        assertEquals("x y hi", ok("run", "--rm", "--read-only", alpine, "sh", "-c",
                "mkdir /dev/net && touch /dev/net/x && ln -s /proc/self/fd/1 /dev/out && echo y > /dev/y && "
                        + "echo $(ls /dev/net) $(cat /dev/y) $(echo hi > /dev/out) && rm -r /dev/net /dev/y /dev/out"));
        Command.Result refused = docker("run", "--rm", alpine, "sh", "-c",
                "su nobody -s /bin/sh -c 'touch /dev/mine'; touch /dev/pts/mine; rm /dev/null; mkdir /dev/zero; true");
        assertEquals("""
                touch: /dev/mine: Permission denied
                touch: /dev/pts/mine: Permission denied
                rm: can't remove '/dev/null': Permission denied
                mkdir: can't create directory '/dev/zero': File exists
                """, refused.stderr(), refused.toString());
        // afresh at each start, as Docker's tmpfs (a restarted entrypoint's mkdir found the last run's)
        ok("run", "-d", "--name", "dev-again", alpine, "sh", "-c", "set -e; mkdir /dev/net; sleep 60");
        try {
            ok("restart", "-t", "0", "dev-again");
            assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "dev-again"));
            assertEquals("net", ok("exec", "dev-again", "ls", "-d", "/dev/net").replace("/dev/", ""));
        } finally {
            ok("rm", "-f", "dev-again");
        }
    }

    /**
     * /dev is nosuid and a `--tmpfs` noexec,nosuid,nodev, as Docker mounts them (`exec` lifts noexec): a set-user-ID
     * program made in /dev changes no id (a read-only container's root planted one), one in a tmpfs does not run.
     */
    @Test
    void devAndTmpfsMountOptionsHold() throws IOException {
        Path programs = Files.createDirectories(dir.resolve("euid"));
        Path source = Files.writeString(programs.resolve("euid.c"), "#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf(\"%d\\n\", (int)geteuid()); return 0; }\n");
        Command.ok("musl-gcc", "-static", "-O2", "-o", programs.resolve("euid").toString(), source.toString());
        assertEquals("65534 0", ok("run", "--rm", "--read-only", "-v", programs + ":/p:ro", alpine, "sh", "-c",
                "cp /p/euid /dev/euid && chmod u+s /dev/euid; "
                        + "echo $(su nobody -s /bin/sh -c /dev/euid) $(/dev/euid)"));
        // Without a mode a tmpfs takes that of the directory it covers (alpine's /run: 755), as runc sets it; one
        // at a path the image lacks has tmpfs's 1777 (it was always 1777: a user could make files in /run)
        Command.Result noexec = docker("run", "--rm", "--tmpfs", "/run:size=1m", "--tmpfs", "/x:exec,mode=750", "--tmpfs", "/new",
                alpine, "sh", "-c", "grep -E ' /run | /x ' /proc/mounts; stat -c '%n %a' /run /x /new; "
                        + "cp /bin/busybox /run/true; /run/true; echo run=$?; exec 3</run/true; /proc/self/fd/3 true; echo fd=$?; "
                        + "cp /bin/busybox /x/true; /x/true; echo x=$?");
        // Through a descriptor too (/proc/self/fd/N, fexecve): its file's mount decides, as on Linux (it ran before).
        assertEquals("""
                tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k 0 0
                tmpfs /x tmpfs rw,nosuid,nodev,relatime,mode=750 0 0
                /run 755
                /x 750
                /new 1777
                run=126
                fd=126
                x=0
                """, noexec.stdout(), noexec.toString());
        // uid= and gid= give the tmpfs its owner (it stayed root's: a service user could not write its scratch directory)
        assertEquals("1000 1001 written", ok("run", "--rm", "--tmpfs", "/owned:uid=1000,gid=1001,mode=700", alpine, "sh", "-c",
                "adduser -D -u 1000 svc && echo $(stat -c '%u %g' /owned) $(su svc -c 'echo written > /owned/f && cat /owned/f')"));
    }

    @Test
    void stdinReachesTheContainerToItsEnd() throws IOException {
        Path input = dir.resolve("input");
        byte[] big = new byte[3 << 20];
        new java.util.Random(1).nextBytes(big);
        Files.write(input, big);
        List<String> argv = List.of("sh", "-c", "docker run -i --rm " + alpine + " sh -c 'sleep 1; wc -c' < " + input);
        Command.Result r = Command.run(argv, engine.env(), null, 120);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Integer.toString(big.length), r.stdout().strip());
        Command.Result cat = Command.run(List.of("sh", "-c", "echo hello | docker run -i --rm " + alpine + " cat"), engine.env(), null, 60);
        assertEquals("hello\n", cat.stdout(), cat.toString());
    }

    @Test
    void aTerminalWithResizeAndCtrlC() {
        Path drive = Repo.root().resolve("cli/src/test/resources/pty-drive.py");
        List<String> argv = new ArrayList<>(List.of("python3", drive.toString(),
                "WAIT:# |echo term=$TERM\\n|WAIT:term=xterm|stty size\\n|WAIT:40 120|RESIZE:30:100|stty size\\n|WAIT:30 100|sleep 60\\n|\\x03|echo interrupted\\n|WAIT:interrupted|exit 4\\n",
                "docker", "run", "-it", "--rm", alpine, "sh"));
        Command.Result r = Command.run(argv, engine.env(), null, 60);
        assertTrue(r.stdout().contains("term=xterm"), r.toString()); // Docker's daemon sets TERM for a terminal
        assertTrue(r.stdout().contains("40 120"), r.toString());
        assertTrue(r.stdout().contains("30 100"), r.toString());
        assertTrue(r.stdout().contains("^C"), r.toString());
        assertTrue(r.stdout().contains("[exit 4]"), r.toString());
    }

    /**
     * An exec that leaves a process in the background holding its output ends with its own process, at most 2 s later
     * (moby's wait for the streams): `sh -c 'server &'` returned only when the server ended. Its output until then is
     * the exec's; a terminal's too.
     */
    @Test
    void anExecEndsThoughItLeftAProcessHoldingItsOutput() {
        ok("run", "-d", "--name", "exec-bg", alpine, "sleep", "120");
        try {
            for (List<String> exec : List.of(List.of("docker", "exec", "exec-bg"), List.of("docker", "exec", "-t", "exec-bg"))) {
                List<String> argv = new ArrayList<>(exec);
                argv.addAll(List.of("sh", "-c", "echo before; sleep 40 & echo after; exit 4"));
                Command.Result r = Command.run(argv, engine.env(), null, 25);
                assertEquals(4, r.exitCode(), r.toString());
                assertEquals(List.of("before", "after"), r.stdout().lines().map(String::strip).toList(), r.toString());
            }
        } finally {
            ok("rm", "-f", "exec-bg");
        }
    }

    /**
     * An exec's background process, once the exec's shell has ended, is pid 1's, as the container's init adopts it under
     * Docker, and reaped when it ends: it showed the ended shell as its parent, then stayed a zombie for the
     * container's life; and until the forty-eighth session the end of any other container killed it.
     */
    @Test
    void anExecsOrphansArePid1sAndReaped() throws InterruptedException {
        ok("run", "-d", "--name", "exec-orphans", alpine, "sleep", "120");
        try {
            ok("exec", "exec-orphans", "sh", "-c", "sleep 31 > /dev/null 2>&1 & (sleep 1; exit 5) > /dev/null 2>&1 &");
            assertEquals("1", ok("exec", "exec-orphans", "sh", "-c", "ps -o ppid,args | awk '$2 == \"sleep\" && $3 == 31 {print $1}'"));
            // The JVM's child on the host while its container runs: another container's end leaves it alone.
            ok("run", "--rm", alpine, "true");
            assertEquals("1", ok("exec", "exec-orphans", "sh", "-c", "ps -o ppid,args | awk '$2 == \"sleep\" && $3 == 31 {print $1}'"),
                    "another container's end killed it");
            // the subshell of `(sleep 1; exit 5)` and its sleep end within a second: none is left, as a zombie or not
            String left = "";
            for (int i = 0; i < 100; i++) {
                Thread.sleep(100);
                left = ok("exec", "exec-orphans", "sh", "-c", "ps -o stat,args | awk '$1 ~ /Z/ || /[e]xit 5/ || ($2 == \"sleep\" && $3 == 1)'");
                if (left.isEmpty()) break;
            }
            assertEquals("", left);
        } finally {
            ok("rm", "-f", "exec-orphans");
        }
    }

    /** `docker exec -it`: the exec's shell has the terminal as its controlling one (tty names it, ls /dev/pts lists it
     * with ptmx; Ctrl-C reaches its job). */
    @Test
    void execWithATerminal() {
        ok("run", "-d", "--name", "exec-tty", alpine, "sleep", "120");
        Path drive = Repo.root().resolve("cli/src/test/resources/pty-drive.py");
        List<String> argv = new ArrayList<>(List.of("python3", drive.toString(),
                "WAIT:# |tty\\n|WAIT:/dev/pts/|echo term=$TERM\\n|WAIT:term=xterm|stty size\\n|WAIT:40 120|sleep 60\\n|\\x03|echo interrupted\\n|WAIT:interrupted|"
                        + "n=$(basename $(tty)); for f in $(ls /dev/pts); do [ $f = $n ] && echo own\"\"-listed; "
                        + "[ $f = ptmx ] && echo ptmx\"\"-listed; done\\n|WAIT:ptmx-listed|exit 3\\n",
                "docker", "exec", "-it", "exec-tty", "sh"));
        Command.Result r = Command.run(argv, engine.env(), null, 60);
        assertFalse(r.stdout().contains("not a tty"), r.toString());
        assertTrue(r.stdout().contains("/dev/pts/"), r.toString());
        assertTrue(r.stdout().contains("40 120"), r.toString());
        assertTrue(r.stdout().contains("^C"), r.toString());
        assertTrue(r.stdout().contains("own-listed"), "ls /dev/pts lists the terminal: " + r);
        assertTrue(r.stdout().contains("[exit 3]"), r.toString());
        ok("rm", "-f", "exec-tty");
    }

    @Test
    void detachedContainerLifecycle() {
        String id = ok("run", "-d", "--name", "ticker", alpine, "sh", "-c",
                "trap 'echo bye; exit 0' TERM; echo started; while true; do sleep 0.2; done");
        assertEquals(64, id.length());
        assertTrue(ok("ps", "--format", "{{.Names}} {{.Status}}").contains("ticker Up"));
        waitForLog("ticker", "started");
        Command.Result exec = docker("exec", "ticker", "sh", "-c", "echo in-exec; exit 7");
        assertEquals(7, exec.exitCode(), exec.toString());
        assertEquals("in-exec\n", exec.stdout());
        Command.Result nowhere = docker("exec", "-w", "/nonexistent", "ticker", "pwd");
        assertEquals(126, nowhere.exitCode(), "an exec that cannot start, as moby ends it: " + nowhere);
        // Its error comes on the exec's stdout, as moby writes it into the stream (it came on stderr).
        assertTrue(nowhere.stdout().startsWith("OCI runtime exec failed: "), nowhere.toString());
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "ticker"));
        ok("stop", "ticker");
        assertEquals("exited 0", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "ticker"));
        assertTrue(ok("logs", "ticker").endsWith("bye"));
        ok("start", "ticker");
        Command.Result same = docker("rename", "ticker", "ticker");
        assertTrue(same.exitCode() != 0 && same.stderr().contains("same name as its current name"), same.toString());
        ok("rename", "ticker", "ticker2");
        ok("kill", "ticker2");
        assertEquals("137", ok("wait", "ticker2"));
        // -l and -n N: the latest made, stopped ones too (moby's limit takes every state)
        ok("create", "--name", "made-last", alpine, "true");
        assertEquals("made-last", ok("ps", "-l", "--format", "{{.Names}}"));
        assertEquals(List.of("made-last", "ticker2"), ok("ps", "-n", "2", "--format", "{{.Names}}").lines().toList());
        ok("rm", "made-last");
        ok("restart", "ticker2");
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "ticker2"));
        ok("rm", "-f", "ticker2");
        assertEquals(1, docker("inspect", "ticker2").exitCode());
    }

    /**
     * A first process that handles no signal outlives SIGTERM, as a namespace's init does
     * (`docker stop` then kills it after the grace: 137); with `--init`, docker-init is pid 1
     * and passes SIGTERM on to it, which ends it (143), and reaps what it leaves.
     */
    @Test
    void pid1TakesNoSignalAtItsDefaultUnlessRunWithInit() {
        String bare = ok("run", "-d", alpine, "sleep", "600");
        ok("kill", "-s", "TERM", bare);
        sleep(500);
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", bare));
        ok("stop", "-t", "1", bare);
        assertEquals("137", ok("inspect", "--format", "{{.State.ExitCode}}", bare));
        ok("rm", bare);

        List<String> ps = ok("run", "--rm", "--init", alpine, "ps", "-o", "pid,comm").lines().map(String::strip).toList();
        assertTrue(ps.contains("1 docker-init") && ps.contains("2 ps"), ps.toString());
        String init = ok("run", "-d", "--init", alpine, "sh", "-c", "sleep 600 & exec sleep 600");
        assertEquals("true", ok("inspect", "--format", "{{.HostConfig.Init}}", init));
        ok("kill", "-s", "TERM", init);
        assertEquals("143", ok("wait", init));
        ok("rm", init);
        Command.Result missing = docker("run", "--rm", "--init", alpine, "no-such-program");
        assertEquals(127, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("exec no-such-program failed: No such file or directory"), missing.toString());
    }

    /** `docker export`: the container's root file system as a tar, names relative to it, its changes in, volumes out. */
    @Test
    void exportGivesTheRootFileSystemWithoutVolumes() throws IOException {
        String id = ok("run", "-d", "-v", "export-vol:/data", alpine, "sh", "-c",
                "echo new > /tmp/new; echo kept > /data/in-volume; rm /etc/motd; echo ready; sleep 600");
        waitForLog(id, "ready");
        Path tar = dir.resolve("export.tar");
        ok("export", "-o", tar.toString(), id);
        List<String> names = Command.ok("tar", "-tf", tar.toString()).stdout().lines().toList();
        assertTrue(names.contains("bin/busybox") && names.contains("etc/passwd") && names.contains("tmp/new"), names.toString());
        // dockerd's init layer: its mount points and files, empty, as the daemon's view of the root holds them
        for (String initLayer : List.of(".dockerenv", "dev/console", "dev/pts/", "dev/shm/", "proc/", "sys/", "etc/hostname", "etc/hosts",
                "etc/resolv.conf", "etc/mtab"))
            assertTrue(names.contains(initLayer), initLayer + " in " + names);
        assertTrue(names.stream().noneMatch(n -> n.startsWith("/") || n.startsWith("./")), names.toString());
        assertFalse(names.contains("etc/motd"), "a removed file is not exported");
        assertFalse(names.contains("data/in-volume"), "a volume's files are not the container's");
        assertEquals("new\n", Command.ok("tar", "-xOf", tar.toString(), "tmp/new").stdout());
        Command.Result missing = docker("export", "no-such-container");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("No such container: no-such-container"), missing.toString());
        ok("rm", "-f", id);
        ok("volume", "rm", "export-vol");
    }

    private void waitForLog(String container, String text) {
        for (int i = 0; i < 100; i++) {
            if (docker("logs", container).stdout().contains(text)) return;
            sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the log of " + container);
    }

    @Test
    void logsFollowEndsWithTheContainer() {
        ok("run", "-d", "--name", "counter", alpine, "sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done");
        Command.Result f = docker("logs", "-f", "counter");
        assertEquals("line 1\nline 2\nline 3\n", f.stdout(), f.toString());
        assertEquals("line 3", ok("logs", "--tail", "1", "counter"));
        assertTrue(ok("logs", "-t", "counter").lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*Z line \\d")));
        // --details: each line after its attributes (none) and a space, as dockerd's
        assertEquals(List.of(" line 1", " line 2", " line 3"), docker("logs", "--details", "counter").stdout().lines().toList());
        ok("rm", "counter");
        // With the labels and variables --log-opt names (by name or pattern): by name, URL-encoded, as dockerd's.
        ok("run", "--name", "detailed", "-l", "app=web", "-l", "team=a b", "-l", "other=x", "-e", "ENVV=1", "-e", "REGION=eu",
                "--log-opt", "labels=app,team,missing", "--log-opt", "env=ENVV", "--log-opt", "env-regex=^REG",
                alpine, "echo", "detailed");
        assertEquals("ENVV=1,REGION=eu,app=web,team=a+b detailed\n", docker("logs", "--details", "detailed").stdout());
        ok("rm", "detailed");
    }

    @Test
    void eventsTellTheLifeOfAContainer() {
        long since = Instant.now().getEpochSecond() - 1;
        ok("run", "--rm", "--name", "evented", alpine, "true");
        long until = Instant.now().getEpochSecond() + 1;
        String events = ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "container=evented", "--format", "{{.Action}}");
        assertEquals(List.of("create", "attach", "start", "die", "destroy"), events.lines().toList());
        // --since 0: every event kept, from the first (the CLI sends "0", which for logs means no bound)
        assertEquals(events, ok("events", "--since", "0", "--until", Long.toString(until), "--filter", "container=evented",
                "--format", "{{.Action}}"));
        // --until alone replays the kept events too, as moby's (it only streamed new ones before)
        assertEquals(events, ok("events", "--until", Long.toString(until), "--filter", "container=evented", "--format", "{{.Action}}"));
        // exec, kill and stop, as moby tells them: the command in the exec's actions, the signal's number
        ok("run", "-d", "--name", "evented2", alpine, "sleep", "60");
        assertEquals(3, docker("exec", "evented2", "sh", "-c", "exit 3").exitCode());
        ok("kill", "-s", "USR1", "evented2");
        ok("stop", "-t", "0", "evented2");
        // a restart tells it is one, and a forced remove of a running container kills it first (neither did before)
        ok("restart", "-t", "0", "evented2");
        ok("rm", "-f", "evented2");
        String more = ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=evented2", "--format", "{{.Action}} {{index .Actor.Attributes \"signal\"}}{{index .Actor.Attributes \"exitCode\"}}");
        assertEquals(List.of("create ", "start ", "exec_create: sh -c exit 3 ", "exec_start: sh -c exit 3 ", "exec_die 3",
                "kill 10", "kill 15", "kill 9", "die 137", "stop ", "start ", "restart ", "kill 9", "die 137", "destroy"),
                more.lines().toList());
        // exec_create, exec_start and health_status name actions with a detail by their start, as moby's (they matched none)
        assertEquals(List.of("exec_create: sh -c exit 3", "exec_start: sh -c exit 3"), ok("events", "--since", Long.toString(since),
                "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=evented2",
                "--filter", "event=exec_create", "--filter", "event=exec_start", "--format", "{{.Action}}").lines().toList());
        // a run on a network joins it and leaves it, as moby tells it (the bridge for a plain run)
        String third = ok("run", "-d", alpine, "true");
        ok("wait", third);
        String net = ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "type=network", "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.container}}");
        assertEquals(List.of("connect bridge", "disconnect bridge"), net.lines().filter(l -> l.endsWith(third))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList());
        // in moby's order among the container's own: the disconnect after the die (it came before)
        String both = ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "type=network", "--filter", "type=container",
                "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.container}}");
        assertEquals(List.of("container create", "network connect", "container start", "container die", "network disconnect"),
                both.lines().filter(l -> l.contains(third)).map(l -> l.substring(0, l.indexOf(' ', l.indexOf(' ') + 1))).toList());
        ok("rm", third);
    }

    /** The built-in image comes into the store on first use: an import event, once, tells clients that list images on events. */
    @Test
    void theBuiltInImagesImportIsAnEvent() {
        ok("run", "--rm", "localhost/lamina/default", "true");
        ok("run", "--rm", "localhost/lamina/default", "true");
        long now = Instant.now().getEpochSecond();
        String events = ok("events", "--since", Long.toString(now - 3600), "--until", Long.toString(now + 1),
                "--filter", "type=image", "--filter", "event=import", "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        assertEquals(List.of("import localhost/lamina/default:latest"),
                events.lines().filter(l -> l.contains("lamina/default")).toList(), "once, whatever else other tests import");
    }

    /**
     * What dockerd gives a container beyond its image: /.dockerenv (which `docker diff`
     * leaves out), HOME from the process's user's passwd entry, HOSTNAME, and a Config.Env
     * of the user's entries and the image's (neither HOSTNAME nor HOME: the process's).
     */
    @Test
    void dockerenvHomeAndTheConfigsEnvAsDockers() {
        assertEquals("-rwxr-xr-x 0", ok("run", "--rm", alpine, "stat", "-c", "%A %s", "/.dockerenv"));
        assertEquals("/root", ok("run", "--rm", alpine, "sh", "-c", "echo $HOME"));
        assertEquals("/", ok("run", "--rm", "-u", "nobody", alpine, "sh", "-c", "echo $HOME"), "nobody's home in alpine's passwd");
        ok("run", "-d", "--name", "env-shown", "-e", "A=1", "--hostname", "hh", alpine, "sleep", "60");
        assertEquals("[A=1 " + ContainerSpec.DEFAULT_PATH + "]", ok("inspect", "-f", "{{.Config.Env}}", "env-shown"));
        assertEquals("hh /root 1", ok("exec", "env-shown", "sh", "-c", "echo $HOSTNAME $HOME $A"));
        assertEquals("/", ok("exec", "-u", "nobody", "env-shown", "sh", "-c", "echo $HOME"));
        assertEquals("", ok("diff", "env-shown"));
        ok("rm", "-f", "env-shown");
    }

    @Test
    void namedVolumesOutliveContainers() {
        long since = Instant.now().getEpochSecond() - 1;
        ok("volume", "create", "shared");
        String writer = ok("run", "-d", "-v", "shared:/data", "-v", "/tmp:/host-tmp:ro", "--tmpfs", "/scratch", alpine, "sh", "-c",
                "echo kept > /data/f");
        ok("wait", writer);
        // moby's volume events: the volume mounted as the container starts, let go as it ends (binds and tmpfs tell none)
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        assertEquals(List.of("mount shared {\"container\":\"" + writer + "\",\"destination\":\"/data\",\"driver\":\"local\","
                        + "\"propagation\":\"\",\"read/write\":\"true\"}",
                "unmount shared {\"container\":\"" + writer + "\",\"driver\":\"local\"}"),
                ok("events", "--since", Long.toString(since), "--until", until, "--filter", "type=volume", "--format",
                        "{{.Action}} {{.Actor.ID}} {{json .Actor.Attributes}}").lines().filter(l -> l.contains(writer)).toList());
        assertEquals(List.of("container create", "volume mount", "container start", "container die", "volume unmount"),
                ok("events", "--since", Long.toString(since), "--until", until, "--filter", "type=volume", "--filter", "type=container",
                        "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.container}}")
                        .lines().filter(l -> l.contains(writer)).map(l -> l.substring(0, l.indexOf(' ', l.indexOf(' ') + 1))).toList());
        ok("rm", writer);
        assertEquals("kept", ok("run", "--rm", "-v", "shared:/data", alpine, "cat", "/data/f"));
        assertTrue(ok("volume", "ls", "--format", "{{.Name}}").lines().anyMatch("shared"::equals));
        ok("create", "--name", "holds-shared", "-v", "shared:/data", alpine, "true");
        ok("create", "--name", "holds-none", alpine, "true");
        // ps's volume filter: by the volume's name or the mount's destination, as Docker's
        assertEquals("holds-shared", ok("ps", "-a", "--filter", "volume=shared", "--format", "{{.Names}}"));
        assertEquals("holds-shared", ok("ps", "-a", "--filter", "volume=/data", "--format", "{{.Names}}"));
        ok("rm", "holds-shared", "holds-none");
        ok("volume", "rm", "shared");
        // A bad mode is refused in dockerd's words before the volume it names is made.
        Command.Result bad = docker("run", "--rm", "-v", "never-made:/x:rw,bogus", alpine, "true");
        assertEquals(125, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("invalid mode: rw,bogus") && !bad.stderr().contains("_data"), bad.stderr());
        assertTrue(ok("volume", "ls", "--format", "{{.Name}}").lines().noneMatch("never-made"::equals), "no volume left behind");
        // --volume-driver: only the local one is here, as a dockerd without plugins says (it was ignored); a run with no
        // volume is not asked for it
        Command.Result plugin = docker("run", "--rm", "--volume-driver", "nfsplugin", "-v", "never-made:/x", alpine, "true");
        assertEquals(125, plugin.exitCode(), plugin.toString());
        assertTrue(plugin.stderr().contains("error looking up volume plugin nfsplugin: plugin \"nfsplugin\" not found"), plugin.toString());
        assertTrue(ok("volume", "ls", "--format", "{{.Name}}").lines().noneMatch("never-made"::equals), "no volume left behind");
        String noVolume = ok("create", "--volume-driver", "nfsplugin", alpine, "true");
        assertEquals("nfsplugin", ok("inspect", "--format", "{{.HostConfig.VolumeDriver}}", noVolume));
        ok("rm", noVolume);
    }

    /**
     * `--mount` (HostConfig.Mounts): a read-only bind, a named volume shared by two
     * containers and given labels, an anonymous volume `--rm` removes, a tmpfs with its
     * mode; and moby's refusals with its messages. Before, the engine dropped Mounts
     * and ran the container with none of them.
     */
    @Test
    void mountsOfEachTypeAndTheirRefusals() throws IOException {
        Path src = Files.createDirectories(dir.resolve("mount-src"));
        Files.writeString(src.resolve("f"), "from-host\n");
        Set<String> before = Set.copyOf(ok("volume", "ls", "-q").lines().toList());
        assertEquals("from-host\nread-only\nstored\ndrwxrwx---\nanon", ok("run", "--rm",
                "--mount", "type=bind,source=" + src + ",target=/src,readonly",
                "--mount", "type=volume,source=mounted,target=/data,volume-label=made=by-mount",
                "--mount", "type=volume,target=/anon",
                "--mount", "type=tmpfs,destination=/scratch,tmpfs-mode=0770",
                alpine, "sh", "-c", "cat /src/f; touch /src/g 2>/dev/null || echo read-only; echo stored > /data/x; cat /data/x; "
                        + "stat -c %A /scratch; echo anon > /anon/y && cat /anon/y"));
        assertEquals("stored", ok("run", "--rm", "--mount", "source=mounted,target=/again", alpine, "cat", "/again/x"));
        assertEquals("by-mount", ok("volume", "inspect", "mounted", "--format", "{{index .Labels \"made\"}}"));
        assertEquals(Set.of("mounted"), Set.copyOf(ok("volume", "ls", "-q").lines().filter(v -> !before.contains(v)).toList()),
                "--rm removed the anonymous one");
        // inspect shows HostConfig as given, as moby keeps it (the Mounts were shown folded into Binds, the anonymous volume
        // of -v among them), and the tmpfs of --mount among what the container mounts
        String shown = ok("create", "-v", "/plain-anon", "-v", src + ":/v", "--tmpfs", "/t",
                "--mount", "type=bind,source=" + src + ",target=/src,readonly", "--mount", "type=tmpfs,destination=/scratch", alpine, "true");
        assertEquals("[" + src + ":/v] map[/t:] 2 bind tmpfs", ok("inspect", shown, "--format",
                "{{.HostConfig.Binds}} {{.HostConfig.Tmpfs}} {{len .HostConfig.Mounts}} {{range .HostConfig.Mounts}}{{.Type}} {{end}}").strip());
        assertEquals(List.of("/plain-anon volume true", "/scratch tmpfs true", "/src bind false", "/v bind true"), ok("inspect", shown,
                "--format", "{{range .Mounts}}{{.Destination}} {{.Type}} {{.RW}}\n{{end}}").lines().sorted().toList());
        ok("rm", "-v", shown);
        ok("volume", "rm", "mounted");

        Command.Result missing = docker("run", "--rm", "--mount", "type=bind,source=" + dir.resolve("nowhere") + ",target=/x", alpine, "true");
        assertEquals(125, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("invalid mount config for type \"bind\": bind source path does not exist: "
                + dir.resolve("nowhere")), missing.toString());
        Command.Result twice = docker("run", "--rm", "-v", src + ":/x", "--mount", "type=tmpfs,target=/x", alpine, "true");
        assertEquals(125, twice.exitCode(), twice.toString());
        assertTrue(twice.stderr().contains("Duplicate mount point: /x"), twice.toString());
    }

    /**
     * Mounts as Docker places and refuses them (found by a differential probe against dockerd): a mount inside
     * another has its mount point in the outer one, which lists it (it listed nothing); a path mounted twice by
     * -v or --tmpfs, a relative --tmpfs path, an option tmpfs does not take, and a directory bound over a file of
     * the image or a file over a directory are refused, with moby's messages (all ran before, or failed at the
     * start with the engine's own paths in the message); a volume in use names every user.
     */
    @Test
    void mountRefusalsAndNestedMountPointsAsDockers() throws IOException {
        Path outer = Files.createDirectories(dir.resolve("nest-outer")), inner = Files.createDirectories(dir.resolve("nest-inner"));
        assertEquals("b", ok("run", "--rm", "-v", outer + ":/n", "-v", inner + ":/n/b", alpine, "ls", "/n"));
        assertTrue(Files.isDirectory(outer.resolve("b")), "made in the outer directory, as Docker makes it");
        Path file = Files.writeString(dir.resolve("nest-file"), "x\n");
        List<List<String>> refusals = List.of(
                List.of("Duplicate mount point: /b", "-v", outer + ":/b", "-v", inner + ":/b/"),
                List.of("Duplicate mount point: /b", "-v", outer + ":/b", "--tmpfs", "/b"),
                List.of("invalid mount path: 'rel' mount path must be absolute", "--tmpfs", "rel"),
                List.of("invalid tmpfs option [\"foo\" \"bar\"]", "--tmpfs", "/a:foo=bar"),
                List.of("invalid tmpfs option [\"size\" \"abc\"]", "--tmpfs", "/a:size=abc"),
                List.of("Are you trying to mount a directory onto a file (or vice-versa)?", "-v", file + ":/etc"),
                List.of("Are you trying to mount a directory onto a file (or vice-versa)?", "-v", outer + ":/etc/passwd"));
        for (int i = 0; i < refusals.size(); i++) {
            List<String> args = new ArrayList<>(List.of("run", "--name", "refused-" + i));
            args.addAll(refusals.get(i).subList(1, refusals.get(i).size()));
            args.addAll(List.of(alpine, "true"));
            Command.Result r = docker(args.toArray(String[]::new));
            docker("rm", "-f", "refused-" + i);
            assertEquals(125, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains(refusals.get(i).getFirst()), r.toString());
            assertFalse(r.stderr().contains(dir.resolve("data").toString()), "no path of the engine's own: " + r);
        }
        String first = ok("create", "-v", "shared-vol:/v", alpine, "true"), second = ok("create", "-v", "shared-vol:/v", alpine, "true");
        Command.Result inUse = docker("volume", "rm", "shared-vol");
        assertEquals(1, inUse.exitCode(), inUse.toString());
        assertTrue(inUse.stderr().contains(first) && inUse.stderr().contains(second), inUse.toString());
        ok("rm", first, second);
        ok("volume", "rm", "shared-vol");
    }

    /**
     * From the fiftieth session's probe of the docker CLI against dockerd: `docker import` without a name makes a
     * dangling image (`image prune` takes it), not a name of the engine's; a commit's message is the image's
     * Comment and a base's comment is not inherited; `docker cp` into a container keeps a symlink's own time; an
     * exec reaches a `-t` container's terminal (writing to pid 1's output, as cron-style images do; /dev/pts lists
     * it).
     */
    @Test
    void danglingImportCommitCommentLinkTimesAndTheContainersTerminal() throws IOException {
        String id = ok("import", dev.lamina.cli.testing.AlpineRootfs.tarball("x86_64").toString());
        assertEquals("<none>:<none>", ok("image", "inspect", "--format", "{{if .RepoTags}}{{.RepoTags}}{{else}}<none>:<none>{{end}}", id));
        assertEquals("3.20.3", ok("run", "--rm", id, "cat", "/etc/alpine-release"));
        assertEquals("Imported from -", ok("image", "inspect", "--format", "{{.Comment}}", id));
        ok("run", "--name", "commented", id, "touch", "/made");
        ok("commit", "-m", "a message", "commented", "commented:1");
        ok("commit", "commented", "commented:2");
        assertEquals("a message|", ok("image", "inspect", "--format", "{{.Comment}}", "commented:1") + "|"
                + ok("image", "inspect", "--format", "{{.Comment}}", "commented:2"));
        ok("rm", "commented");
        ok("rmi", "commented:1", "commented:2");
        assertTrue(ok("image", "prune", "-f").contains(id.substring("sha256:".length())), "the dangling import is pruned");

        Path tree = Files.createDirectories(dir.resolve("linked"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(tree.resolve("l"), Path.of("f"));
        Command.ok("touch", "-h", "-d", "2001-01-01 00:00:00", tree.resolve("l").toString());
        ok("run", "-d", "-t", "--name", "termed", alpine, "sleep", "600");
        try {
            ok("cp", tree.toString(), "termed:/mt");
            assertEquals("2001", ok("exec", "termed", "sh", "-c", "stat -c %y /mt/l").substring(0, 4));
            ok("exec", "termed", "sh", "-c", "echo to-the-log > /proc/1/fd/1");
            assertTrue(ok("logs", "termed").contains("to-the-log"), "the exec wrote to the container's terminal");
            String pts = ok("exec", "termed", "sh", "-c", "ls /dev/pts | sort -n | tr '\\n' ' '").strip();
            assertTrue(pts.matches("[0-9]+ ptmx"), pts); // the terminal, by the host's number
        } finally {
            ok("rm", "-f", "termed");
        }
    }

    /**
     * `docker import URL`: the engine downloads the tarball, as moby's (it answered "fromImage or fromSrc=- is
     * required"); a URL that does not answer 200 is refused with its status; `docker search`, which a registry's
     * v2 API cannot serve, is refused saying so (it was "method GET not allowed").
     */
    @Test
    void importFromAUrlAndNoSearch() throws IOException {
        Path tarball = dev.lamina.cli.testing.AlpineRootfs.tarball("x86_64");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rootfs.tar.gz", x -> {
            x.sendResponseHeaders(200, Files.size(tarball));
            try (java.io.OutputStream out = x.getResponseBody()) {
                Files.copy(tarball, out);
            }
        });
        server.createContext("/missing", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            ok("import", url + "/rootfs.tar.gz", "from-url:1");
            assertEquals("3.20.3", ok("run", "--rm", "from-url:1", "cat", "/etc/alpine-release"));
            assertEquals("Imported from " + url + "/rootfs.tar.gz", ok("history", "--format", "{{.Comment}}", "from-url:1"));
            Command.Result missing = docker("import", url + "/missing", "nope:1");
            assertEquals(1, missing.exitCode(), missing.toString());
            assertTrue(missing.stderr().contains("the server answered 404"), missing.toString());
        } finally {
            server.stop(0);
            docker("rmi", "from-url:1");
        }
        Command.Result search = docker("search", "alpine");
        assertEquals(1, search.exitCode(), search.toString());
        assertTrue(search.stderr().contains("docker search is not supported by Lamina"), search.toString());
    }

    /**
     * Idioms of `docker run` as Docker answers them: `--entrypoint ""` runs the command alone
     * (it ran a program named ""), `-w` with a directory that is not there and `-v` with a
     * host directory that is not there make them (both were refused).
     */
    @Test
    void anEmptyEntrypointAndAMissingHostDirectory() throws IOException {
        assertEquals("hi", ok("run", "--rm", "--entrypoint", "", alpine, "echo", "hi"));
        assertEquals("/new/dir drwxr-xr-x root", ok("run", "--rm", "-u", "nobody", "-w", "/new/dir", alpine, "sh", "-c",
                "echo $(pwd) $(stat -c '%A %U' .)"), "a working directory missing is made, root's");
        Path made = dir.resolve("made/by/run");
        ok("run", "--rm", "-v", made + ":/b", alpine, "sh", "-c", "echo x > /b/f");
        assertEquals("x\n", Files.readString(made.resolve("f")));
    }

    /**
     * `docker exec -u USER` runs with that user's groups, as Docker's: it had the container
     * user's (root's group 0), and read what only group root may.
     */
    @Test
    void anExecAsAnotherUserHasThatUsersGroups() throws IOException {
        ok("run", "-d", "--name", "groups", alpine, "sh", "-c", "echo secret > /secret; chmod 640 /secret; sleep 60");
        assertEquals("65534", ok("exec", "-u", "nobody", "groups", "sh", "-c", "until [ -f /secret ]; do sleep 0.1; done; id -G"));
        Command.Result read = engine.docker("exec", "-u", "nobody", "groups", "cat", "/secret");
        assertEquals(1, read.exitCode(), read.toString());
        assertTrue(read.stderr().contains("Permission denied"), read.toString());
        assertEquals("0 1 2 3 4 6 10 11 20 26 27", ok("exec", "groups", "id", "-G"), "root's groups from /etc/group");
        // inspect's State.Pid is the host pid of the container's first process, as Docker's is its init's
        String pid = ok("inspect", "groups", "--format", "{{.State.Pid}}");
        assertTrue(Files.readSymbolicLink(Path.of("/proc", pid, "exe")).toString().endsWith("lamina-init"), pid);
        ok("rm", "-f", "groups");
        ok("create", "--name", "checked", "--health-cmd", "true", "--stop-timeout", "7", alpine, "true");
        assertEquals("[\"CMD-SHELL\",\"true\"] 7 0", ok("inspect", "checked", "--format",
                "{{json .Config.Healthcheck.Test}} {{.Config.StopTimeout}} {{.State.Pid}}"), "inspect shows the check and timeout asked for");
        ok("rm", "checked");
    }

    /** `--log-driver`: json-file and local keep the log; none keeps none (attached clients still see the output);
     * drivers that send logs elsewhere are refused. Before, every driver was accepted and json-file kept. */
    @Test
    void logDriversAsDockers() {
        assertEquals("attached", ok("run", "--rm", "--log-driver", "none", alpine, "echo", "attached"));
        ok("run", "-d", "--name", "unlogged", "--log-driver", "none", alpine, "echo", "hi");
        ok("wait", "unlogged");
        Command.Result logs = engine.docker("logs", "unlogged");
        assertEquals(1, logs.exitCode(), logs.toString());
        assertTrue(logs.stderr().contains("configured logging driver does not support reading"), logs.toString());
        assertEquals("none", ok("inspect", "unlogged", "--format", "{{.HostConfig.LogConfig.Type}}"));
        ok("rm", "unlogged");
        ok("run", "-d", "--name", "logged", "--log-driver", "local", "--log-opt", "max-size=1m", alpine, "echo", "kept");
        ok("wait", "logged");
        assertEquals("kept", ok("logs", "logged"));
        assertEquals("local map[max-size:1m]", ok("inspect", "logged", "--format", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}"));
        ok("rm", "logged");
        ok("create", "--name", "opts-only", "--log-opt", "max-size=2m", alpine, "true");
        assertEquals("json-file map[max-size:2m]", ok("inspect", "opts-only", "--format", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}"));
        ok("rm", "opts-only");
        Command.Result syslog = engine.docker("run", "--rm", "--log-driver", "syslog", alpine, "true");
        assertEquals(125, syslog.exitCode(), syslog.toString());
        assertTrue(syslog.stderr().contains("the logging driver \"syslog\" is not served"), syslog.toString());
    }

    /** `--uts host` gives the host's name; `--pid host` and `--device` are refused (a container sees its own
     * processes only, and no host device). Before, all were accepted and ignored. */
    @Test
    void utsAndPidModes() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(host + " " + host, ok("run", "--rm", "--uts", "host", alpine, "sh", "-c", "echo $(hostname) $HOSTNAME"));
        Command.Result both = engine.docker("run", "--rm", "--uts", "host", "--hostname", "mine", alpine, "true");
        assertEquals(125, both.exitCode(), both.toString());
        assertTrue(both.stderr().contains("Conflicting options: hostname and the UTS mode"), both.toString());
        Command.Result pid = engine.docker("run", "--rm", "--pid", "host", alpine, "true");
        assertEquals(125, pid.exitCode(), pid.toString());
        assertTrue(pid.stderr().contains("the PID mode \"host\" is not served"), pid.toString());
        Command.Result device = engine.docker("run", "--rm", "--device", "/dev/null:/dev/mine", alpine, "true");
        assertEquals(125, device.exitCode(), device.toString());
        assertTrue(device.stderr().contains("host devices (--device, --gpus) are not served"), device.toString());
    }

    /** `--network host` takes the host's name and /etc/hosts, as dockerd's (a name given still wins, and
     * `--add-host` makes Docker's file). Before, the container kept its own name and hosts file. */
    @Test
    void hostNetworkTakesTheHostsNameAndHostsFile() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(host + " " + host, ok("run", "--rm", "--network", "host", alpine, "sh", "-c", "echo $(hostname) $HOSTNAME"));
        assertEquals(Files.readString(Path.of("/etc/hosts")).strip(), ok("run", "--rm", "--network", "host", alpine, "cat", "/etc/hosts"));
        assertEquals("mine", ok("run", "--rm", "--network", "host", "--hostname", "mine", alpine, "hostname"));
        String added = ok("run", "--rm", "--network", "host", "--add-host", "db:10.1.2.3", alpine, "cat", "/etc/hosts");
        assertTrue(added.contains("10.1.2.3\tdb") && added.contains("127.0.0.1\tlocalhost"), added);
    }

    /** A hostname with a domain resolves by its full name and by the name before its first dot, as libnetwork
     * writes /etc/hosts (the short name was missing). */
    @Test
    void aQualifiedHostnameResolvesShortToo() {
        assertEquals("web.example.com web", ok("run", "--rm", "--hostname", "web.example.com", alpine, "sh", "-c",
                "grep -w \"$(hostname)\" /etc/hosts | cut -f2"));
        assertEquals("db.internal db", ok("run", "--rm", "--hostname", "db", "--domainname", "internal", alpine, "sh", "-c",
                "grep -w db /etc/hosts | cut -f2"));
        // The domain is the container's NIS domain too, as its UTS namespace's ("(none)" without one).
        assertEquals("internal", ok("run", "--rm", "--domainname", "internal", alpine, "cat", "/proc/sys/kernel/domainname"));
        assertEquals("(none)", ok("run", "--rm", alpine, "cat", "/proc/sys/kernel/domainname"));
    }

    /** An ancestor filter names an image by any of its names or its id, as moby resolves it: every container made from
     * that image matches, whatever name it was made by (the name was compared as written). */
    @Test
    void ancestorFiltersNameTheImage() {
        ok("tag", alpine, "anc-alias:1");
        ok("create", "--name", "anc-by-name", alpine, "true");
        ok("create", "--name", "anc-by-alias", "anc-alias:1", "true");
        String id = ok("image", "inspect", alpine, "--format", "{{.Id}}");
        List<String> both = List.of("anc-by-alias", "anc-by-name");
        for (String ref : List.of(alpine, "anc-alias:1", id, id.substring("sha256:".length(), 19)))
            assertEquals(both, ok("ps", "-a", "--filter", "ancestor=" + ref, "--format", "{{.Names}}").lines()
                    .filter(n -> n.startsWith("anc-")).sorted().toList(), ref);
        assertEquals("", ok("ps", "-a", "--filter", "ancestor=no-such-image:1", "--format", "{{.Names}}"));
        // and every container of an image made from it (a commit's here), not the other way round (it missed those)
        ok("run", "--name", "anc-base", alpine, "touch", "/made");
        ok("commit", "anc-base", "anc-child:1");
        ok("create", "--name", "anc-of-child", "anc-child:1", "true");
        assertEquals(List.of("anc-base", "anc-by-alias", "anc-by-name", "anc-of-child"), ok("ps", "-a", "--filter", "ancestor=" + alpine,
                "--format", "{{.Names}}").lines().filter(n -> n.startsWith("anc-")).sorted().toList());
        assertEquals("anc-of-child", ok("ps", "-a", "--filter", "ancestor=anc-child:1", "--format", "{{.Names}}"));
        ok("rm", "anc-by-name", "anc-by-alias", "anc-base", "anc-of-child");
        ok("rmi", "anc-alias:1", "anc-child:1");
        // what needs it running says so in moby's words
        ok("create", "--name", "anc-stopped", alpine, "true");
        Command.Result exec = docker("exec", "anc-stopped", "true");
        assertTrue(exec.stderr().contains("container " + ok("inspect", "anc-stopped", "--format", "{{.Id}}") + " is not running"),
                exec.toString());
        ok("rm", "anc-stopped");
    }

    /** A name filter is a regular expression, as moby's, found in the name with or without its slash (`^/web$`,
     * the common script idiom, matched nothing before: names were compared as substrings). */
    @Test
    void nameFiltersAreRegularExpressions() {
        ok("create", "--name", "rx-web", alpine, "true");
        ok("create", "--name", "rx-web2", alpine, "true");
        ok("volume", "create", "rx-vol1");
        try {
            assertEquals("rx-web", ok("ps", "-a", "--filter", "name=^/rx-web$", "--format", "{{.Names}}"));
            assertEquals("rx-web", ok("ps", "-a", "--filter", "name=^rx-web$", "--format", "{{.Names}}"));
            assertEquals("rx-web2", ok("ps", "-a", "--filter", "name=rx-w.b[0-9]", "--format", "{{.Names}}"));
            assertEquals(List.of("rx-web", "rx-web2"),
                    ok("ps", "-a", "--filter", "name=rx-web", "--format", "{{.Names}}").lines().sorted().toList());
            assertEquals("rx-vol1", ok("volume", "ls", "-q", "--filter", "name=^rx-vol[0-9]$"));
        } finally {
            ok("rm", "rx-web", "rx-web2");
            ok("volume", "rm", "rx-vol1");
        }
    }

    /** inspect's Config shows the command as dockerd merges it: the image's Entrypoint and Cmd unless the create
     * names its own (an entrypoint asked drops the image's Cmd). Before, both showed null when taken from the image. */
    @Test
    void inspectShowsTheImagesCommandMerged() {
        ok("create", "--name", "merge-src", alpine, "true");
        ok("commit", "--change", "ENTRYPOINT [\"echo\",\"ep\"]", "--change", "CMD [\"c1\",\"c2\"]", "merge-src", "merge-img:1");
        String format = "{{json .Config.Entrypoint}} {{json .Config.Cmd}}";
        try {
            ok("create", "--name", "merge-a", "merge-img:1");
            assertEquals("[\"echo\",\"ep\"] [\"c1\",\"c2\"]", ok("inspect", "merge-a", "--format", format));
            ok("create", "--name", "merge-b", "merge-img:1", "x");
            assertEquals("[\"echo\",\"ep\"] [\"x\"]", ok("inspect", "merge-b", "--format", format));
            ok("create", "--name", "merge-c", "--entrypoint", "printf", "merge-img:1");
            assertEquals("[\"printf\"] null", ok("inspect", "merge-c", "--format", format));
            assertEquals("ep c1 c2", ok("start", "-a", "merge-a"));
        } finally {
            engine.docker("rm", "-f", "merge-a", "merge-b", "merge-c", "merge-src");
            engine.docker("rmi", "merge-img:1");
        }
    }

    /** `rmi -f` of a running container's image, as dockerd: by its last name it is only untagged and stays, dangling
     * (ps then shows the container's image by id); by id it is refused. Before, it was deleted under the container. */
    @Test
    void forcedRemovalKeepsARunningContainersImage() {
        ok("create", "--name", "rmi-src", alpine, "true");
        String id = ok("commit", "rmi-src", "rmi-img:1");
        // Listed newest first, as dockerd lists images (they came by name before).
        assertEquals(id, ok("images", "-q", "--no-trunc").lines().findFirst().orElseThrow());
        ok("run", "-d", "--name", "rmi-user", "rmi-img:1", "sleep", "100");
        try {
            assertEquals("Untagged: rmi-img:1", ok("rmi", "-f", "rmi-img:1"));
            assertEquals(id, ok("image", "inspect", "--format", "{{.Id}}", id));
            assertTrue(ok("images", "-q", "--no-trunc", "--filter", "dangling=true").lines().anyMatch(id::equals));
            assertEquals(id.substring("sha256:".length(), "sha256:".length() + 12),
                    ok("ps", "--filter", "name=^rmi-user$", "--format", "{{.Image}}"));
            Command.Result byId = engine.docker("rmi", "-f", id);
            assertEquals(1, byId.exitCode(), byId.toString());
            assertTrue(byId.stderr().contains("(cannot be forced) - image is being used by running container"), byId.toString());
        } finally {
            engine.docker("rm", "-f", "rmi-user", "rmi-src");
            engine.docker("rmi", id);
        }
    }

    /** A stop signal that names none is refused at the create, as dockerd refuses it (it was kept before, and
     * failed the stop). */
    @Test
    void anUnknownStopSignalIsRefused() {
        Command.Result bad = engine.docker("run", "--rm", "--stop-signal", "BOGUS", alpine, "true");
        assertEquals(125, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("Invalid signal: BOGUS"), bad.toString());
        ok("rm", ok("create", "--stop-signal", "SIGUSR1", alpine, "true"));
        // So is a runtime other than Lamina's (or runc, the name of dockerd's default); it was ignored before.
        Command.Result runtime = engine.docker("run", "--rm", "--runtime", "bogus", alpine, "true");
        assertEquals(125, runtime.exitCode(), runtime.toString());
        assertTrue(runtime.stderr().contains("Unknown runtime specified bogus"), runtime.toString());
        assertEquals("", ok("run", "--rm", "--runtime", "runc", alpine, "true"));
    }

    /** `ps -s`, `inspect -s` and the prunes count a container's own files (its image's, shared, only in the virtual
     * size), as dockerd's; they were always 0 before. */
    @Test
    void containerSizesCountItsOwnFiles() {
        ok("run", "--name", "sized", alpine, "dd", "if=/dev/zero", "of=/big", "bs=1024", "count=2048");
        try {
            long image = Long.parseLong(ok("image", "inspect", "--format", "{{.Size}}", alpine));
            assertEquals("2097152 " + (2097152 + image), ok("inspect", "-s", "--format", "{{.SizeRw}} {{.SizeRootFs}}", "sized"));
            assertTrue(ok("ps", "-a", "-s", "--filter", "name=^sized$", "--format", "{{.Size}}").startsWith("2.1MB (virtual "));
            assertEquals("<nil>", ok("inspect", "--format", "{{.SizeRw}}", "sized"));
        } finally {
            ok("rm", "sized");
        }
    }

    /** A container whose start fails stays created, as moby keeps one that never ran, with the exit code and error
     * in its state (it showed as exited before, which `ps --filter status=` told apart from dockerd's). */
    @Test
    void aContainerThatCannotStartStaysCreated() {
        Command.Result r = engine.docker("run", "--name", "never-ran", alpine, "no-such-command");
        assertEquals(127, r.exitCode(), r.toString());
        try {
            assertEquals("created 127", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "never-ran"));
            assertEquals("Created", ok("ps", "-a", "--filter", "name=^never-ran$", "--format", "{{.Status}}"));
            // An argument with a space is quoted as dockerd lists the command.
            String quoted = ok("create", alpine, "sh", "-c", "exit 2");
            assertEquals("\"sh -c 'exit 2'\"", ok("ps", "-a", "--no-trunc", "--filter", "id=" + quoted, "--format", "{{.Command}}"));
            ok("rm", quoted);
            assertFalse(ok("inspect", "--format", "{{.State.Error}}", "never-ran").isEmpty());
        } finally {
            ok("rm", "never-ran");
        }
    }

    /** The working directory is made and entered as root, as dockerd makes it and runc enters it: a user's own under
     * /root works (it failed with 127); one that is a file is refused at the create, as moby refuses it (the start failed). */
    @Test
    void theWorkingDirectoryIsMadeAsRoot() {
        assertEquals("/root/sub 1000", ok("run", "--rm", "-u", "1000", "-w", "/root/sub", alpine, "sh", "-c", "echo $(pwd) $(id -u)"));
        // inspect shows it as asked, or the image's, and "" for neither (as dockerd; "/" before), where the process starts in /
        String none = ok("create", alpine, "pwd");
        try {
            assertEquals("\"\"", ok("inspect", "--format", "{{json .Config.WorkingDir}}", none));
            assertEquals("/", ok("start", "-a", none));
        } finally {
            ok("rm", none);
        }
        Command.Result file = engine.docker("run", "--rm", "-w", "/etc/passwd", alpine, "true");
        assertEquals(125, file.exitCode(), file.toString());
        assertTrue(file.stderr().contains("Cannot mkdir: /etc/passwd is not a directory"), file.toString());
        // refused at the create, as moby's, a symlink to a file too: no container is left
        Command.Result created = engine.docker("create", "--name", "workdir-file", "-w", "/bin/sh", alpine, "true");
        assertNotEquals(0, created.exitCode(), created.toString());
        assertTrue(created.stderr().contains("Cannot mkdir: /bin/sh is not a directory"), created.toString());
        assertEquals("", ok("ps", "-aq", "--filter", "name=^/workdir-file$"));
    }

    /**
     * `--user` as runc reads it: a named group leaves out the user's supplementary groups from /etc/group (they were
     * added, more access than on Docker), for execs too; an empty user is root and an empty group the user's
     * (`"${UID}:${GID}"` with one unset; both were refused).
     */
    @Test
    void userAndGroupAsRuncReadsThem() {
        assertEquals("uid=2(daemon) gid=10(wheel) groups=10(wheel)", ok("run", "--rm", "--user", "daemon:wheel", alpine, "id"));
        assertEquals("1000 0", ok("run", "--rm", "--user", "1000:", alpine, "sh", "-c", "echo $(id -u) $(id -g)"));
        assertEquals("0 1000", ok("run", "--rm", "--user", ":1000", alpine, "sh", "-c", "echo $(id -u) $(id -g)"));
        ok("run", "-d", "--name", "grouped", alpine, "sleep", "600");
        try {
            assertEquals("uid=2(daemon) gid=10(wheel) groups=10(wheel)", ok("exec", "--user", "daemon:wheel", "grouped", "id"));
            assertTrue(ok("exec", "--user", "daemon", "grouped", "id").contains("4(adm)"), "without a group, the user's own");
        } finally {
            engine.docker("rm", "-f", "grouped");
        }
    }

    /**
     * A container stopped while its first process has children leaves no zombies in the engine: the children,
     * reparented to the engine (a subreaper) as their parent died, were killed and never reaped, two more
     * defunct processes at every such stop (found by a differential probe).
     */
    @Test
    void aStoppedContainersChildrenLeaveNoZombies() throws Exception {
        long before = zombies(engine.process().toHandle());
        ok("run", "-d", "--name", "parent-of-two", alpine, "sh", "-c", "sleep 1234 & sleep 4321 & wait");
        ok("stop", "-t", "1", "parent-of-two");
        ok("rm", "parent-of-two");
        long after = zombies(engine.process().toHandle());
        for (int i = 0; i < 50 && after > before; i++, Thread.sleep(100)) after = zombies(engine.process().toHandle());
        assertEquals(before, after, "zombie children of the engine");
    }

    /** The engine JVM's children that have ended and are not reaped. */
    private static long zombies(ProcessHandle engine) {
        return engine.children().filter(p -> {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (java.io.IOException gone) {
                return false;
            }
        }).count();
    }

    /**
     * `--link NAME:ALIAS` on the default bridge, as moby's legacy links: the target's address under the alias and
     * its name in /etc/hosts, moby's ALIAS_PORT..., ALIAS_NAME and ALIAS_ENV_... variables (not HOME or PATH), for
     * execs too; inspect shows "/TARGET:/SELF/ALIAS"; a link to no container is refused at the create with 400 (a
     * 404 makes the CLI pull the image), one to a stopped container fails the start. Links were ignored before.
     */
    @Test
    void legacyLinksAsDockers() {
        ok("run", "-d", "--name", "linked-db", "-e", "SECRET=s3", "--expose", "5432", alpine, "sleep", "600");
        try {
            String ip = ok("inspect", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}", "linked-db");
            // The top-level fields are the default bridge's, as moby's (its endpoint too, which was "").
            assertEquals(ip + " " + ok("inspect", "--format", "{{.NetworkSettings.Networks.bridge.EndpointID}}", "linked-db"),
                    ok("inspect", "--format", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.EndpointID}}", "linked-db"));
            String out = ok("run", "--rm", "--name", "linker", "--link", "linked-db:db", alpine,
                    "sh", "-c", "grep -w db /etc/hosts; env | grep ^DB_ | sort; echo end");
            assertEquals(ip + "\tdb linked-db\n"
                    + "DB_ENV_SECRET=s3\nDB_NAME=/linker/db\nDB_PORT=tcp://" + ip + ":5432\n"
                    + "DB_PORT_5432_TCP=tcp://" + ip + ":5432\nDB_PORT_5432_TCP_ADDR=" + ip + "\n"
                    + "DB_PORT_5432_TCP_PORT=5432\nDB_PORT_5432_TCP_PROTO=tcp\nend", out);
            ok("run", "-d", "--name", "linker2", "--link", "linked-db", alpine, "sleep", "600");
            assertEquals("[\"/linked-db:/linker2/linked-db\"]", ok("inspect", "--format", "{{json .HostConfig.Links}}", "linker2"));
            assertEquals("s3", ok("exec", "linker2", "sh", "-c", "echo $LINKED_DB_ENV_SECRET"));
            ok("rm", "-f", "linker2");
            Command.Result none = docker("run", "--rm", "--link", "no-such-container:x", alpine, "true");
            assertEquals(125, none.exitCode(), none.toString());
            assertTrue(none.stderr().contains("could not get container for no-such-container") && !none.stderr().contains("Unable to find image"),
                    none.toString());
            ok("create", "--name", "linker3", "--link", "linked-db:db", alpine, "true");
            ok("stop", "-t", "0", "linked-db");
            Command.Result stopped = docker("start", "linker3");
            assertEquals(1, stopped.exitCode(), stopped.toString());
            assertTrue(stopped.stderr().contains("Cannot link to a non running container: /linked-db AS /linker3/db"), stopped.toString());
        } finally {
            engine.docker("rm", "-f", "linked-db", "linker2", "linker3");
        }
    }

    /**
     * mountinfo lists the /etc files as bound from the container's own directory (Docker's from containers/ID),
     * the path container-id detectors (OpenTelemetry's, Datadog's) read on cgroup v2, and a file bound alone;
     * neither was listed before.
     */
    @Test
    void theMountTableListsTheFilesBoundAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("bound.txt"), "bound\n");
        String id = ok("run", "-d", "-v", file + ":/bound.txt:ro", alpine, "sleep", "60");
        try {
            String info = ok("exec", id, "cat", "/proc/self/mountinfo");
            for (String name : List.of("hostname", "hosts", "resolv.conf"))
                assertTrue(info.lines().anyMatch(l -> l.matches("\\d+ 1 \\d+:\\d+ \\S*/containers/" + id + "/\\S*/" + name.replace(".", "\\.")
                        + " /etc/" + name.replace(".", "\\.") + " rw,relatime - \\S+ \\S+ rw")), name + ":\n" + info);
            assertTrue(info.lines().anyMatch(l -> l.matches("\\d+ 1 \\d+:\\d+ \\S*/bound\\.txt /bound\\.txt ro,relatime - \\S+ \\S+ rw")), info);
            String mounts = ok("exec", id, "cat", "/proc/mounts");
            assertTrue(mounts.lines().anyMatch(l -> l.matches("\\S+ /etc/hostname \\S+ rw,relatime 0 0")), mounts);
            assertEquals("bound", ok("exec", id, "cat", "/bound.txt"));
        } finally {
            engine.docker("rm", "-f", id);
        }
    }

    /** /proc/mounts shows a `:ro` volume and a `--read-only` root as ro, as Docker's mount table does (rw before). */
    @Test
    void theMountTableShowsWhatIsReadOnly() {
        String mounts = ok("run", "--rm", "--read-only", "-v", "ro-vol:/data:ro", "-v", "rw-vol:/rw", alpine, "cat", "/proc/mounts");
        try {
            assertTrue(mounts.startsWith("overlay / overlay ro,"), mounts);
            assertTrue(mounts.lines().anyMatch(l -> l.contains(" /data ") && l.contains(" ro,")), mounts);
            assertTrue(mounts.lines().anyMatch(l -> l.contains(" /rw ") && l.contains(" rw,")), mounts);
        } finally {
            engine.docker("volume", "rm", "ro-vol", "rw-vol");
        }
    }

    /** `docker system df -v` lists images as `docker images` does: when they were made, not in 1970. */
    @Test
    void systemDfShowsWhenImagesWereMade() {
        String before = ok("images", "--format", "{{.ID}} {{.CreatedSince}}", alpine);
        String id = before.split(" ")[0];
        String row = ok("system", "df", "-v").lines().filter(l -> l.contains(" " + id + " ")).findFirst().orElseThrow();
        String after = ok("images", "--format", "{{.ID}} {{.CreatedSince}}", alpine);
        assertFalse(row.contains("56 years ago"), row);
        // The age is counted in seconds at first: the row may fall on either side of a tick.
        String sinceBefore = before.substring(before.indexOf(' ') + 1), sinceAfter = after.substring(after.indexOf(' ') + 1);
        assertTrue(row.contains(sinceBefore) || row.contains(sinceAfter), sinceBefore + " or " + sinceAfter + " in " + row);
    }

    /**
     * `GET /distribution/NAME/json` (docker-py's get_registry_data): the registry's descriptor and platforms for a name,
     * without a pull (it was 404 "page not found").
     */
    @Test
    void distributionTellsWhatTheRegistryServes() {
        Command.Result r = engine.curl("GET", "/distribution/" + alpine + "/json", null);
        assertEquals(0, r.exitCode(), r.toString());
        String digest = ok("image", "inspect", "--format", "{{index .RepoDigests 0}}", alpine);
        assertTrue(r.stdout().contains("\"digest\":\"" + digest.substring(digest.indexOf('@') + 1) + "\""), r.stdout() + " " + digest);
        assertTrue(r.stdout().contains("\"Platforms\":[{\"architecture\":\"amd64\",\"os\":\"linux\"}]"), r.stdout());
        Command.Result missing = engine.curl("GET", "/distribution/" + registry.host() + "/library/alpine:nosuch/json", null);
        assertTrue(missing.stdout().strip().endsWith("404"), missing.toString());
    }

    /** `docker pull --all-tags` pulls every tag the registry lists (it pulled :latest only, and failed without one). */
    @Test
    void pullAllTagsPullsEveryTag() throws IOException {
        String repo = registry.host() + "/alltags/alpine";
        for (String tag : List.of("one", "two"))
            Command.ok("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + alpine, "docker://" + repo + ":" + tag);
        try {
            String out = ok("pull", "--all-tags", repo);
            assertTrue(out.contains("Status: Downloaded newer image for " + repo), out);
            assertEquals(List.of(repo + ":one", repo + ":two"),
                    ok("images", "--format", "{{.Repository}}:{{.Tag}}", repo).lines().sorted().toList());
            assertTrue(ok("pull", "-a", repo).contains("Status: Image is up to date for " + repo));
        } finally {
            docker("rmi", repo + ":one", repo + ":two");
        }
    }

    /**
     * The same image (one config) pulled under a second name through a manifest of another format is one image with
     * both names and each name's own digest, as moby keeps it: it was a second record, so inspect showed one name,
     * `images --digests` the first manifest's digest for both, and `rmi` of the second name was refused (409) while a
     * container used the first, as if it were the image's last.
     */
    @Test
    void oneImagePulledUnderTwoNamesIsOneImage() throws IOException {
        String other = registry.host() + "/mirror/alpine:copy";
        Command.ok("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2", "docker://" + alpine,
                "docker://" + other);
        ok("pull", other);
        ok("create", "--name", "two-names-user", alpine, "true");
        try {
            String tags = ok("image", "inspect", "--format", "{{json .RepoTags}}", other);
            assertTrue(tags.contains(alpine) && tags.contains(other), tags);
            List<String> digests = List.of(ok("image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", alpine).split("\n"));
            assertEquals(2, digests.size(), digests.toString());
            assertNotEquals(digests.get(0).substring(digests.get(0).indexOf('@')), digests.get(1).substring(digests.get(1).indexOf('@')),
                    "each name its own manifest's digest: " + digests);
            assertEquals("Untagged: " + other, ok("rmi", other).lines().findFirst().orElse(""));
            assertEquals(alpine, ok("image", "inspect", "--format", "{{join .RepoTags \",\"}}", alpine));
        } finally {
            docker("rm", "-f", "two-names-user");
            docker("rmi", other);
        }
    }

    /**
     * skopeo's docker-daemon: transport (Debian 12's skopeo 1.9, containers/image before 5.29.2) speaks API 1.22: an
     * image copied out of the engine (images/get) and into it (images/load). It was refused as too old a client.
     */
    @Test
    void skopeosDockerDaemonTransportCopiesBothWays() throws IOException {
        Path out = dir.resolve("skopeo-out");
        Command.ok("skopeo", "copy", "--src-daemon-host", engine.dockerHost(), "docker-daemon:" + alpine, "dir:" + out);
        assertTrue(Files.exists(out.resolve("manifest.json")), "a directory of the image");
        Command.ok("skopeo", "copy", "--dest-daemon-host", engine.dockerHost(), "dir:" + out, "docker-daemon:skopeo-copied:1");
        try {
            assertEquals("copied", ok("run", "--rm", "skopeo-copied:1", "echo", "copied"));
            assertEquals(ok("image", "inspect", "--format", "{{.Id}}", alpine), ok("image", "inspect", "--format", "{{.Id}}", "skopeo-copied:1"));
        } finally {
            engine.docker("rmi", "skopeo-copied:1");
        }
    }

    /**
     * `docker system df -v` counts a layer as shared by the images whose configs list it (its diff id), whatever blob
     * brought it, as moby does: here one loaded with the layer uncompressed beside the one pulled (both counted
     * unique before, the layer twice in the total).
     */
    @Test
    void systemDfCountsALayerSharedByItsDiffId() throws IOException {
        Path saved = dir.resolve("df-saved.tar"), unpacked = Files.createDirectories(dir.resolve("df-saved"));
        ok("save", "-o", saved.toString(), alpine);
        Command.ok("tar", "-xf", saved.toString(), "-C", unpacked.toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ArrayNode) json.readTree(unpacked.resolve("manifest.json").toFile());
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) manifest.get(0);
        Path layer = unpacked.resolve(entry.get("Layers").get(0).asText());
        Command.ok("sh", "-c", "gzip -dc < '" + layer + "' > '" + unpacked.resolve("plain.tar") + "' 2>/dev/null || cp '" + layer + "' '"
                + unpacked.resolve("plain.tar") + "'");
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(unpacked.resolve(entry.get("Config").asText()).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("config")).putObject("Labels").put("copy", "plain");
        json.writeValue(unpacked.resolve("other-config.json").toFile(), config);
        entry.put("Config", "other-config.json");
        entry.putArray("Layers").add("plain.tar");
        entry.putArray("RepoTags").add("df-plain:1");
        json.writeValue(unpacked.resolve("manifest.json").toFile(), manifest);
        Path repacked = dir.resolve("df-plain.tar");
        Command.ok("tar", "-cf", repacked.toString(), "-C", unpacked.toString(), "manifest.json", "other-config.json", "plain.tar");
        ok("load", "-i", repacked.toString());
        try {
            String alpineId = ok("images", "-q", alpine), plainId = ok("images", "-q", "df-plain:1");
            assertNotEquals(alpineId, plainId);
            String table = ok("system", "df", "-v");
            for (String id : List.of(alpineId, plainId)) {
                // REPOSITORY TAG IMAGE ID CREATED SIZE SHARED SIZE UNIQUE SIZE CONTAINERS: the shared size third from the end
                String[] row = table.lines().filter(l -> l.contains(" " + id + " ")).findFirst().orElseThrow().trim().split("\\s+");
                assertNotEquals("0B", row[row.length - 3], table);
            }
        } finally {
            ok("rmi", "df-plain:1");
        }
    }

    /**
     * What Docker's containers show of their root and /proc: statfs of / is an overlay's (the host's file system's
     * before), /proc/net/if_inet6 lists loopback's ::1 (missing before: nginx's image then listened on IPv4 only), and
     * /proc/PID/status's Groups line ends in a space, as Linux writes it.
     */
    @Test
    void theRootAndProcShowWhatDockersShow() {
        assertEquals(List.of("794c7630", "00000000000000000000000000000001 01 80 10 80       lo", "[Groups:\t0 1 2 3 4 6 10 11 20 26 27 ]"),
                ok("run", "--rm", alpine, "sh", "-c", "stat -f -c %t /; cat /proc/net/if_inet6; "
                        + "awk '/^Groups/ {print \"[\" $0 \"]\"}' /proc/self/status").lines().toList());
    }

    /** `docker cp` out of /etc/hosts, /etc/hostname and /etc/resolv.conf gives the files the container reads, as
     * Docker's bind mounts do. Before, the image's own files (or none: 404). */
    @Test
    void cpOfTheEtcFilesGivesTheContainersOwn() throws IOException {
        ok("run", "-d", "--name", "etc-cp", "--hostname", "etc-box", alpine, "sleep", "60");
        for (String name : List.of("hosts", "hostname", "resolv.conf")) {
            Path out = dir.resolve("copied-" + name);
            ok("cp", "etc-cp:/etc/" + name, out.toString());
            assertEquals(ok("exec", "etc-cp", "cat", "/etc/" + name), Files.readString(out).strip(), name);
        }
        assertTrue(Files.readString(dir.resolve("copied-hosts")).contains("etc-box"));
        ok("rm", "-f", "etc-cp");
    }

    /** `docker import --change` and `-m`: the run config changed as a Dockerfile's instructions change it, the
     * message as the image's comment. Before, both were ignored. */
    @Test
    void importTakesChangesAndAMessage() throws IOException {
        String tarball = dev.lamina.cli.testing.AlpineRootfs.tarball("x86_64").toString();
        ok("import", "--change", "ENV GREETING=hello", "--change", "CMD [\"sh\", \"-c\", \"echo $GREETING from $PWD\"]",
                "--change", "WORKDIR /tmp", "-m", "from a tarball", tarball, "imported:1");
        assertEquals("hello from /tmp", ok("run", "--rm", "imported:1"));
        assertEquals("from a tarball", ok("image", "inspect", "imported:1", "--format", "{{.Comment}}"));
        Command.Result bad = engine.docker("import", "--change", "FROM alpine", tarball, "bad:1");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("FROM is not a valid change command"), bad.toString());
        ok("rmi", "imported:1");
        // Without changes the config is empty, as dockerd's: no command to run (it was /bin/sh and a PATH before),
        // though a container still gets Docker's PATH; the history says where the root came from.
        ok("import", tarball, "bare:1");
        try {
            assertEquals("[] []", ok("image", "inspect", "bare:1", "--format", "{{.Config.Cmd}} {{.Config.Env}}"));
            Command.Result none = engine.docker("run", "--rm", "bare:1");
            assertEquals(125, none.exitCode(), none.toString());
            assertTrue(ok("run", "--rm", "bare:1", "sh", "-c", "echo $PATH").contains("/usr/bin"));
            assertEquals("Imported from -", ok("history", "--format", "{{.Comment}}", "bare:1"));
        } finally {
            ok("rmi", "bare:1");
        }
    }

    /** A host file bound over /etc/resolv.conf, /etc/hosts or /etc/hostname takes the place of the engine's, as over
     * Docker's own (it was refused: "the container's own"); a directory there is refused. */
    @Test
    void aHostFileGoesOverTheEtcFilesTheEngineMakes() throws IOException {
        Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
        Path hosts = Files.writeString(dir.resolve("hosts"), "192.0.2.7 mine\n");
        assertEquals("nameserver 192.0.2.53\n192.0.2.7 mine", ok("run", "--rm", "-v", resolv + ":/etc/resolv.conf:ro",
                "--mount", "type=bind,source=" + hosts + ",target=/etc/hosts", alpine, "sh", "-c", "cat /etc/resolv.conf /etc/hosts"));
        ok("run", "-d", "--name", "etc-bound", "-v", resolv + ":/etc/resolv.conf", alpine, "sleep", "1000");
        assertEquals("nameserver 192.0.2.53", ok("exec", "etc-bound", "cat", "/etc/resolv.conf"));
        assertTrue(ok("exec", "etc-bound", "cat", "/etc/hosts").contains("localhost"), "the engine's own hosts file stays");
        Path copied = dir.resolve("copied-resolv.conf");
        ok("cp", "etc-bound:/etc/resolv.conf", copied.toString());
        assertEquals("nameserver 192.0.2.53\n", Files.readString(copied));
        // A copy in does not replace the mount point under the bind (it said it did, and nothing changed), nor
        // goes through it: refused as Docker's (a busy mount point); a path below the file is none.
        Path other = Files.writeString(dir.resolve("other.conf"), "nameserver 192.0.2.99\n");
        Command.Result in = engine.docker("cp", other.toString(), "etc-bound:/etc/resolv.conf");
        assertNotEquals(0, in.exitCode(), in.toString());
        assertTrue(in.stderr().contains("a file is mounted there"), in.toString());
        assertEquals("nameserver 192.0.2.53\n", Files.readString(resolv));
        assertNotEquals(0, engine.docker("cp", "etc-bound:/etc/resolv.conf/", dir.resolve("x").toString()).exitCode());
        ok("rm", "-f", "etc-bound");
        Command.Result directory = engine.docker("run", "--rm", "-v", dir + ":/etc/hosts", alpine, "true");
        assertEquals(125, directory.exitCode(), directory.toString());
        assertTrue(directory.stderr().contains("only a host file can be bound over it"), directory.toString());
    }

    /** A local volume with type=none, o=bind, device=DIR binds DIR (compose's driver_opts for a host directory);
     * other local options and other drivers are refused. Before, the options were ignored (an empty volume). */
    @Test
    void aVolumeWithBindOptionsIsTheHostDirectory() throws IOException {
        Path device = Files.createDirectories(dir.resolve("device"));
        Files.writeString(device.resolve("before"), "on the host\n");
        ok("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + device, "bound");
        assertEquals("on the host", ok("run", "--rm", "-v", "bound:/data", alpine, "sh", "-c", "cat /data/before; echo made > /data/after"));
        assertEquals("made\n", Files.readString(device.resolve("after")));
        assertEquals("map[device:" + device + " o:bind type:none]", ok("volume", "inspect", "bound", "--format", "{{.Options}}"));
        ok("volume", "rm", "bound");
        assertTrue(Files.exists(device.resolve("after")), "removing the volume leaves the host directory");
        ok("volume", "create", "-o", "type=none", "-o", "o=bind,ro", "-o", "device=" + device, "bound-ro");
        Command.Result write = engine.docker("run", "--rm", "-v", "bound-ro:/data", alpine, "touch", "/data/x");
        assertEquals(1, write.exitCode(), write.toString());
        assertTrue(write.stderr().contains("Read-only file system"), write.toString());
        ok("volume", "rm", "bound-ro");
        Command.Result nfs = engine.docker("volume", "create", "-o", "type=nfs", "-o", "device=:/x", "nfs");
        assertEquals(1, nfs.exitCode(), nfs.toString());
        assertTrue(nfs.stderr().contains("not served by Lamina"), nfs.toString());
        Command.Result missing = engine.docker("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=/nonexistent/x", "gone");
        assertEquals(1, missing.exitCode(), missing.toString());
        Command.Result plugin = engine.docker("volume", "create", "-d", "nfsplugin", "p");
        assertEquals(1, plugin.exitCode(), plugin.toString());
        assertTrue(plugin.stderr().contains("plugin \"nfsplugin\" not found"), plugin.toString());
        // The same through `--mount`'s volume-opt, which made a plain volume of the options before.
        assertEquals("on the host", ok("run", "--rm", "--mount", "type=volume,source=mounted,target=/data,volume-opt=type=none,"
                + "volume-opt=o=bind,volume-opt=device=" + device, alpine, "cat", "/data/before"));
        ok("volume", "rm", "mounted");
        Command.Result tmpfs = engine.docker("run", "--rm", "--mount", "type=volume,source=ram,target=/data,volume-opt=type=tmpfs,"
                + "volume-opt=device=tmpfs", alpine, "true");
        assertEquals(125, tmpfs.exitCode(), tmpfs.toString());
        assertTrue(tmpfs.stderr().contains("not served by Lamina"), tmpfs.toString());
        assertEquals(1, engine.docker("volume", "inspect", "ram").exitCode(), "no volume was made");
    }

    /** `--sysctl`: the container's own settings show in its /proc/sys (the host's stay); those outside a container's
     * namespaces, and network ones on the host's network, are refused. Before, accepted and not shown. */
    @Test
    void sysctlsShowInProcSys() {
        assertEquals("1024 3", ok("run", "--rm", "--sysctl", "net.core.somaxconn=1024", "--sysctl", "net.ipv4.tcp_keepalive_probes=3",
                alpine, "sh", "-c", "echo $(cat /proc/sys/net/core/somaxconn) $(cat /proc/sys/net/ipv4/tcp_keepalive_probes)"));
        Command.Result vm = engine.docker("run", "--rm", "--sysctl", "vm.swappiness=1", alpine, "true");
        assertEquals(125, vm.exitCode(), vm.toString());
        assertTrue(vm.stderr().contains("not allowed"), vm.toString());
        Command.Result host = engine.docker("run", "--rm", "--network", "host", "--sysctl", "net.core.somaxconn=1024", alpine, "true");
        assertEquals(125, host.exitCode(), host.toString());
        assertTrue(host.stderr().contains("not allowed in host network namespace"), host.toString());
        Command.Result dropped = engine.docker("run", "--rm", "--network", "host", "-p", "80", alpine, "true");
        assertEquals(0, dropped.exitCode(), dropped.toString());
        assertTrue(dropped.stderr().contains("WARNING: Published ports are discarded when using host network mode"), dropped.toString());
    }

    /** `-p 8000-8010:80` takes the first port of the range free on the host, as dockerd does. Before, refused. */
    @Test
    void aHostPortRangeTakesItsFirstFreePort() throws IOException {
        int first = 0;
        java.net.ServerSocket held = null;
        for (int tries = 0; tries < 50 && held == null; tries++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                first = probe.getLocalPort();
            }
            if (first >= 65535) continue;
            try (java.net.ServerSocket next = new java.net.ServerSocket(first + 1)) {
                held = new java.net.ServerSocket();
                held.bind(new java.net.InetSocketAddress("0.0.0.0", first));
            } catch (IOException taken) {
                if (held != null) held.close();
                held = null;
            }
        }
        assertTrue(held != null, "two free ports in a row");
        String second = ":" + (first + 1);
        try (java.net.ServerSocket ignored = held) {
            ok("run", "-d", "--name", "ranged", "-p", first + "-" + (first + 1) + ":80", alpine, "sleep", "60");
            assertTrue(ok("port", "ranged", "80").lines().anyMatch(l -> l.endsWith(second)), ok("port", "ranged", "80"));
        } finally {
            engine.docker("rm", "-f", "ranged");
        }
    }

    /** The RepoTags of a docker save archive's one image. */
    private static String repoTags(Path archive) {
        String manifest = Command.ok("tar", "-xOf", archive.toString(), "manifest.json").stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"RepoTags\":(\\[[^\\]]*\\]|null)").matcher(manifest);
        return m.find() ? m.group(1) : "absent";
    }

    /**
     * `docker save` writes the names asked for, as moby's does: a name with a tag, that
     * one; a repository, each of its tags; an id, none (`docker load` then says "Loaded
     * image ID"). Before, every name of the image was written, and loaded back.
     */
    @Test
    void saveWritesTheNamesAskedFor() {
        // to the nanosecond: a test just before may have saved and loaded images within the second
        Instant start = Instant.now();
        String since = start.getEpochSecond() + "." + String.format("%09d", start.getNano());
        ok("tag", alpine, "saved:1");
        ok("tag", alpine, "saved:2");
        ok("tag", alpine, "elsewhere:1");
        Path tagged = dir.resolve("tagged.tar"), repository = dir.resolve("repository.tar"), byId = dir.resolve("id.tar");
        ok("save", "-o", tagged.toString(), "saved:1");
        assertEquals("[\"saved:1\"]", repoTags(tagged));
        ok("save", "-o", repository.toString(), "saved");
        assertEquals("[\"saved:1\",\"saved:2\"]", repoTags(repository));
        // index.json: one descriptor per tag, as moby's, each naming its image and tag
        String index = Command.ok("tar", "-xOf", repository.toString(), "index.json").stdout();
        assertEquals(List.of("docker.io/library/saved:1 1", "docker.io/library/saved:2 2"),
                java.util.regex.Pattern.compile("\"io.containerd.image.name\":\"([^\"]+)\",\"org.opencontainers.image.ref.name\":\"([^\"]+)\"")
                        .matcher(index).results().map(r -> r.group(1) + " " + r.group(2)).toList(), index);
        // moby's pre-1.10 tag index too, each tag naming the image's top layer (as in manifest.json)
        String layers = Command.ok("tar", "-xOf", repository.toString(), "manifest.json").stdout();
        String topLayer = layers.substring(layers.lastIndexOf("blobs/sha256/") + 13, layers.lastIndexOf("blobs/sha256/") + 13 + 64);
        assertEquals("{\"saved\":{\"1\":\"" + topLayer + "\",\"2\":\"" + topLayer + "\"}}",
                Command.ok("tar", "-xOf", repository.toString(), "repositories").stdout().strip());
        String id = ok("image", "inspect", "saved:1", "--format", "{{.Id}}");
        ok("save", "-o", byId.toString(), id.substring("sha256:".length(), 19));
        assertEquals("[]", repoTags(byId));
        assertEquals(2, Command.run("tar", "-xOf", byId.toString(), "repositories").exitCode(), "an archive of no tag has no tag index");
        ok("rmi", "saved:1", "saved:2", "elsewhere:1");
        assertEquals("Loaded image ID: " + id, ok("load", "-i", byId.toString()));
        assertEquals("Loaded image: saved:1", ok("load", "-i", tagged.toString()));
        ok("rmi", "saved:1");
        // each save and load an event naming the image, as moby's (no save event before, a load without a name)
        String events = ok("events", "--since", since, "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "type=image", "--filter", "event=save", "--filter", "event=load", "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        assertEquals(List.of("save " + id, "save " + id, "save " + id, "load " + id, "load " + id), events.lines().toList());
    }

    /**
     * An image saved by its id and loaded where no name reaches it is kept untagged (dangling), as docker load leaves
     * it: it was collected as soon as loaded ("Loaded image ID", then "No such image"), so `docker save $(docker images
     * -q)` backups lost every image without a tag.
     */
    @Test
    void anImageLoadedWithoutANameIsKept() {
        ok("run", "--name", "load-byid", alpine, "touch", "/made");
        ok("commit", "load-byid", "load-byid:1");
        ok("rm", "load-byid");
        String id = ok("image", "inspect", "--format", "{{.Id}}", "load-byid:1");
        Path archive = dir.resolve("load-byid.tar");
        ok("save", "-o", archive.toString(), id);
        ok("rmi", "load-byid:1");
        assertEquals("Loaded image ID: " + id, ok("load", "-i", archive.toString()));
        try {
            assertEquals(id, ok("image", "inspect", "--format", "{{.Id}}", id));
            assertTrue(ok("images", "--filter", "dangling=true", "--format", "{{.ID}}", "--no-trunc").lines().anyMatch(id::equals),
                    ok("images", "-a"));
            assertEquals("", ok("run", "--rm", id, "ls", "/made").replace("/made", ""));
        } finally {
            docker("rmi", id);
        }
    }

    /**
     * `--cap-drop`, `--cap-add` and `--privileged` set root's capabilities as moby's rules make them, shown in
     * /proc/self/status and enforced by the kernel; `--group-add` adds groups to every process's; `--ulimit` sets
     * the first process's and each exec's limits. Before, all of these were accepted and ignored.
     */
    @Test
    void processOptionsAsDockers() {
        assertEquals("CapEff:\t00000000a80425fb", ok("run", "--rm", alpine, "grep", "CapEff", "/proc/self/status"));
        Command.Result chown = engine.docker("run", "--rm", "--cap-drop", "chown", alpine, "chown", "nobody", "/etc/motd");
        assertEquals(1, chown.exitCode(), chown.toString());
        assertTrue(chown.stderr().contains("Operation not permitted"), chown.toString());
        assertEquals("CapEff: 0000000000000000 root", ok("run", "--rm", "--cap-drop", "ALL", alpine, "sh", "-c",
                "echo $(grep CapEff /proc/self/status) $(id -un)"));
        Command.Result hostname = engine.docker("run", "--rm", alpine, "hostname", "renamed");
        assertEquals(1, hostname.exitCode(), "Docker's default has no CAP_SYS_ADMIN: " + hostname);
        assertEquals("renamed", ok("run", "--rm", "--cap-add", "SYS_ADMIN", alpine, "sh", "-c", "hostname renamed && hostname"));
        assertEquals("CapEff:\t000001ffffffffff", ok("run", "--rm", "--privileged", alpine, "grep", "CapEff", "/proc/self/status"));
        Command.Result unknown = engine.docker("run", "--rm", "--cap-add", "NOT_ONE", alpine, "true");
        assertEquals(125, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("invalid CapAdd: unknown capability: \"CAP_NOT_ONE\""), unknown.toString());
        // --security-opt as moby parses it (an unknown one was accepted before); no-new-privileges as Go reads booleans
        for (String bad : List.of("bogus=1", "no-new-privileges=maybe", "systempaths=confined")) {
            Command.Result r = engine.docker("run", "--rm", "--security-opt", bad, alpine, "true");
            assertEquals(125, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("invalid --security-opt 2: \"" + bad + "\""), r.toString());
        }
        assertEquals("NoNewPrivs:\t1", ok("run", "--rm", "--security-opt", "no-new-privileges=T", "--security-opt", "label=disable",
                alpine, "grep", "NoNewPrivs", "/proc/self/status"));

        ok("run", "-d", "--name", "options", "--group-add", "wheel", "--group-add", "4242", "--ulimit", "nofile=100:200",
                "--ulimit", "core=0", alpine, "sleep", "60");
        assertEquals("0 1 2 3 4 6 10 11 20 26 27 4242", ok("exec", "options", "id", "-G"));
        assertEquals("CapEff:\t000001ffffffffff", ok("exec", "--privileged", "options", "grep", "CapEff", "/proc/self/status"));
        assertEquals("65534 10 4242", ok("exec", "-u", "nobody", "options", "id", "-G"), "an exec's user gets them too");
        // in order, as Linux's setgroups keeps them (27 before 18 before)
        assertEquals("0 18 27", ok("run", "--rm", "--group-add", "27", "--group-add", "audio", "-u", "1000", alpine, "id", "-G"));
        assertEquals("100 0", ok("exec", "options", "sh", "-c", "echo $(ulimit -n) $(ulimit -c)"));
        assertEquals("100", ok("exec", "options", "sh", "-c", "grep 'open files' /proc/1/limits | awk '{print $4}'"),
                "pid 1's soft limit");
        assertEquals("50", ok("exec", "options", "sh", "-c", "ulimit -n 50; exec sh -c 'ulimit -n'"),
                "an execve keeps the limit it had");
        assertEquals("[\"wheel\",\"4242\"] [{\"Name\":\"core\",\"Hard\":0,\"Soft\":0},{\"Name\":\"nofile\",\"Hard\":200,\"Soft\":100}]",
                ok("inspect", "options", "--format", "{{json .HostConfig.GroupAdd}} {{json .HostConfig.Ulimits}}"));
        ok("rm", "-f", "options");
        Command.Result group = engine.docker("run", "--rm", "--group-add", "nosuchgroup", alpine, "true");
        assertEquals(125, group.exitCode(), group.toString());
        assertTrue(group.stderr().contains("Unable to find group nosuchgroup"), group.toString());
        // a hard limit above the host's fails the start (125, the error in inspect) without CAP_SYS_RESOURCE, as
        // dockerd's; its first process failed with 126 before, the start reported done and the message wrong
        Command.Result high = engine.docker("run", "--name", "high-limit", "--ulimit", "nofile=99999999", alpine, "true");
        try {
            if (hasCapability(24)) {
                assertEquals(0, high.exitCode(), high.toString());
            } else {
                assertEquals(125, high.exitCode(), high.toString());
                assertTrue(high.stderr().contains("--ulimit nofile: the hard limit 99999999 is above the host's"), high.toString());
                assertTrue(ok("inspect", "--format", "{{.State.Error}}", "high-limit").contains("CAP_SYS_RESOURCE"));
            }
        } finally {
            engine.docker("rm", "-f", "high-limit");
        }
    }

    /** Whether this process (and so the engine it started) has the capability in its effective set. */
    private static boolean hasCapability(int capability) {
        String status = Command.ok("grep", "CapEff", "/proc/self/status").stdout();
        return (Long.parseUnsignedLong(status.substring(status.indexOf(':') + 1).trim(), 16) >>> capability & 1) != 0;
    }

    /**
     * `docker ps` filters as Docker's: before and since (by creation), network, health,
     * publish and expose (a port, a range, a protocol); an unknown filter or status is
     * refused. Before, these were ignored and every container listed.
     */
    @Test
    void psFiltersAsDockers() {
        ok("network", "create", "ps-net");
        ok("run", "-d", "--name", "ps-first", "--label", "scope=ps", "-p", "127.0.0.1::80", "--expose", "9000", alpine, "sleep", "60");
        ok("run", "-d", "--name", "ps-second", "--label", "scope=ps", "--network", "ps-net", "--health-cmd", "true",
                "--health-interval", "1s", alpine, "sleep", "60");
        ok("run", "-d", "--name", "ps-third", "--label", "scope=ps", "-p", "127.0.0.1::53/udp", alpine, "sleep", "60");
        java.util.function.Function<String, String> ps = filter -> ok("ps", "--filter", "label=scope=ps", "--filter", filter,
                "--format", "{{.Names}}").lines().sorted().collect(java.util.stream.Collectors.joining(" "));
        assertEquals("ps-first", ps.apply("before=ps-second"));
        assertEquals("ps-third", ps.apply("since=ps-second"));
        assertEquals("ps-second", ps.apply("network=ps-net"));
        assertEquals("ps-first", ps.apply("publish=80"));
        assertEquals("ps-third", ps.apply("publish=50-60/udp"));
        assertEquals("ps-first", ps.apply("expose=9000/tcp"));
        assertEquals("ps-first ps-third", ps.apply("health=none"));
        for (int i = 0; i < 100 && !ps.apply("health=healthy").equals("ps-second"); i++) pause();
        assertEquals("ps-second", ps.apply("health=healthy"));
        // A stopped container's check has stopped: unhealthy, as moby's monitor leaves it, and never listed as healthy
        // (it stayed healthy before).
        ok("stop", "-t", "1", "ps-second");
        assertEquals("unhealthy", ok("inspect", "-f", "{{.State.Health.Status}}", "ps-second").strip());
        assertEquals("", ok("ps", "-a", "--filter", "label=scope=ps", "--filter", "health=healthy", "--format", "{{.Names}}").strip());
        Command.Result bogus = engine.docker("ps", "--filter", "bogus=1");
        assertEquals(1, bogus.exitCode(), bogus.toString());
        assertTrue(bogus.stderr().contains("invalid filter 'bogus'"), bogus.toString());
        Command.Result status = engine.docker("ps", "--filter", "status=bogus");
        assertTrue(status.stderr().contains("invalid filter 'status=bogus'"), status.toString());
        ok("rm", "-f", "ps-first", "ps-second", "ps-third");
        ok("network", "rm", "ps-net");
    }

    /**
     * `--read-only`: the root takes no change (EROFS, as Docker's read-only mount), nor do /etc/hosts,
     * /etc/hostname and /etc/resolv.conf (read-only binds in Docker then; they took changes before); a
     * volume and a tmpfs still do. Before, the flag was dropped.
     */
    @Test
    void aReadOnlyRootTakesNoChangeButItsMountsDo() {
        assertEquals("touch: /x: Read-only file system\nrm: can't remove '/etc/motd': Read-only file system\n"
                        + "sh: can't create /etc/hosts: Read-only file system\nsh: can't create /etc/resolv.conf: Read-only file system\n"
                        + "v t true",
                ok("run", "--rm", "--read-only", "-v", "/vol", "--tmpfs", "/tmp", alpine, "sh", "-c",
                        "touch /x 2>&1; rm /etc/motd 2>&1; (echo h >> /etc/hosts) 2>&1; (echo h >> /etc/resolv.conf) 2>&1;"
                                + " touch /vol/v /tmp/t && echo v t $(test -f /etc/motd && echo true)"));
        // a user without the right is told the same: the read-only mount comes before permissions, as on Linux
        assertEquals("touch: /x: Read-only file system\nrm: can't remove '/etc/motd': Read-only file system\n"
                        + "sh: can't create /etc/passwd: Read-only file system",
                ok("run", "--rm", "--read-only", "-u", "1000", alpine, "sh", "-c",
                        "touch /x 2>&1; rm /etc/motd 2>&1; (echo x > /etc/passwd) 2>&1; true"));
        String made = ok("create", "--read-only", alpine, "true");
        assertEquals("true", ok("inspect", made, "--format", "{{.HostConfig.ReadonlyRootfs}}"));
        ok("rm", made);
        // a working directory the image lacks is made all the same, as Docker makes it before the root is read-only
        // (compose's read_only with a working_dir failed to start)
        assertEquals("/app", ok("run", "--rm", "--read-only", "-w", "/app", alpine, "pwd"));
    }

    /**
     * `--volumes-from` mounts the other container's volumes and binds at the same paths (the
     * backup recipe), read-only with :ro; a path the run mounts itself stays its own. Before,
     * VolumesFrom was dropped and the paths were empty.
     */
    @Test
    void volumesFromMountsTheOthersVolumes() throws IOException {
        Path host = Files.createDirectories(dir.resolve("from-host"));
        Files.writeString(host.resolve("h"), "host\n");
        ok("run", "--name", "vol-source", "-v", "/anon", "-v", "from-named:/named", "-v", host + ":/bound:ro", alpine, "sh", "-c",
                "echo anon > /anon/f; echo named > /named/f");
        assertEquals("anon named host", ok("run", "--rm", "--volumes-from", "vol-source", alpine, "sh", "-c",
                "echo $(cat /anon/f /named/f /bound/h)"));
        assertEquals("read-only", ok("run", "--rm", "--volumes-from", "vol-source:ro", alpine, "sh", "-c",
                "touch /named/g 2>/dev/null && echo writable || echo read-only"));
        assertEquals("own", ok("run", "--rm", "--volumes-from", "vol-source", "-v", "from-own:/named", alpine, "sh", "-c",
                "echo own > /named/f; cat /named/f"));
        assertEquals("named", ok("run", "--rm", "-v", "from-named:/x", alpine, "cat", "/x/f"), "the run's own volume took the write");
        Command.Result missing = engine.docker("run", "--rm", "--volumes-from", "no-such-container", alpine, "true");
        assertEquals(125, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("No such container"), missing.toString());
        ok("rm", "-v", "vol-source");
        ok("volume", "rm", "from-named", "from-own");
    }

    /**
     * `docker run --rm` of a container that cannot start says why (125) and leaves nothing:
     * an unknown user, a published port another container holds. Before, the CLI waited for
     * ever for a removal that never came.
     */
    @Test
    void aRunWithRmThatCannotStartEndsAndLeavesNothing() {
        Set<String> before = Set.copyOf(ok("ps", "-aq", "--no-trunc").lines().toList());
        Command.Result user = engine.docker(60, "run", "--rm", "-u", "nosuchuser", alpine, "true");
        assertEquals(125, user.exitCode(), user.toString());
        assertTrue(user.stderr().contains("nosuchuser"), user.toString());
        ok("run", "-d", "--name", "holds-port", "-p", "127.0.0.1::80", alpine, "sleep", "60");
        String port = ok("port", "holds-port", "80").replaceAll(".*:", "");
        Command.Result taken = engine.docker(60, "run", "--rm", "-p", "127.0.0.1:" + port + ":80", alpine, "true");
        assertEquals(125, taken.exitCode(), taken.toString());
        assertTrue(taken.stderr().contains("in use"), taken.toString());
        ok("rm", "-f", "holds-port");
        for (int i = 0; i < 100 && !before.equals(Set.copyOf(ok("ps", "-aq", "--no-trunc").lines().toList())); i++) pause();
        assertEquals(before, Set.copyOf(ok("ps", "-aq", "--no-trunc").lines().toList()), "the failed runs' containers are gone");
    }

    /**
     * Prune and list filters as Docker's: `until` keeps what is newer, `label!` keeps what is
     * labelled, a reference is a pattern and shows only the names it matches, `dangling=true`
     * lists untagged images only. Before, until and label! were ignored by container prune
     * (deleting every stopped container) and dangling=true listed every image.
     */
    @Test
    void pruneAndImageFiltersAsDockers() {
        ok("run", "--name", "prune-kept", "--label", "scope=prune", "--label", "keep=1", alpine, "true");
        ok("run", "--name", "prune-taken", "--label", "scope=prune", alpine, "true");
        java.util.function.Supplier<String> left = () -> ok("ps", "-a", "--filter", "label=scope=prune", "--format", "{{.Names}}")
                .lines().sorted().collect(java.util.stream.Collectors.joining(" "));
        ok("container", "prune", "-f", "--filter", "label=scope=prune", "--filter", "until=24h");
        assertEquals("prune-kept prune-taken", left.get(), "nothing is a day old");
        ok("container", "prune", "-f", "--filter", "label=scope=prune", "--filter", "until=" + (System.currentTimeMillis() / 1000 - 3600));
        assertEquals("prune-kept prune-taken", left.get(), "nothing is an hour old");
        ok("container", "prune", "-f", "--filter", "label=scope=prune", "--filter", "label!=keep");
        assertEquals("prune-kept", left.get());
        ok("rm", "prune-kept");

        ok("tag", alpine, "globbed:1");
        ok("tag", alpine, "globbed:2");
        assertEquals("globbed:1 globbed:2", ok("images", "--filter", "reference=glob*:*", "--format", "{{.Repository}}:{{.Tag}}")
                .lines().sorted().collect(java.util.stream.Collectors.joining(" ")));
        assertEquals("globbed:1 globbed:2", ok("images", "globbed", "--format", "{{.Repository}}:{{.Tag}}")
                .lines().sorted().collect(java.util.stream.Collectors.joining(" ")), "only the names asked for");
        assertEquals("", ok("images", "--filter", "reference=globbed:[3-9]", "-q"));
        String id = ok("images", "-q", "--no-trunc", "globbed:1");
        assertFalse(ok("images", "-q", "--no-trunc", "--filter", "dangling=true").contains(id), "a tagged image is no dangling one");
        assertTrue(ok("images", "-q", "--no-trunc", "--filter", "dangling=false").contains(id));
        ok("rmi", "globbed:1", "globbed:2");
    }

    /**
     * A named volume that is empty when a container is made takes what the image has at
     * the mount's path, as Docker's does (the directory's mode and owner too), by `-v` or
     * `--mount`; not with nocopy, not when it holds anything, not from a path the image
     * lacks. Before, a new named volume stayed empty.
     */
    @Test
    void aNewNamedVolumeIsFilledFromTheImage() {
        ok("volume", "create", "filled");
        String apk = ok("run", "--rm", alpine, "sh", "-c", "ls /etc/apk | xargs");
        assertTrue(apk.startsWith("arch keys "), apk);
        assertEquals(apk, ok("run", "--rm", "-v", "filled:/etc/apk", alpine, "sh", "-c",
                "ls /etc/apk | xargs").strip());
        ok("run", "--rm", "-v", "filled:/v", alpine, "sh", "-c", "rm -r /v/keys; echo mine > /v/mark");
        assertEquals(apk.replace("keys", "mark"), ok("run", "--rm", "-v", "filled:/var/empty", alpine, "sh", "-c",
                "ls /var/empty | xargs").strip(), "a volume that holds anything is left as it is");
        assertEquals("drwxr-xr-x root root " + apk, ok("run", "--rm", "--mount", "source=by-mount,target=/etc/apk",
                alpine, "sh", "-c", "echo $(stat -c '%A %U %G' /etc/apk) $(ls /etc/apk)"));
        ok("run", "--name", "owned-prep", alpine, "sh", "-c", "mkdir -m 0750 /srv/owned && echo f > /srv/owned/f && chown -R nobody:nogroup /srv/owned");
        ok("commit", "owned-prep", "owned:1");
        ok("rm", "owned-prep");
        assertEquals("drwxr-x--- nobody nogroup f", ok("run", "--rm", "-v", "owned:/srv/owned", "owned:1", "sh", "-c",
                "echo $(stat -c '%A %U %G' /srv/owned) $(cat /srv/owned/f)"));
        assertEquals("", ok("run", "--rm", "-v", "nocopy-v:/etc/apk:nocopy", alpine, "ls", "/etc/apk"));
        assertEquals("", ok("run", "--rm", "--mount", "source=nocopy-m,target=/etc/apk,volume-nocopy", alpine, "ls", "/etc/apk"));
        assertEquals("", ok("run", "--rm", "-v", "no-source:/nowhere/in/image", alpine, "ls", "/nowhere/in/image"));
        ok("rmi", "owned:1");
        ok("volume", "rm", "filled", "by-mount", "owned", "nocopy-v", "nocopy-m", "no-source");
    }

    /**
     * A path the run's `-v /path` or the image's VOLUME names gets an anonymous volume, as
     * Docker's: filled with what the image has there (so compose's `- /app/node_modules`
     * under a bind of the app still sees the image's modules, owners kept), removed by
     * `--rm` and `rm -v`, kept by a plain `rm` (then `volume prune` takes it).
     */
    @Test
    void anonymousVolumesAreMadeFilledAndRemovedAsDockersAre() throws IOException {
        Set<String> before = Set.copyOf(ok("volume", "ls", "-q").lines().toList());
        assertEquals("hi", ok("run", "--rm", "-v", "/data", alpine, "sh", "-c", "echo hi > /data/x && cat /data/x"));
        assertEquals(before, Set.copyOf(ok("volume", "ls", "-q").lines().toList()), "--rm removes the anonymous volume");

        ok("run", "--name", "modules-prep", alpine, "sh", "-c",
                "mkdir -p /app/node_modules/m && echo from-image > /app/node_modules/m/index.js && chown -R nobody /app/node_modules"
                        + " && ln -s /etc /app/node_modules/etc-link");
        ok("commit", "--change", "VOLUME /app/node_modules", "modules-prep", "modules:1");
        ok("rm", "modules-prep");
        Path app = Files.createDirectories(dir.resolve("anonymous-app"));
        Files.writeString(app.resolve("main.js"), "from-host\n");
        assertEquals("from-host\nfrom-image\nnobody", ok("run", "--name", "modules-run", "-v", app + ":/app", "modules:1", "sh", "-c",
                "cat /app/main.js /app/node_modules/m/index.js && stat -c %U /app/node_modules/m/index.js"));
        List<String> made = ok("volume", "ls", "-q", "--filter", "label=com.docker.volume.anonymous").lines()
                .filter(v -> !before.contains(v)).toList();
        assertEquals(1, made.size(), made.toString());
        assertTrue(made.getFirst().matches("[0-9a-f]{64}"), made.toString());
        assertTrue(ok("inspect", "modules-run", "--format", "{{json .Mounts}}").contains("\"Name\":\"" + made.getFirst() + "\""));
        // A link in the image is copied as a link: filling the volume never follows one out of the root.
        Path data = Path.of(ok("volume", "inspect", made.getFirst(), "--format", "{{.Mountpoint}}"));
        assertEquals(data + " local", ok("inspect", "modules-run", "--format", "{{range .Mounts}}{{if .Name}}{{.Source}} {{.Driver}}{{end}}{{end}}"),
                "a volume's Source is where its files are, as Docker's");
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(data.resolve("etc-link")));
        ok("rm", "-v", "modules-run");
        assertEquals(before, Set.copyOf(ok("volume", "ls", "-q").lines().toList()), "rm -v removes it");

        ok("run", "--name", "modules-kept", "modules:1", "true");
        ok("rm", "modules-kept");
        assertEquals(before.size() + 1, ok("volume", "ls", "-q").lines().count(), "a plain rm keeps it");
        ok("volume", "prune", "-f");
        ok("rmi", "modules:1");
    }

    /** Two containers both serve guest port 80: one published at a port we choose, one at a port the host picks (-P). */
    @Test
    void publishedPortsGiveEachContainerItsOwnPort80() throws Exception {
        int port = LocalRegistry.freePort();
        ok("run", "-d", "--name", "web1", "-p", port + ":80", "localhost/lamina/default", "httpd", "-f", "-p", "80", "-h", "/etc");
        ok("run", "-d", "--name", "web2", "-P", "--expose", "80", "localhost/lamina/default", "httpd", "-f", "-p", "80", "-h", "/etc");
        String mapped = ok("port", "web2", "80/tcp").lines().findFirst().orElseThrow();
        int port2 = Integer.parseInt(mapped.substring(mapped.lastIndexOf(':') + 1));
        assertEquals(ok("inspect", "--format", "{{.Config.Hostname}}", "web1"), HttpGet.body(port, "/hostname"));
        assertEquals(ok("inspect", "--format", "{{.Config.Hostname}}", "web2"), HttpGet.body(port2, "/hostname"));
        // on every address, IPv4's and (this host has it) IPv6's, as dockerd lists them
        assertEquals("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"" + port + "\"},{\"HostIp\":\"::\",\"HostPort\":\""
                        + port + "\"}]}", ok("inspect", "--format", "{{json .NetworkSettings.Ports}}", "web1"));
        assertTrue(ok("ps", "--format", "{{.Names}} {{.Ports}}").contains("web1 0.0.0.0:" + port + "->80/tcp, [::]:" + port + "->80/tcp"));
        assertEquals(List.of("0.0.0.0:" + port, "[::]:" + port), ok("port", "web1", "80").lines().toList());
        assertEquals(ok("inspect", "--format", "{{.Config.Hostname}}", "web1"), HttpGet.body("[::1]", port, "/hostname"));
        // inside, the container sees its own port 80
        assertEquals(ok("inspect", "--format", "{{.Config.Hostname}}", "web1"), ok("exec", "web1", "wget", "-qO-", "localhost:80/hostname"));
        assertTrue(ok("exec", "web1", "netstat", "-tln").contains(":80 "));
        Command.Result taken = docker("run", "-d", "-p", port + ":80", "localhost/lamina/default", "httpd", "-f", "-p", "80");
        assertEquals(125, taken.exitCode(), taken.toString());
        assertTrue(taken.stderr().contains("in use"), taken.toString());
        ok("rm", "-f", "web1", "web2");
    }

    /** A filter a prune or list does not take is refused before anything is done, as moby's (a misspelt prune
     * filter removed every stopped container), and so is a time or a boolean that does not read. */
    @Test
    void unknownFiltersAreRefusedBeforeAPrune() {
        String kept = ok("create", "-l", "keep=1", alpine, "true");
        Command.Result typo = docker("container", "prune", "-f", "--filter", "lable=keep");
        assertEquals(1, typo.exitCode(), typo.toString());
        assertTrue(typo.stderr().contains("invalid filter 'lable'"), typo.toString());
        for (List<String> bad : List.of(List.of("image", "prune", "-f", "--filter", "bogus=1"),
                List.of("volume", "prune", "-f", "--filter", "bogus=1"), List.of("network", "prune", "-f", "--filter", "bogus=1"),
                List.of("images", "--filter", "bogus=1"), List.of("images", "--filter", "dangling=maybe"),
                List.of("volume", "ls", "--filter", "bogus=1"), List.of("container", "prune", "-f", "--filter", "until=bogus"))) {
            Command.Result r = docker(bad.toArray(String[]::new));
            assertEquals(1, r.exitCode(), bad + ": " + r);
        }
        assertEquals(kept, ok("ps", "-aq", "--no-trunc", "--filter", "id=" + kept));
        ok("rm", kept);
    }

    /** --log-opt max-size and max-file rotate the container's log as Docker's json-file does (the log grew
     * without bound before), and an option the driver does not take is refused at the create. A container not
     * running shows no ports (its host ports are its run's). */
    @Test
    void logOptionsRotateTheLog() {
        String id = ok("run", "-d", "--log-opt", "max-size=1k", "--log-opt", "max-file=2", alpine, "sh", "-c",
                "i=0; while [ $i -lt 300 ]; do echo line$i; i=$((i+1)); done");
        ok("wait", id);
        List<String> lines = ok("logs", id).lines().toList();
        assertEquals("line299", lines.getLast());
        assertTrue(lines.size() < 60, lines.size() + " lines kept");
        int first = Integer.parseInt(lines.getFirst().substring(4));
        for (int i = 0; i < lines.size(); i++) assertEquals("line" + (first + i), lines.get(i), "the kept lines in order");
        ok("rm", id);
        Command.Result bad = docker("run", "--rm", "--log-opt", "bogus=1", alpine, "true");
        assertEquals(125, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("unknown log opt 'bogus' for json-file log driver"), bad.toString());
        String made = ok("create", "-p", "127.0.0.1::80", alpine, "true");
        assertEquals("", ok("ps", "-a", "--filter", "id=" + made, "--format", "{{.Ports}}"));
        assertEquals("{}", ok("inspect", "--format", "{{json .NetworkSettings.Ports}}", made));
        ok("rm", made);
    }

    /** A container whose published port served a connection it closed first (its side's TIME_WAIT on the host
     * port) restarts on that port at once, as in a network namespace of its own (before: 500 "the port is in use"
     * for about a minute, the container left exited). */
    @Test
    void aRestartPublishesAServedPortAgain() throws Exception {
        int port = LocalRegistry.freePort();
        ok("run", "-d", "--name", "served", "-p", port + ":81", alpine, "nc", "-lk", "-p", "81", "-e", "echo", "hi");
        for (int round = 0; round < 2; round++) {
            String got = "";
            for (int i = 0; i < 100 && !got.equals("hi\n"); i++) {
                try (var s = new java.net.Socket("127.0.0.1", port)) {
                    got = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    pause();
                }
            }
            assertEquals("hi\n", got, "round " + round);
            ok("restart", "-t", "1", "served");
            assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "served"));
        }
        ok("rm", "-f", "served");
    }

    /** /proc after a restart lists this run's processes only: a pid the last run's listing held stayed, with empty
     * files, and busybox's ps, pgrep and top died of SIGSEGV reading it. */
    @Test
    void procAfterARestartListsThisRunsProcesses() {
        ok("run", "-d", "--name", "proc-again", alpine, "sleep", "1000");
        try {
            for (int i = 0; i < 4; i++) ok("exec", "proc-again", "true");
            ok("exec", "proc-again", "sh", "-c", "ls /proc > /dev/null; ps > /dev/null");
            ok("restart", "-t", "0", "proc-again");
            Command.Result ps = docker("exec", "proc-again", "ps", "-o", "pid,comm");
            assertEquals(0, ps.exitCode(), ps.toString());
            assertEquals("1 sleep", ps.stdout().lines().skip(1).map(String::strip).filter(l -> !l.endsWith("ps")).findFirst().orElse(""), ps.toString());
            Command.Result pgrep = docker("exec", "proc-again", "pgrep", "sleep");
            assertEquals("1", pgrep.stdout().strip(), pgrep.toString());
        } finally {
            ok("rm", "-f", "proc-again");
        }
    }

    @Test
    void restartPolicies() {
        long since = Instant.now().getEpochSecond() - 1;
        ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", alpine, "sh", "-c", "exit 1");
        for (int i = 0; i < 100 && !ok("inspect", "--format", "{{.RestartCount}} {{.State.Status}}", "flaky").equals("2 exited"); i++)
            sleep(100);
        assertEquals("2 exited", ok("inspect", "--format", "{{.RestartCount}} {{.State.Status}}", "flaky"));
        // a policy's restart is a start, as moby's monitor makes it: no `restart` event, which tells a user's (there was one)
        assertEquals(List.of("create", "start", "die", "start", "die", "start", "die"), ok("events", "--since", Long.toString(since),
                "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=flaky", "--format", "{{.Action}}")
                .lines().filter(a -> !a.equals("attach")).toList());
        ok("rm", "flaky");

        // Between its runs a container shows as restarting (running too, as moby's), listed by ps; a stop ends the loop.
        ok("run", "-d", "--name", "looping", "--restart", "always", alpine, "sh", "-c", "exit 3");
        String format = "{{.State.Status}} {{.State.Running}} {{.State.Restarting}} {{.State.ExitCode}}";
        String seen = "";
        // from the fourth restart on, the engine waits 1.6 s or more between runs
        for (int i = 0; i < 300 && !(seen.startsWith("restarting")
                && Integer.parseInt(ok("inspect", "--format", "{{.RestartCount}}", "looping")) >= 4); i++) {
            sleep(50);
            seen = ok("inspect", "--format", format, "looping");
        }
        assertEquals("restarting true true 3", seen);
        assertTrue(ok("ps", "--filter", "name=looping", "--format", "{{.Status}}").startsWith("Restarting (3)"));
        Command.Result rm = docker("rm", "looping");
        assertEquals(1, rm.exitCode(), rm.toString());
        assertTrue(rm.stderr().contains("container is restarting"), rm.toString());
        ok("stop", "looping");
        String count = ok("inspect", "--format", "{{.RestartCount}}", "looping");
        sleep(2500);
        assertEquals("exited " + count, ok("inspect", "--format", "{{.State.Status}} {{.RestartCount}}", "looping"),
                "stopped between runs: not started again");
        // A kill between runs ends the loop too, as moby's (before: refused).
        ok("start", "looping");
        for (int i = 0; i < 300 && !(ok("inspect", "--format", "{{.State.Status}}", "looping").equals("restarting")
                && Integer.parseInt(ok("inspect", "--format", "{{.RestartCount}}", "looping")) >= Integer.parseInt(count) + 3); i++)
            sleep(50);
        Command.Result exec = docker("exec", "looping", "true");
        assertTrue(exec.stderr().contains("is restarting, wait until the container is running"), exec.toString());
        // `docker wait` between runs waits (moby counts the container running), here until the kill ends the loop.
        java.util.concurrent.CompletableFuture<Command.Result> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> docker("wait", "looping"));
        sleep(500);
        assertFalse(waiting.isDone(), () -> "docker wait returned while restarting: " + waiting.join());
        ok("kill", "looping");
        Command.Result waited = waiting.join();
        assertEquals("3", waited.stdout().strip(), waited.toString());
        assertEquals("exited", ok("inspect", "--format", "{{.State.Status}}", "looping"));
        ok("rm", "looping");
    }

    @Test
    void aSecondEngineOnTheSameDataRootIsRefused() {
        Command.Result r = Command.run(List.of(Repo.launcher().toString(), "engine"),
                java.util.Map.of("LAMINA_DATA_ROOT", engine.dataRoot().toString()), null, 60);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("an engine already runs on " + engine.dataRoot()), r.toString());
        assertEquals("linux", ok("info", "--format", "{{.OSType}}"), "the first engine still serves");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
