package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lamina's own conformance suite (test resources under conformance/): small
 * C programs built with musl-gcc, one behaviour each, grouped by family, each
 * printing what it observes (NAME.static.c is built static: its calls trap,
 * in compat mode, instead of going through musl+). Every family runs through its driver script once
 * in Lamina (strict mode) and once natively (root, pid namespace, chroot into
 * a second copy of the same alpine root, with a devpts of its own as Docker
 * gives a container), and each program's output and exit status are
 * compared. Prints a table of passes per family; fails when a program that
 * passes natively (exits 0) differs in Lamina and is not a known gap
 * (conformance/known-gaps.txt, each with its reason), or when a known gap
 * passes (so the list stays true), unless its reason says it happens
 * "sometimes" (a race).
 */
class ConformanceTest {
    private static final String HOST = "lamina-test";
    /** Each family's directory and its title in the table, in the table's order. */
    private static final Map<String, String> FAMILIES = families();

    @TempDir
    static Path work;

    private static Map<String, String> families() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("files", "files and directories");
        m.put("links", "links");
        m.put("perms", "permissions");
        m.put("fds", "descriptors and fcntl");
        m.put("pipes", "pipes and poll/epoll");
        m.put("signals", "signals");
        m.put("procs", "processes and wait");
        m.put("creds", "credentials");
        m.put("time", "time");
        m.put("sockets", "sockets (loopback)");
        m.put("mmap", "mmap");
        m.put("threads", "threads and futex");
        m.put("tty", "terminals");
        m.put("proc", "/proc");
        return m;
    }

    /** What one program printed (stdout and stderr together) and its exit status. */
    record Outcome(String output, int exit) {}

    @Test
    void sameAsNative() throws Exception {
        assertTrue(Repo.isRoot(), "the native side of this test needs root (chroot, namespaces)");
        Path source = Path.of(getClass().getResource("/conformance").toURI());
        Path laminaRoot = AlpineRootfs.unpack(work.resolve("lamina"));
        Path nativeRoot = AlpineRootfs.unpack(work.resolve("native"));
        Runs.prepareNativeDev(nativeRoot);
        Path bin = work.resolve("bin");
        build(source, bin);
        for (Path root : List.of(laminaRoot, nativeRoot)) {
            Command.ok("cp", "-r", bin.toString(), root.resolve("conf").toString());
            Files.copy(source.resolve("run-family.sh"), root.resolve("conf/run-family.sh"));
        }
        Map<String, String> gaps = knownGaps(source.resolve("known-gaps.txt"));

        List<String> failures = new ArrayList<>();
        Map<String, String> unused = new TreeMap<>(gaps);
        StringBuilder table = new StringBuilder(String.format("%-24s %8s %8s %8s %8s%n",
                "family", "programs", "native", "same", "gaps"));
        int[] total = new int[4];
        List<String> failingNatively = new ArrayList<>();
        for (var family : FAMILIES.entrySet()) {
            String script = "/conf/run-family.sh";
            Map<String, Outcome> lamina = parse(Command.run(Runs.laminaArgv(laminaRoot, HOST, "sh", script, family.getKey()),
                    Map.of(), null, 600));
            Map<String, Outcome> nat = parse(Command.run(Runs.nativeArgvWithPty(nativeRoot, HOST, "sh", script, family.getKey()),
                    Map.of(), Path.of("/"), 600));
            int programs = 0, passNative = 0, same = 0, gapCount = 0;
            for (var e : nat.entrySet()) {
                String name = family.getKey() + "/" + e.getKey();
                Outcome n = e.getValue(), l = lamina.get(e.getKey());
                programs++;
                if (n.exit() != 0) {
                    failingNatively.add(name + " (exit " + n.exit() + ")");
                    continue;
                }
                passNative++;
                boolean matches = n.equals(l);
                String gap = unused.remove(name);
                if (matches) {
                    same++;
                    if (gap != null && !gap.startsWith("sometimes"))
                        failures.add(name + " is listed as a known gap but now behaves as natively: remove it");
                } else if (gap != null) {
                    gapCount++;
                } else {
                    failures.add(name + " differs from the native run\n--- native (exit " + n.exit() + ")\n" + n.output()
                            + "--- Lamina" + (l == null ? ": did not run\n" : " (exit " + l.exit() + ")\n" + l.output()));
                }
            }
            table.append(String.format("%-24s %8d %8d %8d %8d%n", family.getValue(), programs, passNative, same, gapCount));
            total[0] += programs;
            total[1] += passNative;
            total[2] += same;
            total[3] += gapCount;
        }
        table.append(String.format("%-24s %8d %8d %8d %8d%n", "all", total[0], total[1], total[2], total[3]));
        System.out.println("Conformance (programs; passing natively; same in Lamina; known gaps):\n" + table
                + (failingNatively.isEmpty() ? "" : "not passing natively, not compared: " + String.join(", ", failingNatively) + "\n"));
        for (String name : unused.keySet()) failures.add(name + " is listed as a known gap but no such program passes natively");
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    /** Compiles every family's programs into bin/FAMILY/NAME (two at a time: the machine has two CPUs). */
    private static void build(Path source, Path bin) throws Exception {
        List<Path> programs = new ArrayList<>();
        for (String family : FAMILIES.keySet()) {
            Files.createDirectories(bin.resolve(family));
            try (Stream<Path> s = Files.list(source.resolve(family))) {
                s.filter(p -> p.toString().endsWith(".c")).sorted().forEach(programs::add);
            }
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (Path c : programs) {
                String name = c.getFileName().toString().replaceFirst("\\.c$", "");
                Path out = bin.resolve(c.getParent().getFileName().toString()).resolve(name);
                List<String> cc = new ArrayList<>(List.of("musl-gcc", "-O2", "-Wall", "-Wextra", "-Werror",
                        "-Wno-unused-function", "-Wno-unused-result", "-o", out.toString(), c.toString(), "-lpthread", "-lrt"));
                // NAME.static.c: a static program, whose calls trap (compat mode) instead of going through musl+.
                if (name.endsWith(".static")) cc.add(1, "-static");
                jobs.add(pool.submit(() -> Command.ok(cc.toArray(String[]::new))));
            }
            for (var j : jobs) j.get();
        }
    }

    /** A driver's output, "=== NAME", the program's lines, "--- exit N", into outcomes by name. */
    static Map<String, Outcome> parse(Command.Result run) {
        Map<String, Outcome> out = new TreeMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : run.stdout().split("\n", -1)) {
            if (line.startsWith("=== ")) {
                name = line.substring(4);
                text.setLength(0);
            } else if (name != null && line.startsWith("--- exit ")) {
                out.put(name, new Outcome(text.toString(), Integer.parseInt(line.substring(9).trim())));
                name = null;
            } else if (name != null) {
                text.append(line).append('\n');
            }
        }
        if (out.isEmpty()) throw new AssertionError("a family's driver ran nothing: " + run);
        return out;
    }

    /** known-gaps.txt: "family/program: reason" lines; # starts a comment. */
    private static Map<String, String> knownGaps(Path file) {
        Map<String, String> gaps = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int colon = line.indexOf(": ");
                if (colon < 0) throw new AssertionError("known-gaps.txt: no reason in: " + line);
                gaps.put(line.substring(0, colon), line.substring(colon + 2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gaps;
    }
}
