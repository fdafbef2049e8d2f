package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `lamina` command itself: the default image, and one-line errors with
 * Docker's exit codes for mistakes. */
class CommandLineTest {
    private static Command.Result lamina(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Repo.launcher().toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        return Command.run(argv);
    }

    @Test
    void runsOnTheDefaultImage() {
        Command.Result r = lamina("run", "--", "sh", "-c", "echo hello; . /etc/os-release; echo $ID; ls /lib");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("hello\nlamina\nld-musl-x86_64.so.1\nlibc.musl-x86_64.so.1\n", r.stdout());
    }

    /** Started with its stdin closed, lamina gives the container /dev/null there. Before, the JVM's first file
     * took that number, and the container read the JVM's modules image as its stdin. */
    @Test
    void closedStdinIsNoneOfTheJvmsFiles() {
        Command.Result shown = Command.run("sh", "-c", "\"$0\" run -- sh -c 'wc -c; readlink /proc/self/fd/0' <&-",
                Repo.launcher().toString());
        assertEquals("0\n/dev/null\n", shown.stdout(), shown.toString());
    }

    @Test
    void theContainerSeesMuslPlusAndTheImageKeepsItsOwnLoader() throws Exception {
        Command.Result r = lamina("run", "--", "md5sum", "/lib/ld-musl-x86_64.so.1");
        String inside = r.stdout().split(" ")[0];
        String muslPlus = Command.ok("md5sum", Repo.root().resolve("musl-plus/target/ld-musl-x86_64.so.1").toString())
                .stdout().split(" ")[0];
        String imagesOwn = Command.ok("md5sum", Repo.root().resolve("default-image/target/rootfs/lib/ld-musl-x86_64.so.1").toString())
                .stdout().split(" ")[0];
        assertEquals(muslPlus, inside, r.toString());
        assertTrue(!imagesOwn.equals(muslPlus));
    }

    @Test
    void environmentWorkdirAndHostname() {
        Command.Result r = lamina("run", "--rm", "-e", "GREETING=hi there", "-e", "PATH", "-e", "LAMINA_TEST_NEVER_SET",
                "-w", "/etc", "--hostname", "box", "--", "sh", "-c", "echo \"$GREETING\"; pwd; hostname; cat /etc/hostname; "
                        + "grep box /etc/hosts; echo \"$PATH\"; echo ${LAMINA_TEST_NEVER_SET-unset}");
        assertEquals("hi there\n/etc\nbox\nbox\n127.0.1.1\tbox\n" + System.getenv("PATH") + "\nunset\n", r.stdout(), r.toString());
    }

    @Test
    void generatedFilesAndMounts() throws Exception {
        Command.Result r = lamina("run", "--", "sh", "-c", "cat /etc/resolv.conf; echo ---; cat /proc/mounts");
        String[] parts = r.stdout().split("---\n");
        String hostResolv = java.nio.file.Files.exists(java.nio.file.Path.of("/etc/resolv.conf"))
                ? java.nio.file.Files.readString(java.nio.file.Path.of("/etc/resolv.conf")) : "nameserver 127.0.0.1\n";
        assertEquals(hostResolv, parts[0], r.toString());
        assertTrue(parts[1].startsWith("overlay / overlay "), r.toString());
        assertTrue(parts[1].contains("\nproc /proc proc ") && parts[1].contains("\ntmpfs /dev tmpfs "), r.toString());
    }

