package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.Nobody;
import dev.lamina.cli.testing.Runs;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `docker diff` and `docker commit` with the real docker CLI against `lamina engine`,
 * and `lamina diff`/`lamina commit`: the changes a shell made, listed as dockerd lists
 * them; the image committed from them runs with them (owners, modes, hard links, a
 * fifo, a deleted file gone), shows its history and layer, and is read by skopeo and
 * umoci; a second commit with nothing new adds an empty layer; as an ordinary host
 * user, the owners a guest gave survive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCommitTest {
    /** What dockerd lists for the shell below (its diff of the container's root against its image's). */
    private static final List<String> CHANGES = List.of("A /d", "A /d/e", "C /etc", "C /etc/group", "A /etc/group-", "D /etc/motd",
            "C /etc/passwd", "A /etc/passwd-", "C /etc/shadow", "A /etc/shadow-", "A /f", "C /home", "A /home/u", "A /new", "A /new2");
    private static final String CHANGE = "echo a>/new; rm /etc/motd; mkdir -p /d/e; chmod 600 /etc/passwd; adduser -D u; ln /new /new2; mkfifo /f";

    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-commit-test");
        engine = EngineProcess.start(dir.resolve("data"));
        engine.dockerOk("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    @Test
    void diffListsTheChangesAndCommitMakesAnImageOfThem() throws Exception {
        ok("run", "--name", "c", "alpine:3.20", "sh", "-c", CHANGE);
        assertEquals(CHANGES, ok("diff", "c").lines().toList());

        String id = ok("commit", "-m", "the commit's comment", "-a", "someone", "--change", "CMD [\"cat\",\"/new\"]", "c", "img:1");
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("a", ok("run", "--rm", "img:1"));
        assertEquals("gone\n-rw------- 0:0 /etc/passwd\n-rw-r--r-- 0:0 /new\nprw-r--r-- 0:0 /f\ndrwxr-sr-x 1000:1000 /home/u\nsame\n"
                        + "uid=1000(u) gid=1000(u) groups=1000(u)",
                ok("run", "--rm", "img:1", "sh", "-c", "test -e /etc/motd || echo gone; stat -c '%A %u:%g %n' /etc/passwd /new /f /home/u; "
                        + "[ $(stat -c %i /new) = $(stat -c %i /new2) ] && echo same; id u"));
        List<String> history = ok("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "img:1").lines().toList();
        assertEquals("sh -c " + CHANGE + "|the commit's comment", history.getFirst());
        assertEquals(2, history.size(), history.toString());
        assertEquals("the commit's comment someone [cat /new]", ok("image", "inspect", "img:1", "--format", "{{.Comment}} {{.Author}} {{.Config.Cmd}}"));
        List<String> layers = layers("img:1");
        assertEquals(2, layers.size(), layers.toString());
        assertEquals(layers("alpine:3.20").getFirst(), layers.getFirst());

        // The same files again: the same layer; a container of the new image that changed nothing: no layer at all.
        ok("commit", "c", "img:again");
        assertEquals(layers, layers("img:again"));
        ok("run", "--name", "unchanged", "img:1", "true");
        assertEquals("", ok("diff", "unchanged"));
        ok("commit", "unchanged", "img:2");
        assertEquals(layers, layers("img:2"));
        // Without a name: a dangling image, listed as <none> until removed (by id).
        String dangling = ok("commit", "unchanged");
        assertTrue(ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").lines()
                .anyMatch(l -> l.equals("<none>:<none> " + dangling.substring(7, 19))), ok("images"));
        ok("rmi", dangling);
        assertEquals(1, engine.docker("image", "inspect", dangling).exitCode());
        String events = ok("events", "--since", "10m", "--until", Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter",
                "event=commit", "--format", "{{.Actor.Attributes.imageRef}} {{.Actor.Attributes.name}}");
        assertTrue(events.contains("img:1 c"), events);
    }

    /**
     * A new name given to a file the container still shares with the image keeps both names one file in the
     * committed image, as Docker's layer holds them (found by a differential probe against dockerd): the layer held
     * the new name alone, as a copy, so the image had two files. `docker diff` lists the image's name as changed,
     * as dockerd does, and the directories on its way.
     */
    @Test
    void aNewNameOfAnImageFileStaysALink() {
        ok("run", "--name", "linked", "alpine:3.20", "sh", "-c", "ln /etc/passwd /etc/passwd.hl; ln /etc/group /root/group.hl");
        List<String> diff = ok("diff", "linked").lines().toList();
        assertTrue(diff.containsAll(List.of("C /etc", "C /etc/passwd", "A /etc/passwd.hl", "C /etc/group", "C /root", "A /root/group.hl")),
                diff.toString());
        ok("commit", "linked", "linked:1");
        assertEquals("2 2 same same", ok("run", "--rm", "linked:1", "sh", "-c", "echo $(stat -c %h /etc/passwd /root/group.hl) "
                + "$([ $(stat -c %i /etc/passwd) = $(stat -c %i /etc/passwd.hl) ] && echo same) "
                + "$([ $(stat -c %i /etc/group) = $(stat -c %i /root/group.hl) ] && echo same)"));
        ok("rm", "linked");
        ok("rmi", "linked:1");
    }

    /**
     * Names shaped like the engine's and the kernel's temporaries are a guest's own files when no copy is making them:
     * they hid themselves and all they held from `docker diff` and from the committed image (review 43b).
     */
    @Test
    void aGuestsFilesNamedLikeTemporariesAreChanges() {
        ok("run", "--name", "hiding", "alpine:3.20", "sh", "-c",
                "mkdir -p /.lamina-cp-0123456789abcdef01234567 && echo kept > /.lamina-cp-0123456789abcdef01234567/f && "
                        + "echo kept > /.lamina-copy-1-2");
        try {
            assertEquals(List.of("A /.lamina-copy-1-2", "A /.lamina-cp-0123456789abcdef01234567",
                    "A /.lamina-cp-0123456789abcdef01234567/f"), ok("diff", "hiding").lines().toList());
            ok("commit", "hiding", "hiding:1");
            assertEquals("kept\nkept", ok("run", "--rm", "hiding:1", "cat", "/.lamina-cp-0123456789abcdef01234567/f", "/.lamina-copy-1-2"));
        } finally {
            engine.docker("rm", "-f", "hiding");
            engine.docker("rmi", "hiding:1");
        }
    }

    /**
     * Mount points the run made where the image has none are in the diff and the commit, empty (a directory,
     * or a file for a file bound alone), as dockerd's rw layer holds them; what is mounted there is not. They
     * were left out before. One the image has (/tmp) is no change.
     */
    @Test
    void mountPointsTheRunMadeAreAddedEmpty() throws IOException {
        Path file = Files.writeString(dir.resolve("bound.txt"), "bound");
        ok("run", "--name", "mounts", "-v", "mp-vol:/vol/inner", "-v", file + ":/bound.txt", "--tmpfs", "/scratch", "--tmpfs", "/tmp",
                "alpine:3.20", "sh", "-c", "echo v > /vol/inner/f; echo s > /scratch/f; echo t > /tmp/f");
        try {
            assertEquals(List.of("A /bound.txt", "A /scratch", "A /vol", "A /vol/inner"), ok("diff", "mounts").lines().toList());
            ok("commit", "mounts", "mounts:1");
            assertEquals("0 0 0 0", ok("run", "--rm", "mounts:1", "sh", "-c",
                    "echo $(ls -A /vol/inner | wc -l) $(ls -A /scratch | wc -l) $(wc -c < /bound.txt) $(ls -A /tmp | wc -l)"));
        } finally {
            engine.docker("rm", "-f", "mounts");
            engine.docker("rmi", "mounts:1");
            engine.docker("volume", "rm", "mp-vol");
        }
    }

    private List<String> layers(String image) {
        return ok("image", "inspect", image, "--format", "{{range .RootFS.Layers}}{{.}} {{end}}").lines()
                .flatMap(l -> List.of(l.split(" ")).stream()).filter(s -> !s.isEmpty()).toList();
    }

    /** The image saved by docker save is one skopeo copies and umoci unpacks, files and all. */
    @Test
    void otherToolsReadTheCommittedImage() throws Exception {
        ok("run", "--name", "tools", "alpine:3.20", "sh", "-c", CHANGE);
        ok("commit", "tools", "tools:1");
        Path archive = dir.resolve("tools.tar");
        ok("save", "-o", archive.toString(), "tools:1");
        Path layout = dir.resolve("layout");
        Command.ok("skopeo", "copy", "--quiet", "docker-archive:" + archive, "oci:" + layout + ":tools");
        Path bundle = dir.resolve("bundle");
        Command.ok("umoci", "unpack", "--image", layout + ":tools", bundle.toString());
        Path root = bundle.resolve("rootfs");
        assertEquals("a\n", Files.readString(root.resolve("new")));
        assertTrue(Files.notExists(root.resolve("etc/motd")));
        assertEquals(Files.getAttribute(root.resolve("new"), "unix:ino"), Files.getAttribute(root.resolve("new2"), "unix:ino"));
        assertEquals("fifo", Command.ok("stat", "-c", "%F", root.resolve("f").toString()).stdout().strip());
        assertEquals("600 0", Command.ok("stat", "-c", "%a %u", root.resolve("etc/passwd").toString()).stdout().strip());
        assertEquals("1000:1000", Command.ok("stat", "-c", "%u:%g", root.resolve("home/u").toString()).stdout().strip());
    }

    @Test
    void laminaDiffAndCommitAreClientsOfTheEngine() {
        ok("run", "--name", "cli", "alpine:3.20", "sh", "-c", "echo hi > /root/hi; rm -r /media");
        Command.Result diff = Runs.withDataRoot(engine.dataRoot(), "diff", "cli");
        assertEquals(0, diff.exitCode(), diff.toString());
        assertEquals(List.of("D /media", "C /root", "A /root/hi"), diff.stdout().lines().toList());
        Command.Result commit = Runs.withDataRoot(engine.dataRoot(), "commit", "-m", "by lamina", "--change", "ENV GREETING=hello",
                "cli", "mine:1");
        assertEquals(0, commit.exitCode(), commit.toString());
        assertEquals(commit.stdout().strip(), ok("image", "inspect", "mine:1", "--format", "{{.Id}}"));
        assertEquals("hello hi", ok("run", "--rm", "mine:1", "sh", "-c", "echo $GREETING $(cat /root/hi)"));
        Command.Result missing = Runs.withDataRoot(engine.dataRoot(), "diff", "nosuch");
        assertNotEquals(0, missing.exitCode());
        assertEquals("lamina: No such container: nosuch", missing.stderr().strip());
    }

    /** A running container is read as it is (Lamina cannot pause it); what is mounted and temporaries stay out. */
    @Test
    void commitsARunningContainerWithoutItsMountPoints() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        ok("run", "-d", "--name", "running", "-v", shared + ":/srv/data", "--tmpfs", "/scratch", "alpine:3.20", "sh", "-c",
                "echo x > /x; echo y > /srv/data/y; echo z > /scratch/z; sleep 300");
        for (int i = 0; i < 100 && !ok("diff", "running").contains("/x"); i++) Thread.sleep(100);
        // The mount points made (in alpine's /srv, and at the root), empty, as dockerd's rw layer has them.
        assertEquals(List.of("A /scratch", "C /srv", "A /srv/data", "A /x"), ok("diff", "running").lines().toList());
        ok("commit", "running", "running:1");
        assertEquals("x\n0 in /srv/data\n0 in /scratch", ok("run", "--rm", "running:1", "sh", "-c",
                "cat /x; echo $(ls -A /srv/data | wc -l) in /srv/data; echo $(ls -A /scratch | wc -l) in /scratch"));
        ok("rm", "-f", "running");
    }

    /**
     * A guest exchanging a directory and a symlink to the host's / while its changes are listed and committed: the
     * walk never leaves its root (the layer holds the directory or the link, and the container's own file only).
     */
    @Test
    void aGuestSwappingADirectoryForASymlinkCannotLeadTheWalkOut() throws Exception {
        Path programs = Files.createDirectories(dir.resolve("programs"));
        Command.ok("musl-gcc", "-O2", "-o", programs.resolve("dir_symlink_swap").toString(),
                Path.of(getClass().getResource("/guest/dir_symlink_swap.c").toURI()).toString());
        String own = "the-containers-own\n";
        ok("run", "-d", "--name", "racer", "-v", programs + ":/x:ro", "alpine:3.20", "sleep", "300");
        ok("exec", "racer", "sh", "-c", "mkdir -p /tmp/r/etc && echo the-containers-own > /tmp/r/etc/shadow && ln -s / /tmp/link");
        ok("exec", "-d", "racer", "/x/dir_symlink_swap", "/tmp/r", "/tmp/link", "60");
        List<String> allowed = List.of("/x", "/tmp", "/tmp/r", "/tmp/link", "/tmp/r/etc", "/tmp/link/etc", "/tmp/r/etc/shadow",
                "/tmp/link/etc/shadow");
        for (int i = 0; i < 20; i++)
            for (String line : ok("diff", "racer").lines().toList())
                assertTrue(allowed.contains(line.substring(2)), "listed: " + line);
        for (int i = 0; i < 5; i++) {
            ok("commit", "racer", "raced:" + i);
            Path archive = dir.resolve("raced-" + i + ".tar");
            ok("save", "-o", archive.toString(), "raced:" + i);
            Map<String, String> top = topLayer(archive);
            for (var e : top.entrySet()) {
                assertTrue(allowed.contains("/" + e.getKey().replaceFirst("/$", "")), "in the layer: " + e.getKey());
                if (e.getKey().endsWith("shadow")) assertEquals(own, e.getValue());
            }
        }
        ok("rm", "-f", "racer");
    }

    /** The names and contents of the last layer of a `docker save` archive. */
    private static Map<String, String> topLayer(Path archive) throws IOException {
        Path out = Files.createTempDirectory(archive.getParent(), "saved");
        Command.ok("tar", "-xf", archive.toString(), "-C", out.toString());
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        var layers = manifest.get(0).get("Layers");
        Map<String, String> entries = new java.util.TreeMap<>();
        try (var in = dev.lamina.image.layer.Decompression.open(Files.newInputStream(out.resolve(layers.get(layers.size() - 1).asText())),
                dev.lamina.image.layer.Limits.defaults(), "layer")) {
            var tar = new dev.lamina.image.layer.TarReader(in);
            for (var e = tar.next(); e != null; e = tar.next())
                entries.put(e.name(), new String(tar.content().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** A container holding a file of zeros commits (its layer, gzipped at about 1000 to 1, was refused as a decompression bomb). */
    @Test
    void aFileOfZerosCommits() {
        ok("run", "--name", "zeros", "alpine:3.20", "dd", "if=/dev/zero", "of=/zeros", "bs=1M", "count=20");
        try {
            ok("commit", "zeros", "zeros:1");
            assertEquals("20971520", ok("run", "--rm", "zeros:1", "stat", "-c", "%s", "/zeros"));
        } finally {
            engine.docker("rm", "-f", "zeros");
            engine.docker("rmi", "zeros:1");
        }
    }

    @Test
    void refusesWhatDockerRefuses() {
        ok("create", "--name", "idle", "alpine:3.20", "true");
        Command.Result bad = engine.docker("commit", "--change", "RUN echo no", "idle", "bad:1");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("RUN is not a valid change command"), bad.toString());
        Command.Result missing = engine.docker("commit", "nosuch");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("No such container: nosuch"), missing.toString());
        Command.Result name = engine.docker("commit", "idle", "Bad:Name");
        assertNotEquals(0, name.exitCode());
        Command.Result diff = engine.docker("diff", "nosuch");
        assertTrue(diff.stderr().contains("No such container: nosuch"), diff.toString());
    }

    /**
     * As an ordinary host user (the engine and its docker client nobody: the engine answers no other user's
     * process): the owners a guest gives, kept in an attribute, and its device nodes are in the layer; a
     * volume filled from the image keeps them.
     */
    @Test
    void keepsTheGuestsOwnersWithoutRootOnTheHost() throws Exception {
        Command.ok("chmod", "755", dir.toString());
        Path work = Files.createDirectories(dir.resolve("nobody"));
        Nobody nobody = Nobody.install(work);
        Path config = Files.createDirectories(work.resolve("docker-config"));
        Command.ok("chown", Nobody.USER, config.toString());
        EngineProcess asNobody = EngineProcess.start(nobody.dataRoot(), Map.of(), nobody.command(List.of("engine")));
        try {
            Map<String, String> env = Map.of("DOCKER_HOST", asNobody.dockerHost(), "DOCKER_CONFIG", config.toString());
            java.util.function.Function<List<String>, String> docker = args -> {
                List<String> argv = new java.util.ArrayList<>(List.of("docker"));
                argv.addAll(args);
                Command.Result r = Command.run(Nobody.as(argv), env, null, 120);
                assertEquals(0, r.exitCode(), args + ": " + r + "\n--- engine\n" + asNobody.log());
                return r.stdout().strip();
            };
            docker.apply(List.of("import", AlpineRootfs.tarball().toString(), "alpine:3.20"));
            docker.apply(List.of("run", "--name", "owned", "alpine:3.20", "sh", "-c",
                    "adduser -D u; mkdir /o; echo f > /o/f; mkdir -m 555 /o/ro; chown -R u:u /o; mknod /o/null c 1 3; chmod 640 /o/f"));
            assertEquals(List.of("C /etc", "C /etc/group", "A /etc/group-", "C /etc/passwd", "A /etc/passwd-", "C /etc/shadow",
                    "A /etc/shadow-", "C /home", "A /home/u", "A /o", "A /o/f", "A /o/null", "A /o/ro"),
                    docker.apply(List.of("diff", "owned")).lines().toList());
            docker.apply(List.of("commit", "owned", "owned:1"));
            assertEquals("1000:1000 /home/u\n1000:1000 /o\n1000:1000 640 /o/f\n0:0 /o/null\ncharacter special file 1,3\nf",
                    docker.apply(List.of("run", "--rm", "owned:1", "sh", "-c",
                            "stat -c '%u:%g %n' /home/u /o; stat -c '%u:%g %a %n' /o/f; stat -c '%u:%g %n' /o/null; "
                                    + "stat -c '%F %t,%T' /o/null; cat /o/f")));
            // A new volume filled from the image keeps its owners (the attribute) without root: the directories' too.
            // A directory without write access gets it (it is renamed into the volume), keeping the rest of its mode.
            assertEquals("1000:1000 755 /o\n1000:1000 640 /o/f\n1000:1000 755 /o/ro\nf", docker.apply(List.of("run", "--rm",
                    "-v", "filled:/o", "owned:1", "sh", "-c", "stat -c '%u:%g %a %n' /o /o/f /o/ro; cat /o/f")));
        } finally {
            asNobody.close();
        }
    }
}
