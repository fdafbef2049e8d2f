package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Busybox's own testsuite (from Debian's busybox source package, fetched with
 * apt-get source by scripts/busybox-source) run against alpine's busybox natively (root,
 * pid namespace, chroot into a copy of the alpine root with the /etc/hosts
 * Lamina gives the container, as Docker writes one) and in Lamina, at the same
 * time. The .config is busybox's defconfig: it only says which features the
 * tests may use, so tests of features alpine leaves out fail on both sides.
 * Prints both pass counts and every test whose result differs; fails on a
 * difference not in busybox/known-gaps.txt (and on a listed one that is gone).
 * A few tests are left out on both sides, for time (see {@link #trim}).
 */
class BusyboxTestsuiteTest {
    private static final String HOST = "lamina-test";

    @TempDir
    static Path work;

    @Test
    void passesTheSameTestsAsNatively() throws Exception {
        assertTrue(Repo.isRoot(), "the native side of this test needs root (chroot, namespaces)");
        Path source = busyboxSource();
        Path laminaRoot = AlpineRootfs.unpack(work.resolve("lamina"));
        Path nativeRoot = AlpineRootfs.unpack(work.resolve("native"));
        Runs.prepareNativeDev(nativeRoot);
        Command.Result hosts = Runs.lamina(laminaRoot, HOST, "cat", "/etc/hosts");
        assertTrue(hosts.exitCode() == 0, hosts.toString());
        Files.writeString(nativeRoot.resolve("etc/hosts"), hosts.stdout());
        Path script = Path.of(getClass().getResource("/busybox/run-testsuite.sh").toURI());
        for (Path root : List.of(laminaRoot, nativeRoot)) {
            Path bbts = Files.createDirectories(root.resolve("bbts"));
            Command.ok("cp", "-r", source.resolve("testsuite").toString(), bbts.toString());
            trim(bbts.resolve("testsuite"));
            Files.copy(source.resolve(".config"), bbts.resolve(".config"));
            Files.createSymbolicLink(bbts.resolve("busybox"), Path.of("/bin/busybox"));
            Files.copy(script, bbts.resolve("run-testsuite.sh"));
        }
        var lamina = CompletableFuture.supplyAsync(() -> Command.run(
                Runs.laminaArgv(laminaRoot, HOST, "sh", "/bbts/run-testsuite.sh"), Map.of(), null, 900));
        var nat = CompletableFuture.supplyAsync(() -> Command.run(
                Runs.nativeArgvWithPty(nativeRoot, HOST, "sh", "/bbts/run-testsuite.sh"), Map.of(), Path.of("/"), 900));
        Map<String, Integer> passedLamina = passes(lamina.get().stdout()), passedNative = passes(nat.get().stdout());
        int countLamina = passedLamina.values().stream().mapToInt(Integer::intValue).sum();
        int countNative = passedNative.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(countNative > 500, "the native run passed too few tests to compare: " + nat.get());

        Map<String, String> gaps = knownGaps(Path.of(getClass().getResource("/busybox/known-gaps.txt").toURI()));
        List<String> differences = new ArrayList<>(), failures = new ArrayList<>();
        for (String name : union(passedLamina, passedNative)) {
            int l = passedLamina.getOrDefault(name, 0), n = passedNative.getOrDefault(name, 0);
            if (l == n) continue;
            String what = name + (l < n ? ": passes natively only" : ": passes in Lamina only");
            String reason = gaps.remove(name);
            differences.add(what + (reason == null ? "" : " (known: " + reason + ")"));
            if (reason == null) failures.add(what);
        }
        for (String name : gaps.keySet()) failures.add(name + " is listed as a known gap but passes the same on both sides");
        System.out.println("busybox testsuite: " + countNative + " passed natively, " + countLamina + " in Lamina; "
                + (differences.isEmpty() ? "the same tests" : "differences:\n  " + String.join("\n  ", differences)));
        assertTrue(failures.isEmpty(), String.join("\n", failures) + "\nLamina's run:\n" + lamina.get().stdout());
    }

    /**
     * Leaves out, on both sides, the tests that took two thirds of the run's time and add
     * nothing another test does not: "bc parsing of numbers" and "bc printing of numbers"
     * (a minute of arithmetic in two piped bc processes), what md5sum.tests does again for
     * each sha*sum (a 1000-fork hash loop and a -c check; md5sum's own stay), and wget's (they fetch from the
     * internet, which no test here reaches: they fail after a timeout on both sides).
     * Each piece must be found, so that a newer testsuite does not change this quietly.
     */
    private static void trim(Path testsuite) throws Exception {
        Path bc = testsuite.resolve("bc.tests");
        String text = Files.readString(bc);
        for (String name : List.of("bc parsing of numbers", "bc printing of numbers")) {
            int start = text.indexOf("\ntesting \"" + name + "\"");
            int end = start < 0 ? -1 : text.indexOf("\n}'\n", start);
            assertTrue(end > 0, "busybox's bc.tests has no test \"" + name + "\" to leave out");
            text = text.substring(0, start) + text.substring(end + 3);
        }
        Files.writeString(bc, text);
        for (String sum : List.of("sha1sum", "sha256sum", "sha3sum", "sha512sum")) {
            Path tests = testsuite.resolve(sum + ".tests");
            List<String> lines = Files.readAllLines(tests);
            assertTrue(lines.removeIf(l -> l.startsWith(". ./md5sum.tests " + sum + " ")), sum + ".tests runs no md5sum.tests loop");
            Files.write(tests, lines);
        }
        Command.ok("rm", "-r", testsuite.resolve("wget").toString());
    }

    /** Debian's busybox source with a defconfig (scripts/busybox-source, which scripts/setup-debian runs first). */
    private static Path busyboxSource() {
        return Path.of(Command.ok(Repo.root().resolve("scripts/busybox-source").toString()).stdout().strip());
    }

    /** How many times each test name passed ("PASS: NAME" lines; a few names repeat). */
    private static Map<String, Integer> passes(String output) {
        Map<String, Integer> m = new TreeMap<>();
        for (String line : output.split("\n"))
            if (line.startsWith("PASS: ")) m.merge(line.substring(6), 1, Integer::sum);
        return m;
    }

    private static List<String> union(Map<String, Integer> a, Map<String, Integer> b) {
        var all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return List.copyOf(all);
    }

    /** known-gaps.txt: "TEST NAME -- reason" lines; # starts a comment. */
    private static Map<String, String> knownGaps(Path file) throws Exception {
        Map<String, String> gaps = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int sep = line.lastIndexOf(" -- ");
            if (sep < 0) throw new AssertionError("busybox/known-gaps.txt: no reason in: " + line);
            gaps.put(line.substring(0, sep), line.substring(sep + 4));
        }
        return gaps;
    }
}
