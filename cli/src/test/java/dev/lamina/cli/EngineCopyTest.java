package dev.lamina.cli;

import static dev.lamina.cli.testing.EngineProcess.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.TreeSnapshot;
import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.layer.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `docker cp` against a real engine, both ways, with the real docker CLI: before a
 * container starts (as Testcontainers copies files in), while it runs and after it
 * ended; through symlinks a hostile guest planted, which must resolve inside its root
 * and never on the host; over a file of the image, which must leave the image store as
 * it was; and archives no client should send, refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCopyTest {
    @TempDir
    static Path work;
    private EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.start(work.resolve("data"));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void copiesBothWaysBeforeDuringAndAfterARun() throws Exception {
        String c = "cp-life";
        engine.dockerOk("create", "--name", c, IMAGE, "sleep", "300");
        Path greeting = Files.writeString(work.resolve("greeting.txt"), "hello from the host\n");
        engine.dockerOk("cp", greeting.toString(), c + ":/tmp/");
        engine.dockerOk("start", c);
        assertEquals("hello from the host\n", engine.dockerOk("exec", c, "cat", "/tmp/greeting.txt").stdout());

        engine.dockerOk("exec", c, "sh", "-c", "mkdir -p /made/sub && echo inside > /made/sub/f && ln -s sub /made/link");
        Path out = Files.createDirectories(work.resolve("out"));
        engine.dockerOk("cp", c + ":/made", out.toString());
        assertEquals("inside\n", Files.readString(out.resolve("made/sub/f")));
        assertEquals(Path.of("sub"), Files.readSymbolicLink(out.resolve("made/link")));

        engine.dockerOk("stop", "-t", "0", c);
        Path back = work.resolve("back.txt");
        engine.dockerOk("cp", c + ":/tmp/greeting.txt", back.toString());
        assertEquals("hello from the host\n", Files.readString(back));
        Path tree = Files.createDirectories(work.resolve("tree/a/b"));
        Files.writeString(tree.resolve("deep.txt"), "deep\n");
        engine.dockerOk("cp", work.resolve("tree").toString(), c + ":/tmp/");
        engine.dockerOk("start", c);
        assertEquals("deep\n", engine.dockerOk("exec", c, "cat", "/tmp/tree/a/b/deep.txt").stdout());

        Command.Result missing = engine.docker("cp", c + ":/nowhere", out.toString());
        assertNotEquals(0, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("Could not find the file /nowhere in container " + c), missing.toString());
    }

    /** Files copied in keep the owners the archive gives them, as moby extracts (the host's owners for `docker cp`);
     * `-a` gives them to the container's user when it has one. Before, every file became root's. */
    @Test
    void filesCopiedInKeepTheArchivesOwners() throws Exception {
        Path src = Files.createDirectories(work.resolve("owned/dir"));
        Files.writeString(src.resolve("f"), "owned\n");
        Command.ok("chown", "-R", "1234:1235", work.resolve("owned").toString());
        engine.dockerOk("create", "--name", "cp-owners", IMAGE, "sleep", "300");
        engine.dockerOk("create", "--name", "cp-user", "-u", "5:6", IMAGE, "sleep", "300");
        try {
            engine.dockerOk("cp", work.resolve("owned").toString(), "cp-owners:/tmp/");
            engine.dockerOk("cp", "-a", work.resolve("owned").toString(), "cp-user:/tmp/");
            engine.dockerOk("start", "cp-owners", "cp-user");
            String list = "stat -c '%u:%g %n' /tmp/owned /tmp/owned/dir /tmp/owned/dir/f";
            assertEquals("1234:1235 /tmp/owned\n1234:1235 /tmp/owned/dir\n1234:1235 /tmp/owned/dir/f\n",
                    engine.dockerOk("exec", "cp-owners", "sh", "-c", list).stdout());
            assertEquals("5:6 /tmp/owned\n5:6 /tmp/owned/dir\n5:6 /tmp/owned/dir/f\n",
                    engine.dockerOk("exec", "cp-user", "sh", "-c", list).stdout());
        } finally {
            engine.docker("rm", "-f", "cp-owners", "cp-user");
        }
    }

    /** As Docker mounts a container's volumes for a copy: a path in one is the volume's, created or stopped alike. */
    @Test
    void copiesReachTheVolumesBoundIn() throws Exception {
        engine.dockerOk("volume", "create", "cp-data");
        engine.dockerOk("run", "--rm", "-v", "cp-data:/data", IMAGE, "sh", "-c", "mkdir /data/sub && echo in the volume > /data/sub/f");
        engine.dockerOk("create", "--name", "cp-vol", "-v", "cp-data:/mnt/data:ro", "-v", "cp-data:/rw", IMAGE, "true");
        Path out = Files.createDirectories(work.resolve("from-volume"));
        engine.dockerOk("cp", "cp-vol:/mnt/data/sub/f", out.resolve("f").toString());
        assertEquals("in the volume\n", Files.readString(out.resolve("f")));
        engine.dockerOk("cp", "cp-vol:/mnt/data", out.toString());
        assertEquals("in the volume\n", Files.readString(out.resolve("data/sub/f")), "the mount point is the volume's root");
        Path note = Files.writeString(work.resolve("note.txt"), "note\n");
        Command.Result readOnly = engine.docker("cp", note.toString(), "cp-vol:/mnt/data/");
        assertNotEquals(0, readOnly.exitCode(), readOnly.toString());
        assertTrue(readOnly.stderr().contains("mounted volume is marked read-only"), readOnly.toString());
        engine.dockerOk("cp", note.toString(), "cp-vol:/rw/sub/");
        assertEquals("note\n", engine.dockerOk("run", "--rm", "-v", "cp-data:/d", IMAGE, "cat", "/d/sub/note.txt").stdout());
        engine.dockerOk("rm", "cp-vol");
    }

    /**
     * /etc/hosts, /etc/hostname and /etc/resolv.conf are mounted over the root's, as Docker binds them: a copy that would
     * replace one is refused as busy, as Docker's (it was accepted, and landed in the image's file under the mount, which
     * the container does not read but `docker export` and `commit` did).
     */
    @Test
    void copiesOverTheMountedEtcFilesAreRefused() throws Exception {
        engine.dockerOk("run", "-d", "--name", "cp-etc", IMAGE, "sleep", "300");
        try {
            Path hosts = Files.writeString(work.resolve("hosts"), "10.9.9.9 planted\n");
            for (String target : new String[] {"cp-etc:/etc/hosts", "cp-etc:/etc/"}) {
                Command.Result r = engine.docker("cp", hosts.toString(), target);
                assertNotEquals(0, r.exitCode(), r.toString());
                assertTrue(r.stderr().contains("device or resource busy"), r.toString());
            }
            assertFalse(engine.dockerOk("exec", "cp-etc", "cat", "/etc/hosts").stdout().contains("planted"));
            engine.dockerOk("cp", hosts.toString(), "cp-etc:/etc/hosts.copy");
            assertEquals("10.9.9.9 planted\n", engine.dockerOk("exec", "cp-etc", "cat", "/etc/hosts.copy").stdout());
        } finally {
            engine.docker("rm", "-f", "cp-etc");
        }
    }

    /** A running container's --tmpfs is what a copy reaches at its path, as Docker copies in the container's mounts. */
    @Test
    void copiesReachARunningContainersTmpfs() throws Exception {
        engine.dockerOk("run", "-d", "--name", "cp-tmpfs", "--tmpfs", "/scratch", IMAGE, "sleep", "300");
        try {
            Path note = Files.writeString(work.resolve("scratch-note.txt"), "in the tmpfs\n");
            engine.dockerOk("cp", note.toString(), "cp-tmpfs:/scratch/note.txt");
            assertEquals("in the tmpfs\n", engine.dockerOk("exec", "cp-tmpfs", "cat", "/scratch/note.txt").stdout());
            engine.dockerOk("exec", "cp-tmpfs", "sh", "-c", "echo made inside > /scratch/inside.txt");
            Path out = Files.createDirectories(work.resolve("from-tmpfs"));
            engine.dockerOk("cp", "cp-tmpfs:/scratch/inside.txt", out.toString());
            assertEquals("made inside\n", Files.readString(out.resolve("inside.txt")));
        } finally {
            engine.docker("rm", "-f", "cp-tmpfs");
        }
    }

    /**
     * A directory copied out holds what is mounted below it, as Docker archives inside the container's mounts: /etc's
     * hostname, hosts and resolv.conf are the container's (before: the image's `localhost`), and a volume and a file bound
     * under the directory are theirs (before: the root's empty mount points).
     */
    @Test
    void aDirectoryCopiedOutHoldsWhatIsMountedBelowIt() throws Exception {
        engine.dockerOk("volume", "create", "cp-below");
        Path bound = Files.writeString(work.resolve("bound-file"), "bound\n");
        String c = "cp-below";
        engine.dockerOk("run", "-d", "--name", c, "--hostname", "below-host", "-v", "cp-below:/app/data", "-v", bound + ":/app/conf",
                IMAGE, "sh", "-c", "echo own > /app/own; echo kept > /app/data/f; touch /tmp/ready; exec sleep 300");
        for (int i = 0; i < 100 && engine.docker("exec", c, "test", "-e", "/tmp/ready").exitCode() != 0; i++) Thread.sleep(50);
        Path out = Files.createDirectories(work.resolve("below"));
        engine.dockerOk("cp", c + ":/etc", out.toString());
        assertEquals("below-host\n", Files.readString(out.resolve("etc/hostname")));
        assertEquals(engine.dockerOk("exec", c, "cat", "/etc/hosts").stdout(), Files.readString(out.resolve("etc/hosts")));
        engine.dockerOk("cp", c + ":/app", out.toString());
        assertEquals(List.of("own\n", "kept\n", "bound\n"), List.of(Files.readString(out.resolve("app/own")),
                Files.readString(out.resolve("app/data/f")), Files.readString(out.resolve("app/conf"))));
        engine.dockerOk("rm", "-f", c);
    }

    /**
     * A path through a symlink of the container's root leads where the container's mounts do, as in Docker:
     * into a volume (both ways: the root's own directory under the mount point is not the volume), and to
     * /etc's hostname, which is the container's (before: the image's `localhost`).
     */
    @Test
    void symlinksLeadIntoTheContainersMounts() throws Exception {
        engine.dockerOk("volume", "create", "cp-linked");
        String c = "cp-links";
        engine.dockerOk("run", "-d", "--name", c, "--hostname", "linked-host", "-v", "cp-linked:/data", IMAGE, "sh", "-c",
                "echo kept > /data/f; ln -s /data /app; mkdir -p /srv; ln -s ../data /srv/rel; ln -s /etc /esc; touch /tmp/ready; exec sleep 300");
        for (int i = 0; i < 100 && engine.docker("exec", c, "test", "-e", "/tmp/ready").exitCode() != 0; i++) Thread.sleep(50);
        Path out = Files.createDirectories(work.resolve("through-links"));
        for (String from : List.of("/app/f", "/srv/rel/f", "/app/../data/f")) {
            engine.dockerOk("cp", c + ":" + from, out.resolve("f").toString());
            assertEquals("kept\n", Files.readString(out.resolve("f")), from);
        }
        engine.dockerOk("cp", c + ":/esc/hostname", out.resolve("hostname").toString());
        assertEquals("linked-host\n", Files.readString(out.resolve("hostname")));
        Path note = Files.writeString(work.resolve("linked-note.txt"), "note\n");
        engine.dockerOk("cp", note.toString(), c + ":/app/");
        assertEquals("note\n", engine.dockerOk("run", "--rm", "-v", "cp-linked:/d", IMAGE, "cat", "/d/linked-note.txt").stdout());
        engine.dockerOk("rm", "-f", c);
    }

    /** An archive copied out gives each entry's mode with its file type bits, as moby's do (040755, 0100644, 0120777...). */
    @Test
    void archivesCarryTheFileTypeBitsInTheirModes() throws Exception {
        String c = "cp-modes";
        engine.dockerOk("run", "-d", "--name", c, IMAGE, "sh", "-c", "mkdir /d; echo x > /d/f; ln -s f /d/l; mkfifo /d/p; exec sleep 300");
        for (int i = 0; i < 100 && engine.docker("exec", c, "test", "-p", "/d/p").exitCode() != 0; i++) Thread.sleep(50);
        Path tar = work.resolve("modes.tar");
        Command.Result r = Command.run(List.of("sh", "-c", "docker cp " + c + ":/d - > " + tar), engine.env(), null, 60);
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> modes = new java.util.TreeMap<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) modes.put(e.getName(), Integer.toOctalString(e.getMode()));
        }
        assertEquals(Map.of("d/", "40755", "d/f", "100644", "d/l", "120777", "d/p", "10644"), modes);
        engine.dockerOk("rm", "-f", c);
    }

    @Test
    void aFileCopiedInThroughTheGuestsSymlinkLandsInsideItsRoot() throws Exception {
        String c = hostileGuest("cp-hostile-in");
        String name = "lamina-cp-escape-" + UUID.randomUUID();
        Path onHost = Path.of("/", name);
        try {
            Path planted = Files.writeString(work.resolve("planted.txt"), "through the guest's symlink\n");
            engine.dockerOk("cp", planted.toString(), c + ":/tmp/evil/" + name);
            assertFalse(Files.exists(onHost), "docker cp wrote to the host's / through the guest's symlink");
            assertEquals("through the guest's symlink\n", engine.dockerOk("exec", c, "cat", "/" + name).stdout());
        } finally {
            Files.deleteIfExists(onHost);
        }
    }

    @Test
    void aFileCopiedOutThroughTheGuestsSymlinkIsTheContainers() throws Exception {
        String c = hostileGuest("cp-hostile-out");
        for (String source : List.of("/tmp/evil/etc/shadow", "/tmp/up/shadow")) {
            Path out = work.resolve("shadow-" + source.replace('/', '_'));
            engine.dockerOk("cp", c + ":" + source, out.toString());
            assertEquals("the-containers-own\n", Files.readString(out), source + " was read outside the container");
        }
    }

    @Test
    void aGuestSwappingADirectoryForASymlinkDuringCopiesCannotLeadThemOut() throws Exception {
        Path programs = Files.createDirectories(work.resolve("programs"));
        Command.ok("musl-gcc", "-O2", "-o", programs.resolve("dir_symlink_swap").toString(),
                Path.of(getClass().getResource("/guest/dir_symlink_swap.c").toURI()).toString());
        String c = "cp-race";
        String own = "the-containers-own\n";
        engine.dockerOk("run", "-d", "--name", c, "-v", programs + ":/x:ro", IMAGE, "sleep", "300");
        engine.dockerOk("exec", c, "sh", "-c", "echo the-containers-own > /etc/shadow && mkdir -p /tmp/r/etc"
                + " && echo the-containers-own > /tmp/r/etc/shadow && ln -s / /tmp/link");
        engine.dockerOk("exec", "-d", c, "/x/dir_symlink_swap", "/tmp/r", "/tmp/link", "60");

        // Reads: many stats of /tmp/r/etc/shadow on one connection; the host's would differ in size.
        List<String> heads = new java.util.ArrayList<>(List.of("curl", "-sS", "-I", "--unix-socket", engine.socket().toString()));
        for (int i = 0; i < 1000; i++) heads.add("http://localhost/containers/" + c + "/archive?path=/tmp/r/etc/shadow");
        List<Long> sizes = new java.util.ArrayList<>();
        for (String line : Command.run(heads, Map.of(), null, 120).stdout().split("\r?\n"))
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-docker-container-path-stat:"))
                sizes.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getDecoder()
                        .decode(line.substring(line.indexOf(':') + 1).trim())).path("size").asLong());
        assertFalse(sizes.isEmpty(), "no stat succeeded");
        for (long size : sizes) assertEquals(own.length(), size, "a stat found the host's /etc/shadow");

        // Writes: a tree, each of whose files is a path the engine resolves again, a race it must win.
        String prefix = "lamina-cp-race-" + UUID.randomUUID() + "-";
        Path tree = Files.createDirectories(work.resolve("raced/tree"));
        for (int f = 0; f < 100; f++) Files.writeString(tree.resolve("f" + f), "raced\n");
        try {
            for (int i = 0; i < 10; i++) engine.docker("cp", tree.toString(), c + ":/tmp/r/" + prefix + i);
        } finally {
            try (var onHost = Files.list(Path.of("/"))) {
                List<Path> escaped = onHost.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
                for (Path p : escaped) dev.lamina.image.store.Trees.delete(p);
                assertEquals(List.of(), escaped, "copies written to the host's /");
            }
        }
        Path out = work.resolve("raced-shadow");
        engine.dockerOk("cp", c + ":/etc/shadow", out.toString());
        assertEquals(own, Files.readString(out));
    }

    /** A running container whose guest planted symlinks to its / and, by "..", to its /etc, and has an /etc/shadow of its own. */
    private String hostileGuest(String name) {
        engine.dockerOk("run", "-d", "--name", name, IMAGE, "sleep", "300");
        engine.dockerOk("exec", name, "sh", "-c", "ln -s / /tmp/evil && ln -s ../../../../../../../etc /tmp/up"
                + " && echo the-containers-own > /etc/shadow");
        return name;
    }

    @Test
    void copyingOverAFileOfTheImageLeavesTheImageStoreAsItWas() throws Exception {
        String c = "cp-over-image";
        engine.dockerOk("run", "-d", "--name", c, IMAGE, "sleep", "300");
        Path images = engine.dataRoot().resolve("images");
        String original = engine.dockerOk("exec", c, "cat", "/etc/os-release").stdout();
        Map<String, String> before = TreeSnapshot.of(images);
        Path mine = Files.writeString(work.resolve("os-release"), "NAME=copied in\n");
        engine.dockerOk("cp", mine.toString(), c + ":/etc/os-release");
        assertEquals("NAME=copied in\n", engine.dockerOk("exec", c, "cat", "/etc/os-release").stdout());
        Map<String, String> after = TreeSnapshot.of(images);
        Map<String, String> changed = new java.util.TreeMap<>();
        for (String k : before.keySet()) if (!before.get(k).equals(after.get(k))) changed.put(k, before.get(k) + " -> " + after.get(k));
        for (String k : after.keySet()) if (!before.containsKey(k)) changed.put(k, "new: " + after.get(k));
        assertEquals(Map.of(), changed, "the image store changed");
        assertEquals(original, engine.dockerOk("run", "--rm", IMAGE, "cat", "/etc/os-release").stdout());
    }

    @Test
    void archivesNoClientShouldSendAreRefused() throws Exception {
        String c = "cp-refused";
        engine.dockerOk("create", "--name", c, IMAGE, "true");
        Map<String, TarEntry> hostile = Map.of(
                "/escaped", file("../escaped"),
                "/absolute", file("/absolute"),
                "/disk", new TarEntry("disk", TarEntry.Type.BLOCK_DEVICE, 0600, 0, 0, 0, "", 0, 8, 0, Map.of()),
                "/linked", new TarEntry("linked", TarEntry.Type.HARDLINK, 0644, 0, 0, 0, "etc/os-release", 0, 0, 0, Map.of()));
        List<String> accepted = new java.util.ArrayList<>();
        for (Map.Entry<String, TarEntry> e : hostile.entrySet()) {
            Path tar = work.resolve("hostile.tar");
            try (OutputStream out = Files.newOutputStream(tar); TarWriter w = new TarWriter(out)) {
                w.entry(e.getValue(), new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
            }
            Command.Result put = engine.curl("PUT", "/containers/" + c + "/archive?path=/", tar);
            Command.Result head = engine.curl("HEAD", "/containers/" + c + "/archive?path=" + e.getKey(), null);
            if (!put.stdout().endsWith("\n400") || !head.stdout().endsWith("404"))
                accepted.add(e.getValue().name() + ": " + put.stdout().replace('\n', ' ') + "; then " + e.getKey() + " "
                        + head.stdout().substring(head.stdout().length() - 3));
        }
        assertEquals(List.of(), accepted);
    }

    private static TarEntry file(String name) {
        return new TarEntry(name, TarEntry.Type.FILE, 0644, 0, 0, 1, "", 0, 0, 0, Map.of());
    }
}
