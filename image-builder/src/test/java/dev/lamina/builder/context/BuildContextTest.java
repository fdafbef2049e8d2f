package dev.lamina.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildContextTest {
    private static final long MB = 1 << 20;

    @TempDir
    Path tmp;

    private BuildContext extract(TarBuilder tar) {
        return BuildContext.extract(tar.stream(), tmp.resolve("ctx"), 16 * MB);
    }

    private BuildContextException refused(TarBuilder tar) {
        Path dir = tmp.resolve("ctx");
        var e = assertThrows(BuildContextException.class, () -> BuildContext.extract(tar.stream(), dir, 16 * MB));
        assertFalse(Files.exists(dir), "the partial context is deleted");
        return e;
    }

    private static List<String> rel(List<Source> sources) {
        return sources.stream().map(Source::relPath).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "bzip2", "xz"})
    void compressedContexts(String format) {
        TarBuilder tar = new TarBuilder().file("Dockerfile", "FROM scratch\n");
        try (BuildContext ctx = BuildContext.extract(tar.compressed(format), tmp.resolve(format), MB)) {
            assertEquals("FROM scratch\n", ctx.dockerfile(null));
        }
        assertFalse(Files.exists(tmp.resolve(format)), "close deletes the context");
    }

    /** As the docker CLI sends a context it added a Dockerfile to (-f outside it): no padding after the last data, no end blocks. */
    @Test
    void aContextEndingRightAfterItsLastDataIsWhole() throws IOException {
        byte[] whole = new TarBuilder().file("a", "first\n").file(".dockerfile.abc", "FROM scratch\n").bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, 512 + 512 + 512 + "FROM scratch\n".length());
        try (BuildContext ctx = BuildContext.extract(new java.io.ByteArrayInputStream(cut), tmp.resolve("cut"), MB)) {
            assertEquals("FROM scratch\n", ctx.dockerfile(".dockerfile.abc"));
            assertEquals("first\n", Files.readString(ctx.dir().resolve("a")));
        }
        byte[] inData = java.util.Arrays.copyOf(whole, 512 + 512 + 512 + 4);
        assertThrows(BuildContextException.class,
                () -> BuildContext.extract(new java.io.ByteArrayInputStream(inData), tmp.resolve("in-data"), MB));
    }

    @Test
    void filesDirectoriesLinksAndModes() throws IOException {
        try (BuildContext ctx = extract(new TarBuilder()
                .dir("./app", 0750)
                .file("./app/run.sh", "#!/bin/sh\n", 04755)
                .file("app/data", "x")
                .symlink("app/link", "/etc/passwd")
                .hardlink("app/same", "app/data"))) {
            Path app = ctx.dir().resolve("app");
            assertEquals(0750, (Integer) Files.getAttribute(app, "unix:mode") & 07777);
            assertEquals(04755, (Integer) Files.getAttribute(app.resolve("run.sh"), "unix:mode") & 07777);
            assertEquals("/etc/passwd", Files.readSymbolicLink(app.resolve("link")).toString());
            assertTrue(Files.isSameFile(app.resolve("data"), app.resolve("same")));
        }
    }

    @Test
    void refusesAbsoluteNamesAndDotDot() {
        assertEquals("build context entry outside the context: ../x",
                refused(new TarBuilder().file("../x", "evil")).getMessage());
        assertEquals("build context entry outside the context: a/../../x",
                refused(new TarBuilder().file("a/../../x", "evil")).getMessage());
        assertEquals("build context entry with an absolute name: /tmp/x",
                refused(new TarBuilder().file("/tmp/x", "evil")).getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void refusesWritingThroughASymlinkItMade() {
        assertEquals("build context entry out/passwd is under the symbolic link out",
                refused(new TarBuilder().symlink("out", tmp.toString()).file("out/passwd", "evil")).getMessage());
        assertFalse(Files.exists(tmp.resolve("passwd")));
    }

    @Test
    void aLaterEntryReplacesALinkNotItsTarget() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "safe");
        try (BuildContext ctx = extract(new TarBuilder().symlink("f", outside.toString()).file("f", "new"))) {
            assertEquals("new", Files.readString(ctx.dir().resolve("f")));
        }
        assertEquals("safe", Files.readString(outside));
    }

    @Test
    void refusesHardLinksOutOfTheContextOrToUnseenEntries() {
        assertEquals("build context hard link pw points outside the context: /etc/passwd",
                refused(new TarBuilder().hardlink("pw", "/etc/passwd")).getMessage());
        assertEquals("build context hard link pw points outside the context: ../../etc/passwd",
                refused(new TarBuilder().hardlink("pw", "../../etc/passwd")).getMessage());
        assertEquals("build context hard link pw points to later, which is not a file earlier in the context",
                refused(new TarBuilder().hardlink("pw", "later").file("later", "x")).getMessage());
        assertEquals("build context hard link pw points to l, which is not a file earlier in the context",
                refused(new TarBuilder().symlink("l", "/etc/passwd").hardlink("pw", "l")).getMessage());
    }

    @Test
    void refusesDevicesAndPipes() {
        assertEquals("the build context holds the device node dev/sda, which cannot be copied into an image",
                refused(new TarBuilder().entry("dev/sda", TarConstants.LF_BLK)).getMessage());
        assertEquals("the build context holds the device node null, which cannot be copied into an image",
                refused(new TarBuilder().entry("null", TarConstants.LF_CHR)).getMessage());
        assertEquals("the build context holds the named pipe p, which cannot be copied into an image",
                refused(new TarBuilder().entry("p", TarConstants.LF_FIFO)).getMessage());
    }

    @Test
    void refusesNamesTooLong() {
        String element = "a".repeat(256);
        assertEquals("build context entry name too long: " + element,
                refused(new TarBuilder().file(element, "x")).getMessage());
        String deep = ("b".repeat(100) + "/").repeat(41) + "f";
        assertTrue(refused(new TarBuilder().file(deep, "x")).getMessage().startsWith("build context entry name too long: "));
    }

    @Test
    void refusesTooManyBytes() {
        Path dir = tmp.resolve("ctx");
        var e = assertThrows(BuildContextException.class,
                () -> BuildContext.extract(new TarBuilder().zeros("big", 2 * MB).stream(), dir, MB));
        assertEquals("the build context is larger than 1048576 bytes", e.getMessage());
    }

    @Test
    void refusesAGzipBombByItsUncompressedSize() throws IOException {
        byte[] tar = new TarBuilder().zeros("zeros", 64 * MB).bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new GzipCompressorOutputStream(gz)) {
            out.write(tar);
        }
        assertTrue(gz.size() < MB, "compressed it is small: " + gz.size());
        Path dir = tmp.resolve("ctx");
        var e = assertThrows(BuildContextException.class,
                () -> BuildContext.extract(new ByteArrayInputStream(gz.toByteArray()), dir, 8 * MB));
        assertEquals("the build context is larger than 8388608 bytes", e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void refusesTooManyEntries() {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "");
        }
        Path dir = tmp.resolve("ctx");
        var e = assertThrows(BuildContextException.class,
                () -> BuildContext.extract(tar.stream(), dir, new ContextTar.Limits(MB, 10)));
        assertEquals("the build context has more than 10 entries", e.getMessage());
    }

    @Test
    void refusesANonEmptyDirectory() throws IOException {
        Files.writeString(Files.createDirectories(tmp.resolve("ctx")).resolve("x"), "");
        assertThrows(IllegalArgumentException.class, () -> extract(new TarBuilder().file("a", "")));
    }

    @Test
    void dockerfileByNameDefaultAndFallback() {
        try (BuildContext ctx = extract(new TarBuilder().file("dockerfile", "lower").file("sub/Dockerfile.dev", "dev")
                .symlink("up", "../../../../Dockerfile.dev").symlink("escape", "/etc/passwd"))) {
            assertEquals("lower", ctx.dockerfile(""));
            assertEquals("dev", ctx.dockerfile("sub/Dockerfile.dev"));
            assertEquals("Cannot locate specified Dockerfile: ../../etc/passwd",
                    assertThrows(BuildContextException.class, () -> ctx.dockerfile("../../etc/passwd")).getMessage());
            assertEquals("Cannot locate specified Dockerfile: escape",
                    assertThrows(BuildContextException.class, () -> ctx.dockerfile("escape")).getMessage());
        }
    }

    @Test
    void sourcesByPathGlobAndDirectory() {
        try (BuildContext ctx = extract(new TarBuilder()
                .file("Dockerfile", "FROM x")
                .file("a.txt", "a").file("b.txt", "b").file("c.md", "c")
                .file("src/main.c", "int main;").file("src/sub/x.h", "h"))) {
            assertEquals(List.of("a.txt"), rel(ctx.resolve(List.of("a.txt"))));
            assertEquals(List.of("a.txt", "b.txt"), rel(ctx.resolve(List.of("*.txt"))));
            assertEquals(List.of("a.txt", "b.txt"), rel(ctx.resolve(List.of("/[ab].txt"))));
            assertEquals(List.of("src/main.c"), rel(ctx.resolve(List.of("./src/*.c"))));
            Source src = ctx.resolve(List.of("src")).getFirst();
            assertTrue(src.directory());
            assertEquals(List.of("", "main.c", "sub", "sub/x.h"), ctx.files(src).stream().map(SourceFile::path).toList());
            Source root = ctx.resolve(List.of(".")).getFirst();
            assertEquals("", root.relPath());
            assertTrue(root.directory());
            assertEquals("no source files were specified",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("*.none"))).getMessage());
            assertEquals(List.of("a.txt"), rel(ctx.resolve(List.of("a.txt", "*.none"))),
                    "a wildcard matching nothing beside a source that matches (moby's classic builder)");
            assertEquals("no source files were specified",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("*.none", "*.neither"))).getMessage());
            assertEquals("file not found in build context or excluded by .dockerignore: stat nope: file does not exist",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("nope"))).getMessage());
        }
    }

    @Test
    void dotDotInASourceStaysInTheContext() {
        try (BuildContext ctx = extract(new TarBuilder().file("etc/passwd", "mine"))) {
            Source s = ctx.resolve(List.of("../../etc/passwd")).getFirst();
            assertEquals("etc/passwd", s.relPath());
            assertEquals(ctx.dir().resolve("etc/passwd"), s.hostPath());
            assertEquals("file not found in build context or excluded by .dockerignore: stat ../../etc/shadow: file does not exist",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("../../etc/shadow"))).getMessage());
        }
    }

    @Test
    void symlinkSourcesResolveInsideTheContext() throws IOException {
        try (BuildContext ctx = extract(new TarBuilder()
                .file("etc/passwd", "context's own")
                .symlink("abs", "/etc/passwd")
                .symlink("sub/abs", "/etc/passwd")
                .symlink("rel", "../../../../etc/passwd")
                .symlink("gone", "/nonexistent")
                .symlink("dir", "/etc")
                .symlink("loop", "loop"))) {
            for (String link : List.of("abs", "sub/abs", "rel", "dir/passwd")) {
                Source s = ctx.resolve(List.of(link)).getFirst();
                assertEquals(ctx.dir().resolve("etc/passwd"), s.hostPath(), link);
                assertEquals("context's own", Files.readString(s.hostPath()));
            }
            assertEquals("file not found in build context or excluded by .dockerignore: stat gone: file does not exist",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("gone"))).getMessage());
            assertEquals("too many symbolic links resolving loop",
                    assertThrows(BuildContextException.class, () -> ctx.resolve(List.of("loop"))).getMessage());
        }
    }

    @Test
    void symlinksInsideACopiedDirectoryStayLinks() throws IOException {
        try (BuildContext ctx = extract(new TarBuilder().file("d/f", "x").symlink("d/out", "/etc/passwd"))) {
            List<SourceFile> files = ctx.files(ctx.resolve(List.of("d")).getFirst());
            SourceFile out = files.stream().filter(f -> f.path().equals("out")).findFirst().orElseThrow();
            assertEquals(SourceFile.Kind.SYMLINK, out.kind());
            assertTrue(Files.isSymbolicLink(out.hostPath()));
            assertEquals(ctx.dir().resolve("d/out"), out.hostPath());
        }
    }

    /** As moby's classic builder: .dockerignore is the client's to apply (the CLIs filter what they send); the engine
     * only takes the Dockerfile and the .dockerignore itself out of the context, once read, when it names them. */
    @Test
    void dockerignoreTakesOutOnlyItselfAndTheDockerfile() {
        try (BuildContext ctx = extract(new TarBuilder()
                .file(".dockerignore", "secret\n*.log\nDockerfile\n.dockerignore\n")
                .file("Dockerfile", "FROM x")
                .file("secret", "s").file("a.log", "l").file("app.c", "c"))) {
            assertEquals("FROM x", ctx.dockerfile(null));
            assertEquals(List.of("secret"), rel(ctx.resolve(List.of("secret"))));
            assertEquals(List.of("a.log"), rel(ctx.resolve(List.of("*.log"))));
            List<String> all = ctx.files(ctx.resolve(List.of(".")).getFirst()).stream().map(SourceFile::path).toList();
            assertEquals(List.of("", "a.log", "app.c", "secret"), all);
        }
        try (BuildContext ctx = extract(new TarBuilder().file(".dockerignore", "secret\n").file("Dockerfile", "FROM x").file("secret", "s"))) {
            ctx.dockerfile(null);
            List<String> all = ctx.files(ctx.resolve(List.of(".")).getFirst()).stream().map(SourceFile::path).toList();
            assertEquals(List.of("", ".dockerignore", "Dockerfile", "secret"), all);
        }
    }

    @Test
    void contentDigestFollowsContentsModesAndNames() throws IOException {
        String one;
        try (BuildContext ctx = extract(new TarBuilder().file("d/a", "1").file("d/b", "2"))) {
            one = ctx.contentDigest(ctx.resolve(List.of("d")).getFirst());
            assertTrue(one.matches("sha256:[0-9a-f]{64}"));
        }
        for (TarBuilder other : List.of(
                new TarBuilder().file("d/a", "1").file("d/b", "3"),
                new TarBuilder().file("d/a", "1").file("d/c", "2"),
                new TarBuilder().file("d/a", "1").file("d/b", "2", 0755),
                new TarBuilder().file("d/a", "12").file("d/b", ""),
                new TarBuilder().file("d/a", "1").symlink("d/b", "2"))) {
            Path dir = tmp.resolve("other");
            try (BuildContext ctx = BuildContext.extract(other.stream(), dir, MB)) {
                assertNotEquals(one, ctx.contentDigest(ctx.resolve(List.of("d")).getFirst()));
            }
        }
        try (BuildContext ctx = BuildContext.extract(new TarBuilder().file("d/b", "2").file("d/a", "1").stream(),
                tmp.resolve("same"), MB)) {
            assertEquals(one, ctx.contentDigest(ctx.resolve(List.of("d")).getFirst()), "order in the tar does not matter");
        }
    }

    @Test
    void contentDigestFromExtractionIsTheOneReadFromDisk() throws IOException {
        // Extraction hashes contents as it writes them; a tree read in place hashes them from
        // its files. The two must agree, or a memo would key the cache differently.
        TarBuilder tar = new TarBuilder().file("d/a", "1").file("d/b", "2", 0755).symlink("d/l", "a")
                .hardlink("d/h", "d/a").file("d/b", "replaced").zeros("d/z", 200_000).file("top", "t");
        try (BuildContext ctx = extract(tar)) {
            for (String source : List.of("d", "d/h", "top", "."))
                assertEquals(BuildContext.over(ctx.dir()).contentDigest(BuildContext.over(ctx.dir()).resolve(List.of(source)).getFirst()),
                        ctx.contentDigest(ctx.resolve(List.of(source)).getFirst()), source);
        }
    }

    @Test
    void ownersInTheTarAreIgnored() throws IOException {
        int me = (Integer) Files.getAttribute(Files.createFile(tmp.resolve("mine")), "unix:uid");
        try (BuildContext ctx = extract(new TarBuilder().owned("f", 4242))) {
            assertEquals(me, (Integer) Files.getAttribute(ctx.dir().resolve("f"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        }
    }
}
