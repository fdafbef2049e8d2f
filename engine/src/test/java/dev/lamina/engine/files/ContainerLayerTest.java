package dev.lamina.engine.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.container.ContainerRoot;
import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.layer.TarReader;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ChildImage;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.LayerBlob;
import dev.lamina.image.store.StoredImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's changes against its image, and the layer they make: a root made as
 * the engine makes one (hard links into the store), changed as the kernel changes
 * it (a file is replaced, never written where the image's is), then listed and
 * written; the layer read back, entry by entry, and committed as a new image.
 */
class ContainerLayerTest {
    @TempDir
    Path work;
    private ImageStore store;
    private StoredImage base;
    private Path rootfs;

    @BeforeEach
    void image() throws IOException {
        store = ImageStore.open(work.resolve("store"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            dir(w, "bin");
            file(w, "bin/sh", "shell", 0755);
            dir(w, "etc");
            file(w, "etc/motd", "welcome", 0644);
            file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
            file(w, "etc/hosts", "127.0.0.1 localhost\n", 0644);
            dir(w, "emptied");
            file(w, "emptied/a", "a", 0644);
            file(w, "emptied/b", "b", 0644);
            dir(w, "gone");
            file(w, "gone/c", "c", 0644);
            dir(w, "data");
            file(w, "data/kept", "hidden by a volume", 0644);
            dir(w, "dev");
            w.entry(new TarEntry("dev/null", TarEntry.Type.CHAR_DEVICE, 0666, 0, 0, 0, "", 1000, 1, 3, Map.of()), null);
        }
        base = RootfsImport.run(store, new ByteArrayInputStream(tar.toByteArray()), ImageReference.parse("test/base:1"),
                List.of("/bin/sh"), Limits.defaults());
        rootfs = work.resolve("container/rootfs");
        ContainerRoot.share(store, base, rootfs);
    }

    private static void dir(TarWriter w, String name) throws IOException {
        w.entry(new TarEntry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, "", 1000, 0, 0, Map.of()), null);
    }

    private static void file(TarWriter w, String name, String content, int mode) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        w.entry(new TarEntry(name, TarEntry.Type.FILE, mode, 0, 0, b.length, "", 1000, 0, 0, Map.of()), new ByteArrayInputStream(b));
    }

    /** What the kernel does before a change: the container's own copy in the file's place. */
    private void copyUp(String rel) throws IOException {
        Path p = rootfs.resolve(rel), tmp = p.resolveSibling(".lamina-copy-1-1");
        Files.copy(p, tmp, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void change() throws IOException, InterruptedException {
        Files.writeString(rootfs.resolve("new"), "a\n");
        // A guest's attribute goes in the layer; Lamina's own (user.lamina.*) never.
        var attrs = Files.getFileAttributeView(rootfs.resolve("new"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        attrs.write("test", java.nio.ByteBuffer.wrap(new byte[] {1, 0, 2}));
        attrs.write("lamina.anything", java.nio.ByteBuffer.wrap(new byte[] {3}));
        Files.createLink(rootfs.resolve("new2"), rootfs.resolve("new"));
        Files.delete(rootfs.resolve("etc/motd"));
        copyUp("etc/passwd");
        Files.setAttribute(rootfs.resolve("etc/passwd"), "unix:mode", 0600);
        Files.createDirectories(rootfs.resolve("d/e"));
        Files.delete(rootfs.resolve("emptied/a"));
        Files.delete(rootfs.resolve("emptied/b"));
        Files.writeString(rootfs.resolve("emptied/x"), "x");
        Files.delete(rootfs.resolve("gone/c"));
        Files.delete(rootfs.resolve("gone"));
        assertEquals(0, new ProcessBuilder("mkfifo", rootfs.resolve("f").toString()).start().waitFor());
        // A guest's symlinks lead nowhere on the host: the layer holds the links, never what they name there.
        Files.createSymbolicLink(rootfs.resolve("leak"), Path.of("/etc/shadow"));
        Files.delete(rootfs.resolve("bin/sh"));
        Files.delete(rootfs.resolve("bin"));
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("/"));
        // The kernel's own: its /etc files, a volume's mount point. A name shaped like a copy-up's temporary that no
        // copy is making is the guest's own file (it hid itself and all it held from diff and commit).
        copyUp("etc/hosts");
        Files.writeString(rootfs.resolve("etc/hosts"), "10.0.0.1 other\n");
        Files.writeString(rootfs.resolve("etc/.lamina-copy-7-3"), "the guest's");
        Files.delete(rootfs.resolve("data/kept"));
        Files.writeString(rootfs.resolve("data/on-the-volume"), "not the container's");
    }

    private List<String> listed(List<Change> changes) {
        return changes.stream().map(c -> c.kind().letter() + " " + c.path()).toList();
    }

    @Test
    void listsTheChangesAsDockerDiffDoes() throws Exception {
        assertEquals(List.of(), ContainerChanges.list(store, base, rootfs, List.of()));
        change();
        assertEquals(List.of("C /bin", "A /d", "A /d/e", "C /emptied", "D /emptied/a", "D /emptied/b", "A /emptied/x", "C /etc",
                "A /etc/.lamina-copy-7-3", "D /etc/motd", "C /etc/passwd", "A /f", "D /gone", "A /leak", "A /new", "A /new2"),
                listed(ContainerChanges.list(store, base, rootfs, List.of("/data"))));
    }

    /**
     * Docker's init layer: where the image has none, /etc holds the files the kernel
     * serves over the image's (so a listing shows them) and /etc/mtab, a link to
     * /proc/mounts; neither is a change. An image whose /etc is a symlink gets nothing
     * made through it.
     */
    @Test
    void makesTheInitLayersFilesWhereTheImageHasNone() throws Exception {
        assertEquals("127.0.0.1 localhost\n", Files.readString(rootfs.resolve("etc/hosts")), "the image's own, as it is");
        assertEquals(0, Files.size(rootfs.resolve("etc/hostname")));
        assertEquals(0, Files.size(rootfs.resolve("etc/resolv.conf")));
        assertEquals(Path.of("/proc/mounts"), Files.readSymbolicLink(rootfs.resolve("etc/mtab")));
        // moby's init layer's mount points, which `docker export` shows
        for (String d : List.of("dev/pts", "dev/shm", "proc", "sys"))
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve(d), LinkOption.NOFOLLOW_LINKS)), d);
        assertTrue(Files.isRegularFile(rootfs.resolve("dev/console"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), ContainerChanges.list(store, base, rootfs, List.of()));

        Path outside = Files.createDirectories(work.resolve("outside"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            w.entry(new TarEntry("etc", TarEntry.Type.SYMLINK, 0777, 0, 0, 0, outside.toString(), 1000, 0, 0, Map.of()), null);
            w.entry(new TarEntry("dev", TarEntry.Type.SYMLINK, 0777, 0, 0, 0, outside.toString(), 1000, 0, 0, Map.of()), null);
        }
        StoredImage hostile = RootfsImport.run(store, new ByteArrayInputStream(tar.toByteArray()),
                ImageReference.parse("test/hostile:1"), List.of("/bin/sh"), Limits.defaults());
        Path other = work.resolve("other/rootfs");
        ContainerRoot.share(store, hostile, other);
        assertTrue(Files.isSymbolicLink(other.resolve("etc")) && Files.isSymbolicLink(other.resolve("dev")));
        assertTrue(Files.isDirectory(other.resolve("proc"), LinkOption.NOFOLLOW_LINKS), "made where the image has nothing");
        assertEquals(List.of(), ContainerChanges.list(store, hostile, other, List.of()));
        try (var listed = Files.list(outside)) {
            assertEquals(List.of(), listed.toList());
        }
    }

    @Test
    void writesTheChangesAsALayer() throws Exception {
        change();
        LayerBlob blob = ContainerLayer.write(store, base, rootfs, List.of("/data"), work.resolve("layer.tar.gz"));
        assertFalse(blob.empty());
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(blob.file()))) {
            plain = in.readAllBytes();
        }
        assertEquals(Digest.of(plain), blob.diffId());
        assertEquals(Digest.of(Files.readAllBytes(blob.file())), blob.digest());
        assertEquals(Files.size(blob.file()), blob.size());

        List<TarEntry> entries = new ArrayList<>();
        Map<String, String> contents = new java.util.HashMap<>();
        TarReader r = new TarReader(new ByteArrayInputStream(plain));
        for (TarEntry e; (e = r.next()) != null; ) {
            entries.add(e);
            contents.put(e.name(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("bin", "d/", "d/e/", "emptied/", "emptied/.wh..wh..opq", "emptied/x", "etc/", "etc/.lamina-copy-7-3", "etc/.wh.motd",
                "etc/passwd", "f", ".wh.gone", "leak", "new", "new2"), entries.stream().map(TarEntry::name).toList());
        TarEntry bin = entries.getFirst(), passwd = entries.get(9), fifo = entries.get(10), leak = entries.get(12),
                new2 = entries.get(14);
        assertEquals(TarEntry.Type.SYMLINK, bin.type());
        assertEquals("/", bin.linkName());
        assertEquals(TarEntry.Type.SYMLINK, leak.type());
        assertEquals("/etc/shadow", leak.linkName());
        assertEquals(0600, passwd.permissions());
        assertEquals("root:x:0:0::/root:/bin/sh\n", contents.get("etc/passwd"));
        assertEquals(1000, passwd.mtime(), "a copy-up keeps the image's times");
        assertEquals(TarEntry.Type.FIFO, fifo.type());
        assertEquals("a\n", contents.get("new"));
        assertEquals(List.of("user.test"), List.copyOf(entries.get(13).xattrs().keySet()));
        assertArrayEquals(new byte[] {1, 0, 2}, entries.get(13).xattrs().get("user.test"));
        assertEquals(TarEntry.Type.HARDLINK, new2.type());
        assertEquals("new", new2.linkName());
        assertEquals(0, entries.get(1).uid());

        // The same files make the same layer, byte for byte.
        LayerBlob again = ContainerLayer.write(store, base, rootfs, List.of("/data"), work.resolve("again.tar.gz"));
        assertEquals(blob.diffId(), again.diffId());
        assertEquals(blob.digest(), again.digest());
    }

    @Test
    void aContainerWithoutChangesMakesAnEmptyLayer() throws Exception {
        LayerBlob blob = ContainerLayer.write(store, base, rootfs, work.resolve("empty.tar.gz"));
        assertTrue(blob.empty());
        assertEquals(LayerBlob.EMPTY_TAR, blob.diffId());
    }

    @Test
    void commitsTheLayerAsANewImage() throws Exception {
        change();
        LayerBlob blob = ContainerLayer.write(store, base, rootfs, List.of("/data"), work.resolve("layer.tar.gz"));
        ObjectNode config = JsonText.object();
        config.putArray("Cmd").add("cat").add("/new");
        StoredImage made = ChildImage.commit(store, base, blob, config,
                new ChildImage.History(Instant.parse("2026-01-02T03:04:05Z"), "sh -c change", "a comment", "me"),
                List.of(ImageReference.parse("test/made:1")));
        assertEquals(List.of(base.config().diffIds().getFirst(), blob.diffId()), made.config().diffIds());
        assertEquals(List.of("cat", "/new"), made.config().cmd());
        // The import made no history entry: its layer gets one, so that the commit's stays with the commit's layer.
        var history = made.config().raw().node().path("history");
        assertEquals(2, history.size(), history.toString());
        assertFalse(history.get(0).has("created_by"));
        assertEquals("sh -c change", history.get(1).path("created_by").asText());
        assertEquals("a comment", history.get(1).path("comment").asText());
        assertEquals("me", made.config().raw().node().path("author").asText());
        assertEquals(made.id(), store.find("test/made:1").id());

        Path root = store.root(made);
        assertEquals("a\n", Files.readString(root.resolve("new")));
        assertEquals(Files.readAttributes(root.resolve("new"), "unix:ino").get("ino"),
                Files.readAttributes(root.resolve("new2"), "unix:ino").get("ino"));
        assertFalse(Files.exists(root.resolve("etc/motd")));
        assertEquals(0600, (int) Files.getAttribute(root.resolve("etc/passwd"), "unix:mode") & 07777);
        assertEquals(List.of("x"), list(root.resolve("emptied")));
        assertFalse(Files.exists(root.resolve("gone"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(root.resolve("bin")));
        assertEquals("127.0.0.1 localhost\n", Files.readString(root.resolve("etc/hosts")), "the kernel's /etc/hosts is not the image's");
        assertEquals("hidden by a volume", Files.readString(root.resolve("data/kept")), "a volume's mount point is left as it was");
        assertTrue(store.rootMetadata(made).specialFiles().stream().anyMatch(s -> s.path().equals("f") && s.type() == TarEntry.Type.FIFO));

        // Nothing changed since: the next commit has no layer of its own.
        Path again = work.resolve("again/rootfs");
        ContainerRoot.share(store, made, again);
        LayerBlob none = ContainerLayer.write(store, made, again, work.resolve("none.tar.gz"));
        assertTrue(none.empty(), ContainerChanges.list(store, made, again, List.of()).toString());
        StoredImage same = ChildImage.commit(store, made, none, config,
                new ChildImage.History(Instant.now(), "", "", ""), List.of(ImageReference.parse("test/made:2")));
        assertEquals(made.config().diffIds(), same.config().diffIds());
        assertTrue(same.config().raw().node().path("history").get(2).path("empty_layer").asBoolean());
        assertNotEquals(made.id(), same.id());
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
