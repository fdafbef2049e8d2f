package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.FaultyProxy;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.TreeSnapshot;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pulls from Debian's docker-registry on 127.0.0.1, filled with skopeo and umoci:
 * OCI and Docker schema 2 manifests, a two-platform index, layers with whiteouts
 * and an opaque directory (compared with umoci's unpack), a corrupted blob.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullTest {
    private Path dir;
    private LocalRegistry registry;
    private Path dataRoot;
    private Path amd64, arm64;

    @BeforeAll
    void startRegistry() throws IOException {
        // Not @TempDir: JUnit warns about every symlink of alpine's tree when it cleans up.
        dir = Files.createTempDirectory("lamina-pull-test");
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
        dataRoot = dir.resolve("data");
        amd64 = OciImages.alpine(dir, "x86_64");
        OciImages.push(amd64, "alpine", registry.host() + "/library/alpine:3.20");
    }

    @AfterAll
    void stopRegistry() throws IOException {
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    private Command.Result lamina(String... args) {
        return laminaIn(dataRoot, args);
    }

    private static Command.Result laminaIn(Path data, String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", data.toString()), null, 300);
    }

    /** The digest of alpine's one layer, read from the umoci layout. */
    private String alpineLayer() throws IOException {
        Matcher m = Pattern.compile("sha256:([0-9a-f]{64})").matcher(Files.readString(amd64.resolve("index.json")));
        assertTrue(m.find());
        String manifestJson = Files.readString(amd64.resolve("blobs/sha256").resolve(m.group(1)));
        Matcher layer = Pattern.compile("tar\\+gzip\",\"digest\":\"sha256:([0-9a-f]{64})").matcher(manifestJson);
        assertTrue(layer.find(), manifestJson);
        return layer.group(1);
    }

    @Test
    void droppedConnectionIsResumedWithRange() throws Exception {
        String layer = alpineLayer();
        Path data = dir.resolve("data-resume");
        try (FaultyProxy proxy = new FaultyProxy(registry.port(), layer, 1 << 20, FaultyProxy.Fault.CUT)) {
            String name = "127.0.0.1:" + proxy.port() + "/library/alpine:3.20";
            Command.Result r = laminaIn(data, "pull", name);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains(layer.substring(0, 12) + ": Resuming"), r.toString());
            // The cut came 1 MiB into the response, headers included: the rest is asked for by Range.
            assertTrue(proxy.requests().stream().anyMatch(h -> h.contains("/blobs/sha256:" + layer)
                    && h.matches("(?s).*Range: bytes=10[0-9]{5}-.*")), "no ranged request after the cut");
            assertEquals("3.20.3\n", laminaIn(data, "run", name, "cat", "/etc/alpine-release").stdout());
        }
    }

    @Test
    void runPullsAMissingImage() {
        Path data = dir.resolve("data-run-pulls");
        String name = registry.host() + "/library/alpine:3.20";
        Command.Result r = laminaIn(data, "run", name, "cat", "/etc/alpine-release");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("3.20.3\n", r.stdout(), "pull progress goes to stderr, the container's output to stdout");
        assertTrue(r.stderr().contains("Pulling " + name), r.toString());
    }

    @Test
    void killedAtAnyMomentTheStoreIsAcceptedOrRepaired() throws Exception {
        Path data = dir.resolve("data-kill-loop");
        String name = registry.host() + "/library/alpine:3.20";
        // Kill pulls at growing delays: during start-up, download, unpack, flattening or naming.
        for (int delayMs : new int[] {150, 300, 450, 600, 750, 900, 1100}) {
            ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "pull", "-q", name)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LAMINA_DATA_ROOT", data.toString());
            Process p = pb.start();
            Thread.sleep(delayMs);
            p.destroyForcibly().waitFor();
            Command.Result images = laminaIn(data, "images");
            assertEquals(0, images.exitCode(), "after a kill at " + delayMs + " ms: " + images);
            ok("images"); // the other store is untouched
            laminaIn(data, "rmi", name); // start over when the pull had finished
        }
        Command.Result r = laminaIn(data, "run", name, "cat", "/etc/alpine-release");
        assertEquals("3.20.3\n", r.stdout(), r.toString());
        try (var left = Files.list(data.resolve("images/tmp"))) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().equals(String.valueOf(ProcessHandle.current().pid())) || isEmptyDir(p)),
                    "work directories of killed pulls are removed");
        }
    }

    private static boolean isEmptyDir(Path p) {
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void zstdLayersPull() throws Exception {
        String name = registry.host() + "/zstd/alpine:3.20";
        // skopeo reuses the gzip blobs it has seen, so the zstd layer is made with the zstd tool.
        Path rootfs = AlpineRootfs.unpack(dir.resolve("zstd-layer"));
        OciImages.push(OciImages.crafted(dir, List.of(rootfs), true), "crafted", name);
        HttpResponse<String> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/zstd/alpine/manifests/3.20"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(manifest.body().contains("tar+zstd"), manifest.body());
        ok("pull", name);
        assertEquals("3.20.3\n", ok("run", name, "cat", "/etc/alpine-release").stdout());
    }

    @Test
    void concurrentPullsFetchEachBlobOnce() throws Exception {
        String layer = alpineLayer();
        Path data = dir.resolve("data-concurrent");
        try (FaultyProxy proxy = new FaultyProxy(registry.port(), layer, 0, FaultyProxy.Fault.DELAY)) {
            String name = "127.0.0.1:" + proxy.port() + "/library/alpine:3.20";
            List<Process> pulls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "pull", name).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("concurrent-" + i + ".log").toFile());
                pb.environment().put("LAMINA_DATA_ROOT", data.toString());
                pulls.add(pb.start());
            }
            for (Process p : pulls) assertEquals(0, p.waitFor(), Files.readString(dir.resolve("concurrent-0.log")));
            long gets = proxy.requests().stream().filter(h -> h.startsWith("GET ") && h.contains("/blobs/sha256:" + layer)).count();
            assertEquals(1, gets, "the layer was fetched " + gets + " times");
            assertEquals("3.20.3\n", laminaIn(data, "run", name, "cat", "/etc/alpine-release").stdout());
        }
    }

    @Test
    void aStalledDownloadIsResumedAfterTheTimeout() throws IOException {
        String layer = alpineLayer();
        Path data = dir.resolve("data-stalled");
        try (FaultyProxy proxy = new FaultyProxy(registry.port(), layer, 1 << 20, FaultyProxy.Fault.STALL)) {
            String name = "127.0.0.1:" + proxy.port() + "/library/alpine:3.20";
            Command.Result r = Command.run(List.of(Repo.launcher().toString(), "pull", name),
                    Map.of("LAMINA_DATA_ROOT", data.toString(), "LAMINA_REGISTRY_TIMEOUT", "2"), null, 40); // well under the default timeout of 60 s
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains(layer.substring(0, 12) + ": Resuming "), r.toString());
            assertTrue(proxy.requests().stream().anyMatch(h -> h.contains("/blobs/sha256:" + layer) && h.contains("Range: bytes=")),
                    "no ranged request after the stall");
            assertEquals("3.20.3\n", laminaIn(data, "run", name, "cat", "/etc/alpine-release").stdout());
        }
        Command.Result bad = Command.run(List.of(Repo.launcher().toString(), "pull", "127.0.0.1:1/x"),
                Map.of("LAMINA_DATA_ROOT", data.toString(), "LAMINA_REGISTRY_TIMEOUT", "soon"), null, 60);
        assertEquals(125, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("LAMINA_REGISTRY_TIMEOUT must be a whole number of seconds"), bad.toString());
    }

    @Test
    void killedPullIsResumedByTheNextOne() throws Exception {
        String layer = alpineLayer();
        Path data = dir.resolve("data-killed");
        try (FaultyProxy proxy = new FaultyProxy(registry.port(), layer, 1 << 20, FaultyProxy.Fault.STALL)) {
            String name = "127.0.0.1:" + proxy.port() + "/library/alpine:3.20";
            ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "pull", name).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("killed-pull.log").toFile());
            pb.environment().put("LAMINA_DATA_ROOT", data.toString());
            Process p = pb.start();
            Path partial = data.resolve("images/downloads").resolve(layer + ".partial");
            // Wait for the stall: the partial file stops growing just short of 1 MiB (headers took the rest).
            long size = -1;
            for (int i = 0; i < 300; i++) {
                Thread.sleep(100);
                long now = Files.exists(partial) ? Files.size(partial) : -1;
                if (now > 1_000_000 && now == size) break;
                size = now;
            }
            assertTrue(size > 1_000_000 && size < 1 << 20, "stalled download holds " + size + " bytes");
            p.destroyForcibly().waitFor();
            Command.Result r = laminaIn(data, "pull", name);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains(layer.substring(0, 12) + ": Resuming ") && r.stdout().contains(" at " + TransferProgress.human(size) + "\n"), r.toString());
            long resumedAt = size;
            assertTrue(proxy.requests().stream().anyMatch(h -> h.contains("Range: bytes=" + resumedAt + "-")), "no ranged request");
            assertFalse(Files.exists(partial));
            assertEquals("3.20.3\n", laminaIn(data, "run", name, "cat", "/etc/alpine-release").stdout());
        }
    }

    private Command.Result ok(String... args) {
        Command.Result r = lamina(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    private String inspect(String image, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": \"([^\"]*)\"").matcher(ok("image", "inspect", image).stdout());
        assertTrue(m.find(), field + " in inspect of " + image);
        return m.group(1);
    }

    /** The root Lamina flattened for {@code name} has what `umoci unpack` makes of the same image; returns umoci's. */
    private Path sameRootAsUmoci(String name, Path layout, String tag) throws IOException {
        Path ours = dataRoot.resolve("images/roots").resolve(inspect(name, "Id").substring(7)).resolve("root");
        Path bundle = Files.createTempDirectory(dir, "umoci-").resolve("bundle");
        Command.ok("umoci", "unpack", "--image", layout + ":" + tag, bundle.toString());
        Map<String, String> expected = TreeSnapshot.of(bundle.resolve("rootfs"));
        Map<String, String> actual = TreeSnapshot.of(ours);
        expected.remove("/"); // umoci gives the root directory its bundle's mode
        actual.remove("/");
        assertEquals(expected, actual);
        return bundle.resolve("rootfs");
    }

    @Test
    void ociImageRunsAfterPull() throws IOException {
        String name = registry.host() + "/library/alpine:3.20";
        Command.Result pull = ok("pull", name);
        assertTrue(pull.stdout().contains("Pull complete"), pull.toString());
        assertEquals("3.20.3\n", ok("run", name, "cat", "/etc/alpine-release").stdout());
        assertEquals("application/vnd.oci.image.manifest.v1+json", inspect(name, "ManifestMediaType"));
        sameRootAsUmoci(name, amd64, "alpine");
        // By digest too, as docker pull NAME@sha256:... does.
        String digest = inspect(name, "ManifestDigest");
        String byDigest = registry.host() + "/library/alpine@" + digest;
        ok("pull", byDigest);
        assertEquals("3.20.3\n", ok("run", byDigest, "cat", "/etc/alpine-release").stdout());
        // A second pull finds everything in the store.
        assertTrue(ok("pull", name).stdout().contains("Already exists") || ok("images").stdout().contains("3.20"));
    }

    @Test
    void dockerSchema2ImageRuns() throws IOException {
        String name = registry.host() + "/docker-format/alpine:3.20";
        OciImages.push(amd64, "alpine", name, "--format", "v2s2");
        ok("pull", name);
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", inspect(name, "ManifestMediaType"));
        sameRootAsUmoci(name, amd64, "alpine");
        assertEquals("3.20.3\n", ok("run", name, "cat", "/etc/alpine-release").stdout());
    }

    @Test
    void indexPicksThePlatform() throws Exception {
        arm64 = OciImages.alpine(dir, "aarch64");
        String repo = registry.host() + "/multi/alpine";
        OciImages.push(amd64, "alpine", repo + ":amd64");
        OciImages.push(arm64, "alpine", repo + ":arm64");
        String amdEntry = entry(repo, "amd64", "{\"architecture\":\"amd64\",\"os\":\"linux\"}", "");
        // An attestation entry first: BuildKit's unknown/unknown, which must be skipped.
        String attestation = entry(repo, "amd64", "{\"architecture\":\"unknown\",\"os\":\"unknown\"}",
                ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}");
        String armEntry = entry(repo, "arm64", "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}", "");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + attestation + "," + amdEntry + "," + armEntry + "]}";
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/multi/alpine/manifests/both"))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(index)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());

        ok("pull", repo + ":both");
        assertEquals("amd64", inspect(repo + ":both", "Architecture"));
        ok("pull", "--platform", "linux/arm64", repo + ":both");
        assertEquals("arm64", inspect(repo + ":both", "Architecture"));
        sameRootAsUmoci(repo + ":both", arm64, "alpine");
        // lamina run --platform: the local build is arm64's now, so amd64's is pulled to run it, then arm64's again.
        assertEquals("x86_64\n", ok("run", "--platform", "linux/amd64", repo + ":both", "uname", "-m").stdout());
        assertEquals("amd64", inspect(repo + ":both", "Architecture"));
        assertEquals("aarch64\n", ok("run", "--platform", "linux/arm64", repo + ":both", "uname", "-m").stdout());
        assertEquals("arm64", inspect(repo + ":both", "Architecture"));
        Command.Result missing = lamina("pull", "--platform", "linux/s390x", repo + ":both");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("no image for linux/s390x (the index has: linux/amd64, linux/arm64)"), missing.toString());
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesMatchUmoci() throws Exception {
        Path base = Files.createDirectories(dir.resolve("layers/1"));
        Files.createDirectories(base.resolve("a"));
        Files.writeString(base.resolve("a/one"), "1");
        Files.writeString(base.resolve("a/two"), "2");
        Files.createDirectories(base.resolve("b/deep"));
        Files.writeString(base.resolve("b/x"), "x");
        Files.writeString(base.resolve("b/deep/y"), "y");
        Files.writeString(base.resolve("c"), "c");
        Files.createSymbolicLink(base.resolve("d"), Path.of("c"));
        Files.createDirectories(base.resolve("private"));
        Files.setAttribute(base.resolve("private"), "unix:mode", 0700);
        Files.writeString(base.resolve("tool"), "#!/bin/sh\n");
        Files.setAttribute(base.resolve("tool"), "unix:mode", 04755);
        Files.setAttribute(base.resolve("tool"), "unix:uid", 1000);
        Files.setAttribute(base.resolve("tool"), "unix:gid", 1000);
        Path upper = Files.createDirectories(dir.resolve("layers/2"));
        Files.createDirectories(upper.resolve("a"));
        Files.writeString(upper.resolve("a/.wh..wh..opq"), "");
        Files.writeString(upper.resolve("a/three"), "3");
        Files.createDirectories(upper.resolve("b"));
        Files.writeString(upper.resolve("b/.wh.x"), "");
        Files.writeString(upper.resolve(".wh.c"), "");
        Files.writeString(upper.resolve("e"), "e");
        Files.createLink(upper.resolve("e-link"), upper.resolve("e"));
        Path top = Files.createDirectories(dir.resolve("layers/3"));
        Files.writeString(top.resolve("c"), "c again");
        Files.createDirectories(top.resolve("b"));
        Files.writeString(top.resolve("b/.wh.deep"), "");
        Path layout = OciImages.crafted(dir, List.of(base, upper, top));
        String name = registry.host() + "/crafted/layers:1";
        OciImages.push(layout, "crafted", name);

        ok("pull", name);
        sameRootAsUmoci(name, layout, "crafted");
        Map<String, String> actual = TreeSnapshot.of(dataRoot.resolve("images/roots").resolve(inspect(name, "Id").substring(7)).resolve("root"));
        assertTrue(actual.containsKey("/a/three") && !actual.containsKey("/a/one") && !actual.containsKey("/b/x")
                && !actual.containsKey("/b/deep") && actual.containsKey("/c"), actual.toString());
    }

    @Test
    void layersAsBuildersMakeThemMatchUmoci() throws Exception {
        Path work = Files.createDirectories(dir.resolve("builders"));
        // Layer 1 as GNU tar writes it with --xattrs: "./" names, a file capability and a user.* attribute.
        Path base = Files.createDirectories(work.resolve("base/bin"));
        Files.writeString(base.resolve("ping"), "#!/bin/sh\n");
        Files.setAttribute(base.resolve("ping"), "unix:mode", 0755);
        Command.ok("setcap", "cap_net_raw=ep", base.resolve("ping").toString());
        Files.getFileAttributeView(base.resolve("ping"), UserDefinedFileAttributeView.class)
                .write("mime", ByteBuffer.wrap("text/x-shellscript".getBytes()));
        Files.createDirectories(base.resolveSibling("opt/d"));
        Files.writeString(base.resolveSibling("opt/d/f"), "f");
        Path first = work.resolve("base.tar");
        Command.ok("tar", "--sort=name", "--numeric-owner", "--format=pax", "--xattrs", "--xattrs-include=*",
                "-C", base.getParent().toString(), "-cf", first.toString(), ".");
        // Layer 2: absolute names, then the same names again as other kinds of file, appended so the later ones win.
        Path before = Files.createDirectories(work.resolve("before"));
        Files.writeString(before.resolve("x"), "x is a file");
        Files.createDirectories(before.resolve("y"));
        Files.writeString(before.resolve("y/child"), "goes with y");
        Files.createSymbolicLink(before.resolve("z"), Path.of("x"));
        Files.createDirectories(before.resolve("w"));
        Files.createDirectories(before.resolve("etc"));
        Files.writeString(before.resolve("etc/hostname"), "one");
        Path after = Files.createDirectories(work.resolve("after"));
        Files.createDirectories(after.resolve("x"));
        Files.writeString(after.resolve("x/inner"), "x is a directory");
        Files.writeString(after.resolve("y"), "y is a file");
        Files.writeString(after.resolve("z"), "z is a file");
        Files.createSymbolicLink(after.resolve("w"), Path.of("/etc"));
        Files.createDirectories(after.resolve("etc"));
        Files.writeString(after.resolve("etc/hostname"), "two");
        Path second = work.resolve("repeated.tar");
        Command.ok("tar", "--sort=name", "--numeric-owner", "-P", "--transform=s,^\\./,/,", "-C", before.toString(), "-cf",
                second.toString(), ".");
        Command.ok("tar", "--sort=name", "--numeric-owner", "-C", after.toString(), "-rf", second.toString(), ".");
        assertTrue(Command.ok("tar", "-tvf", second.toString()).stdout().contains(" /etc/hostname"));
        Path layout = OciImages.fromTars(work.resolve("oci"), List.of(first, second), false);
        String name = registry.host() + "/crafted/builders:1";
        OciImages.push(layout, "crafted", name);

        ok("pull", name);
        Path umoci = sameRootAsUmoci(name, layout, "crafted");
        Path image = dataRoot.resolve("images/roots").resolve(inspect(name, "Id").substring(7));
        for (Path root : List.of(image.resolve("root"), umoci)) {
            assertEquals(root.resolve("bin/ping") + " cap_net_raw=ep\n", Command.ok("getcap", root.resolve("bin/ping").toString()).stdout());
            var view = Files.getFileAttributeView(root.resolve("bin/ping"), UserDefinedFileAttributeView.class);
            ByteBuffer mime = ByteBuffer.allocate(view.size("mime"));
            view.read("mime", mime);
            assertEquals("text/x-shellscript", new String(mime.array()), root.toString());
        }
        // Recorded for the kernel too, as owners are for a non-root host.
        LayerMetadata meta = LayerMetadata.fromJson(Files.readAllBytes(image.resolve("metadata.json")));
        assertEquals(Set.of("security.capability", "user.mime"), meta.xattrs().get("bin/ping").keySet());
    }

    @Test
    void corruptedBlobIsRefusedAndLeavesNothing() throws Exception {
        String name = registry.host() + "/corrupt/alpine:3.20";
        OciImages.push(amd64, "alpine", name);
        // The one layer of the image: the blob in the registry's storage gets one byte flipped.
        String layer = alpineLayer();
        Path data = registry.blobData(layer);
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(data, bytes);
        try {
            Command.Result r = lamina("pull", name);
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("corrupt/alpine:3.20, layer 1 (" + layer.substring(0, 12)
                    + "): blob " + layer.substring(0, 12) + " does not match its digest"), r.toString());
            assertFalse(ok("images").stdout().contains("corrupt/alpine"));
            assertFalse(Files.exists(dataRoot.resolve("images/downloads").resolve(layer + ".partial")));
        } finally {
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(data, bytes);
        }
    }

    private String entry(String repo, String tag, String platform, String extra) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/multi/alpine/manifests/" + tag))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String d = OciImages.descriptor("application/vnd.oci.image.manifest.v1+json", Digest.of(r.body()), r.body().length);
        return d.substring(0, d.length() - 1) + ",\"platform\":" + platform + extra + "}";
    }
}