    @Test
    void exitStatusesAreTheGuests() {
        assertEquals(7, lamina("run", "--", "sh", "-c", "exit 7").exitCode());
        assertEquals(130, lamina("run", "--", "sh", "-c", "sh -c 'kill -INT $$'; exit $?").exitCode());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aSignalFromTheHostReachesTheGuestsHandler() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "run", "--", "sh", "-c",
                "trap 'echo got TERM; exit 5' TERM; echo ready; while :; do sleep 0.05; done");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        assertEquals("ready", out.readLine());
        // The container's pid 1 is the JVM's child: the init host running sh.
        ProcessHandle guest = dev.lamina.cli.testing.Runs.initHostOf(p.toHandle());
        Command.ok("kill", "-TERM", Long.toString(guest.pid()));
        assertEquals("got TERM", out.readLine());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(5, p.exitValue());
    }

    @Test
    void killingLaminaOutrightEndsItsGuestsAndTheNextRunClearsUp() throws Exception {
        Path data = Files.createTempDirectory("lamina-kill-test");
        try {
            // SIGKILL leaves lamina no time to stop anything: the lifeline pipe hangs up and the host kills each guest.
            ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "run", "--", "sh", "-c",
                    "sleep 300 & (sleep 300 &) ; echo ready; wait").redirectErrorStream(true);
            pb.environment().put("LAMINA_DATA_ROOT", data.toString());
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            List<ProcessHandle> guests = p.descendants().toList();
            assertTrue(guests.size() >= 3, "sh and two sleeps: " + guests);
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            for (int i = 0; i < 100 && guests.stream().anyMatch(CommandLineTest::running); i++) Thread.sleep(50);
            assertEquals(List.of(), guests.stream().filter(CommandLineTest::running).map(ProcessHandle::pid).toList(),
                    "guest processes outlived a killed lamina");
            try (var left = Files.list(data.resolve("containers"))) {
                assertEquals(2, left.count(), "the killed run's directory and lock file");
            }
            Command.Result next = Command.run(List.of(Repo.launcher().toString(), "run", "--", "true"),
                    java.util.Map.of("LAMINA_DATA_ROOT", data.toString()), null, 120);
            assertEquals(0, next.exitCode(), next.toString());
            try (var left = Files.list(data.resolve("containers"))) {
                assertEquals(List.of(), left.toList(), "the next run removes what the killed one left");
            }
        } finally {
            Command.ok("rm", "-rf", data.toString());
        }
    }

    /** Types {@code keys} (one string per pause) into `lamina ARGS` on a terminal that script(1) provides. */
    private static Command.Result atTerminal(List<String> keys, String... args) throws Exception {
        return atTerminalOf(keys, Repo.launcher().toString(), args);
    }

    /** The same with {@code lamina} the command that runs lamina. */
    private static Command.Result atTerminalOf(List<String> keys, String lamina, String... args) throws Exception {
        String command = "stty rows 40 cols 100; " + lamina + " " + String.join(" ", args);
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                // the process is gone
            }
        });
        try (var in = p.getOutputStream()) {
            for (String k : keys) {
                Thread.sleep(1500); // the shell reads a line when it is ready for it; keys typed early wait in the pty
                in.write(k.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("no exit; the terminal showed:\n" + out.toString(StandardCharsets.UTF_8));
            }
        }
        reader.join();
        return new Command.Result(p.exitValue(), out.toString(StandardCharsets.UTF_8).replace("\r", ""), "");
    }

    @Test
    void aShellOnItsOwnTerminalHasJobControlCtrlCAndTheWindowSize() throws Exception {
        Command.Result r = atTerminal(List.of("tty; stty size; sleep 30 &\n", "jobs; kill %1\n", "sleep 30\n", "\u0003",
                "echo after=$?; exit 3\n"), "run", "-it", "--", "sh");
        assertEquals(3, r.exitCode(), r.toString());
        String shown = r.stdout();
        assertTrue(shown.contains("/dev/pts/") && shown.contains("\n40 100\n"), shown);
        assertTrue(shown.contains("[1]+  Running                    sleep 30"), "no job control:\n" + shown);
        assertFalse(shown.contains("job control turned off"), shown);
        assertTrue(shown.contains("after=130"), "Ctrl-C did not reach the foreground job:\n" + shown);
    }

    /**
     * A size the container sets on its terminal stays while the user's window keeps its own: the run in-process (a
     * data root no engine serves) put the user's back within a second. And the terminal is the container's own:
     * `setsid tty` said "not a tty" (only the processes it controlled could open it).
     */
    @Test
    void aSizeTheContainerSetsStays(@TempDir Path data) throws Exception {
        Command.Result r = atTerminalOf(List.of("stty rows 30 cols 90; sleep 1; stty size; setsid tty > /tmp/t; sleep 1; cat /tmp/t; exit 3\n"),
                "env LAMINA_DATA_ROOT=" + data + " " + Repo.launcher(), "run", "-it", "--", "sh");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("\n30 90\n"), r.stdout());
        // the terminal is the container's, as one it made: a process in a session of its own still names it
        assertTrue(r.stdout().matches("(?s).*\n30 90\n/dev/pts/[0-9]+\n.*"), r.stdout());
    }

    @Test
    void ptysTheContainerMakesAreItsToOpen() {
        // busybox script opens /dev/ptmx, then the /dev/pts/N it made, which the container may open.
        Command.Result r = lamina("run", "--", "sh", "-c", "script -qc 'tty; echo inside a pty' /dev/null");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().matches("(?s)/dev/pts/[0-9]+\r?\ninside a pty\r?\n"), r.toString());
    }

    @Test
    void noArgumentsPrintsUsage() {
        Command.Result r = lamina();
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("Usage: lamina COMMAND"), r.toString());
    }

    @Test
    void mistakesGetOneLineAndTheDockerCliStatus() {
        assertOneLine(lamina("run"), 125, "lamina run: name an image, or use -- COMMAND for the built-in one (see lamina run --help)");
        assertOneLine(lamina("run", "Not_An_Image"), 125,
                "lamina run: invalid image name 'Not_An_Image': repository names are lower-case letters, digits and separators");
        assertOneLine(lamina("run", "--bogus", "x"), 125, "lamina run: unknown option --bogus (see lamina run --help)");
        assertOneLine(lamina("run", "-e"), 125, "lamina run: -e needs a value");
        assertOneLine(lamina("run", "-e", "=novalue", "true"), 125, "lamina run: -e wants KEY=VALUE or KEY, got '=novalue'");
        assertOneLine(lamina("run", "--rootfs", "/no/such/dir", "true"), 125, "lamina run: --rootfs /no/such/dir: not a directory");
        assertOneLine(lamina("run", "-it", "--", "sh"), 125,
                "lamina run: the input device is not a terminal (use -i without -t to pipe input in)");
        assertOneLine(lamina("frobnicate"), 125, "lamina: unknown command 'frobnicate'");
        assertOneLine(lamina("run", "--hostname"), 125, "lamina run: --hostname needs a value");
        assertOneLine(lamina("image", "frobnicate"), 125, "lamina image: unknown command 'frobnicate'");
        assertOneLine(lamina("image"), 125, "lamina image: name a subcommand (see lamina image --help)");
        assertOneLine(lamina("image", "rm"), 125, "lamina image rm: missing IMAGE (see lamina image rm --help)");
        assertOneLine(lamina("tag", "a"), 125, "lamina tag: missing TARGET_IMAGE[:TAG] (see lamina tag --help)");
        assertOneLine(lamina("pull", "a", "b"), 125, "lamina pull: unexpected argument 'b' (see lamina pull --help)");
        assertOneLine(lamina("images", "-x"), 125, "lamina images: unknown option -x (see lamina images --help)");
        assertOneLine(lamina("run", "--memory", "lots", "--", "true"), 125, "lamina run: --memory: invalid size 'lots' (a number, then b, k, m or g)");
        assertOneLine(lamina("run", "-m", "1m", "--", "true"), 125, "lamina run: Minimum memory limit allowed is 6MB");
        assertOneLine(lamina("run", "--cpus", "-2", "--", "true"), 125, "lamina run: --cpus: invalid number of CPUs '-2'");
        int cpus = Runtime.getRuntime().availableProcessors();
        assertOneLine(lamina("run", "--cpus", "0.001", "--", "true"), 125,
                "lamina run: Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available");
    }

    /** docker run's resource options: shown in the container's /sys/fs/cgroup (not enforced). */
    @Test
    void resourceLimitsShowInTheCgroup() {
        Command.Result r = lamina("run", "--memory", "64m", "--cpus", "1.5", "--pids-limit", "9", "--", "cat",
                "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/memory.swap.max");
        assertEquals("67108864\n150000 100000\n9\n67108864\n", r.stdout(), r.toString());
    }

    /** docker run's process options, in a run of this process: capabilities, groups added, resource limits. */
    @Test
    void processOptionsAsDockerRunsTakesThem() {
        Command.Result r = lamina("run", "--cap-drop", "chown", "--group-add", "4242", "--ulimit", "nofile=100:200", "--", "sh", "-c",
                "chown 1000 /etc/passwd 2>&1; id -G; ulimit -n; grep CapEff /proc/self/status");
        assertEquals("chown: /etc/passwd: Operation not permitted\n0 4242\n100\nCapEff:\t00000000a80425fa\n",
                r.stdout(), r.toString());
        assertOneLine(lamina("run", "--ulimit", "nofile", "--", "true"), 125, "lamina run: invalid ulimit argument: nofile");
        assertOneLine(lamina("run", "--cap-add", "nothing", "--", "true"), 125, "lamina run: invalid CapAdd: unknown capability: \"CAP_NOTHING\"");
    }

    @Test
    void optionsEndAtTheCommandAndItsArgumentsAreTakenAsGiven() {
        // Options may be joined (-it, -eK=V, --env=K=V); '@file' is an argument, not a file of them; the last of an option counts.
        Command.Result r = lamina("run", "-eA=1", "--env=B=2", "--hostname", "a", "--hostname", "b", "--", "sh", "-c",
                "echo $A $B $(hostname) \"$@\"", "sh", "-e", "--rm", "@file", "--");
        assertEquals("1 2 b -e --rm @file --\n", r.stdout(), r.toString());
    }

    @Test
    void helpAndVersion() {
        for (List<String> help : List.of(List.of("--help"), List.of("-h"), List.of("help"))) {
            Command.Result r = lamina(help.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().startsWith("Usage: lamina COMMAND [OPTIONS]\n"), r.toString());
            assertTrue(r.stdout().contains("\n  run         Run a command in a new container\n"), r.toString());
            assertTrue(r.stdout().contains("\n  completion  Print a bash completion script for lamina\n"), r.toString());
        }
        for (List<String> help : List.of(List.of("run", "--help"), List.of("help", "run"))) {
            Command.Result r = lamina(help.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().startsWith("Usage: lamina run [OPTIONS] IMAGE [COMMAND [ARG...]]\n"
                    + "       lamina run [OPTIONS] -- COMMAND [ARG...]\n"), r.toString());
            assertTrue(r.stdout().contains("\n  -v, --volume=HOST_PATH:PATH[:ro]\n"), r.toString());
        }
        Command.Result ls = lamina("image", "list", "--help");
        assertTrue(ls.stdout().startsWith("Usage: lamina image ls [OPTIONS]\n\nList images\n"), ls.toString());
        Command.Result version = lamina("--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().matches("lamina [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?\n"), version.toString());
    }

    @Test
    void completionIsABashScriptForLamina() throws Exception {
        Command.Result r = lamina("completion");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("#!/usr/bin/env bash\n"), r.toString());
        Path script = Files.createTempFile("lamina-completion", ".bash");
        try {
            Files.writeString(script, r.stdout());
            Command.ok("bash", "-n", script.toString());
            // What bash offers after `lamina ru` and `lamina run --ho`, as when Tab is pressed.
            Command.Result offered = Command.ok("bash", "-c", "source \"$0\"; complete -p lamina; "
                    + "COMP_WORDS=(lamina ru); COMP_CWORD=1; _complete_lamina; echo \"${COMPREPLY[*]}\"; "
                    + "COMP_WORDS=(lamina run --ho); COMP_CWORD=2; _complete_lamina; echo \"${COMPREPLY[*]}\"", script.toString());
            assertEquals("complete -o default -F _complete_lamina lamina\nrun\n--hostname\n", offered.stdout(), offered.toString());
        } finally {
            Files.delete(script);
        }
    }

    @Test
    void commandsThatCannotStartGetDockersStatuses() {
        assertOneLine(lamina("run", "--", "no-such-command"), 127,
                "lamina: exec: \"no-such-command\": executable file not found in $PATH");
        assertOneLine(lamina("run", "--", "/etc/passwd"), 126, "lamina: exec: \"/etc/passwd\": permission denied");
        assertOneLine(lamina("run", "-w", "/etc/passwd", "--", "true"), 125,
                "lamina: the working directory /etc/passwd is not a directory in the image");
    }

    private static void assertOneLine(Command.Result r, int status, String firstLine) {
        assertEquals(status, r.exitCode(), r.toString());
        assertEquals(firstLine, r.stderr().lines().findFirst().orElse(""), r.toString());
        assertTrue(!r.stderr().contains("Exception") && !r.stderr().contains("\tat "), r.toString());
    }

    @Test
    void stoppingLaminaStopsItsContainer() throws Exception {
        Path data = Files.createTempDirectory("lamina-stop-test");
        try {
            // A guest with a TERM handler hears it; one without (pid 1 ignores it) is killed after the grace.
            for (String script : List.of("trap 'echo got TERM; exit 3' TERM; echo ready; while true; do sleep 0.1; done",
                    "echo ready; exec sleep 100")) {
                ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "run", "--", "sh", "-c", script)
                        .redirectErrorStream(true);
                pb.environment().put("LAMINA_DATA_ROOT", data.toString());
                Process p = pb.start();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine());
                List<ProcessHandle> guests = p.descendants().toList();
                assertTrue(!guests.isEmpty());
                p.toHandle().destroy(); // SIGTERM to lamina (Process.destroy would also close our end of its output)
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "lamina did not stop");
                StringBuilder rest = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) rest.append(line).append('\n');
                assertEquals(143, p.exitValue(), rest.toString());
                if (script.startsWith("trap")) assertEquals("got TERM\n", rest.toString());
                for (ProcessHandle g : guests) assertTrue(!running(g), "guest process " + g.pid() + " outlived lamina");
                try (var left = Files.list(data.resolve("containers"))) {
                    assertEquals(0, left.count(), "the container's directory is removed");
                }
            }
        } finally {
            Command.ok("rm", "-rf", data.toString());
        }
    }

    /** Alive and not a zombie: one that ended, orphaned to this JVM when it is a subreaper (an in-process kernel
     * before made it one), stays until this JVM reaps it, and ProcessHandle calls that alive. */
    private static boolean running(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return p.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false; // reaped
        }
    }
}
