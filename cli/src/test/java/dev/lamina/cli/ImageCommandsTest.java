package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.TreeSnapshot;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** import, images, inspect, tag, rmi, save and load, and run IMAGE with the image's config, through the CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageCommandsTest {
    private Path dir, data;

    @BeforeAll
    void importAlpine() throws IOException {
        dir = Files.createTempDirectory("lamina-image-commands");
        data = dir.resolve("data");
        ok("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
    }

    @AfterAll
    void clean() throws IOException {
        Trees.delete(dir);
    }

    private Command.Result lamina(String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", data.toString()), null, 300);
    }

    private Command.Result ok(String... args) {
        Command.Result r = lamina(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    @Test
    void importedAlpineRuns() {
        assertEquals("3.20.3\n", ok("run", "alpine:3.20", "cat", "/etc/alpine-release").stdout());
        assertTrue(ok("images").stdout().matches("(?s)REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\n.*alpine +3\\.20 +[0-9a-f]{12} .*"));
        String inspect = ok("image", "inspect", "alpine:3.20").stdout();
        assertTrue(inspect.contains("\"RepoTags\": [\n            \"alpine:3.20\"\n        ]"), inspect);
    }

    @Test
    void loadingOnATerminalShowsHowMuchWasRead() throws IOException {
        Path archive = dir.resolve("progress.tar");
        ok("save", "-o", archive.toString(), "alpine:3.20");
        // script(1) gives lamina a terminal, as a user at a shell has.
        String shown = Command.run(List.of("script", "-qec", Repo.launcher() + " load -i " + archive, "/dev/null"),
                Map.of("LAMINA_DATA_ROOT", data.toString(), "TERM", "xterm"), null, 300).stdout();
        assertTrue(shown.contains("progress.tar: Reading [") && shown.contains("progress.tar: Loaded")
                && shown.contains("Loaded image: alpine:3.20"), shown);
        String plain = ok("load", "-i", archive.toString()).stderr();
        assertEquals("", plain, "no progress when nobody watches");
    }

    @Test
    void containersShareTheImageButNeverChangeIt() throws IOException {
        Path root;
        try (var roots = Files.list(data.resolve("images/roots"))) {
            String id = ok("image", "inspect", "alpine:3.20").stdout().replaceAll("(?s).*\"Id\": \"sha256:([0-9a-f]{64})\".*", "$1");
            root = roots.filter(p -> p.getFileName().toString().equals(id)).findFirst().orElseThrow().resolve("root");
        }
        Map<String, String> before = TreeSnapshot.of(root);
        Command.Result r = ok("run", "alpine:3.20", "sh", "-c", String.join("; ",
                "echo changed >> /etc/passwd", "chmod 600 /etc/os-release", "chown 5:5 /etc/motd", "touch -d 2001-01-01 /etc/issue",
                "truncate -s 0 /etc/shells", "mv /etc/profile /tmp/profile", "echo more >> /tmp/profile",
                "ln /etc/group /tmp/group-link", "echo g >> /tmp/group-link", "chown -h 3:3 /bin/sh", "rm /bin/ls",
                "tail -1 /etc/passwd", "stat -c '%a %u:%g' /etc/os-release /etc/motd", "wc -c < /etc/shells"));
        assertEquals("changed\n600 0:0\n644 5:5\n0\n", r.stdout());
        assertEquals(before, TreeSnapshot.of(root), "the image's root is unchanged");
        assertEquals("nobody:x:65534:65534:nobody:/:/sbin/nologin\n/bin/ls\n",
                ok("run", "alpine:3.20", "sh", "-c", "tail -1 /etc/passwd; ls /bin/ls").stdout());
    }

    @Test
    void tagAndRmiWorkOnNames() {
        ok("tag", "alpine:3.20", "example.com/team/tool:v1");
        assertTrue(ok("images").stdout().contains("example.com/team/tool"));
        assertEquals("Untagged: example.com/team/tool:v1\n", ok("rmi", "example.com/team/tool:v1").stdout());
        assertEquals("3.20.3\n", ok("run", "alpine:3.20", "cat", "/etc/alpine-release").stdout());
        Command.Result missing = lamina("rmi", "nothing:here");
        assertEquals(1, missing.exitCode());
        assertEquals("lamina: no such image: nothing:here\n", missing.stderr());
    }

    @Test
    void optionsAfterTheImageAreTheCommands() {
        assertEquals("1 -e B=2 --rm\n", ok("run", "-e", "A=1", "alpine:3.20", "sh", "-c", "echo $A \"$@\"", "sh", "-e", "B=2", "--rm").stdout());
    }

    @Test
    void theImageSubcommandsAreTheShortOnes() {
        ok("image", "tag", "alpine:3.20", "sub/commands:1");
        assertEquals(ok("images", "-q").stdout(), ok("image", "ls", "-q").stdout());
        assertTrue(ok("image", "list").stdout().matches("(?s)REPOSITORY +TAG .*\nsub/commands +1 .*"));
        assertEquals("Untagged: sub/commands:1\n", ok("image", "rm", "sub/commands:1").stdout());
    }

    @Test
    void saveRmiLoadRoundTrip() {
        ok("tag", "alpine:3.20", "roundtrip:1");
        Path archive = dir.resolve("roundtrip.tar");
        ok("save", "-o", archive.toString(), "roundtrip:1");
        ok("rmi", "roundtrip:1");
        assertEquals("Loaded image: roundtrip:1\n", ok("load", "-i", archive.toString()).stdout());
        assertEquals("3.20.3\n", ok("run", "roundtrip:1", "cat", "/etc/alpine-release").stdout());
        // skopeo reads the archive as a docker-archive, and its OCI archive loads back.
        Path oci = dir.resolve("roundtrip-oci.tar");
        Command.ok("skopeo", "copy", "-q", "docker-archive:" + archive + ":roundtrip:1", "oci-archive:" + oci + ":2");
        assertEquals("Loaded image: example.org/rt:2\n", ok("load", "-i", oci.toString(), "--repository", "example.org/rt").stdout());
        assertEquals("3.20.3\n", ok("run", "example.org/rt:2", "cat", "/etc/alpine-release").stdout());
    }

    /** save writes over a regular file only (it renames its archive into place: a FIFO or a device would be
     * replaced, as /dev/full was), and a failed write to standard output fails the save (a full disk exited 0). */
    @Test
    void saveRefusesWhatItCannotWriteIntoAndSaysWhenAWriteFails() throws Exception {
        Path fifo = dir.resolve("fifo");
        Command.ok("mkfifo", fifo.toString());
        Command.Result toFifo = lamina("save", "-o", fifo.toString(), "alpine:3.20");
        assertEquals(125, toFifo.exitCode(), toFifo.toString());
        assertTrue(toFifo.stderr().contains("must be a regular file"), toFifo.toString());
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "the FIFO is still one");
        Command.Result full = Command.run(List.of("sh", "-c", "\"$0\" save alpine:3.20 > /dev/full", Repo.launcher().toString()),
                Map.of("LAMINA_DATA_ROOT", data.toString()), null, 300);
        assertEquals(1, full.exitCode(), full.toString());
        assertTrue(full.stderr().contains("No space left on device"), full.toString());
    }

    @Test
    void skopeosDockerArchiveLoads() throws IOException {
        // skopeo writes the older docker-archive layout: <hex>.json config, <hex>.tar layers.
        Path archive = dir.resolve("skopeo-docker-archive.tar");
        Command.ok("skopeo", "copy", "-q", "oci:" + OciImages.alpine(Files.createDirectories(dir.resolve("for-skopeo")), "x86_64") + ":alpine",
                "docker-archive:" + archive + ":skopeo/alpine:3.20");
        assertEquals("Loaded image: skopeo/alpine:3.20\n", ok("load", "-i", archive.toString()).stdout());
        assertEquals("3.20.3\n", ok("run", "skopeo/alpine:3.20", "cat", "/etc/alpine-release").stdout());
    }

    @Test
    void notAnArchiveIsRefused() throws IOException {
        Path junk = dir.resolve("junk.tar");
        Command.ok("tar", "-cf", junk.toString(), "-C", dir.toString(), "data/images/refs.json");
        Command.Result r = lamina("load", "-i", junk.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("lamina: not an image archive: it has neither manifest.json (docker save) nor index.json (OCI layout)\n", r.stderr());
    }

    @Test
    void runUsesTheImageConfig() {
        Path layout = OciImages.alpine(dir, "x86_64");
        Command.ok("umoci", "config", "--image", layout + ":alpine", "--tag", "configured", "--config.entrypoint", "/bin/echo",
                "--config.cmd", "from-cmd", "--config.env", "GREETING=hi", "--config.workingdir", "/tmp", "--config.user", "guest");
        Path archive = dir.resolve("configured.tar");
        Command.ok("skopeo", "copy", "-q", "oci:" + layout + ":configured", "oci-archive:" + archive + ":configured");
        ok("load", "-i", archive.toString(), "--repository", "configured");
        assertEquals("from-cmd\n", ok("run", "configured:configured").stdout());
        assertEquals("given\n", ok("run", "configured:configured", "given").stdout());
        assertEquals("/tmp hi 405 100\n", ok("run", "--entrypoint", "", "configured:configured", "sh", "-c",
                "echo $(pwd) $GREETING $(id -u) $(id -g)").stdout());
        assertEquals("0 0\n", ok("run", "--entrypoint", "", "-u", "0:0", "configured:configured", "sh", "-c", "echo $(id -u) $(id -g)").stdout());
    }

    @Test
    void theSameTarballImportsTwice() {
        // Its layer is stored already the second time (the image is another: its creation time differs, as Docker's).
        ok("import", AlpineRootfs.tarball().toString(), "twice:1");
        ok("import", AlpineRootfs.tarball().toString(), "twice:2");
        assertEquals("3.20.3\n", ok("run", "twice:2", "cat", "/etc/alpine-release").stdout());
    }

    @Test
    void aServiceImageWithANumericUserRunsAsIt() throws IOException {
        Path layout = OciImages.alpine(Files.createDirectories(dir.resolve("user-1000")), "x86_64");
        Command.ok("umoci", "config", "--image", layout + ":alpine", "--tag", "service", "--config.user", "1000");
        Path archive = dir.resolve("service.tar");
        Command.ok("skopeo", "copy", "-q", "oci:" + layout + ":service", "oci-archive:" + archive + ":service");
        ok("load", "-i", archive.toString(), "--repository", "service");
        // As Docker: a uid the image's passwd does not name, with group 0; the image's files are not its own.
        assertEquals("uid=1000 gid=0(root) groups=0(root)\nrefused\nmine\n", ok("run", "service:service", "sh", "-c",
                "id; echo x >> /etc/passwd 2>/dev/null || echo refused; echo mine > /tmp/f && cat /tmp/f").stdout());
    }
}
