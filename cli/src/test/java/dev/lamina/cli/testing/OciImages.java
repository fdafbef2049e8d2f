package dev.lamina.cli.testing;

import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test images as OCI layouts, made with umoci or by hand, and pushed with skopeo. */
public final class OciImages {
    private OciImages() {}

    /** An OCI layout holding alpine 3.20.3 for {@code arch} (x86_64 or aarch64) under the tag "alpine". */
    public static Path alpine(Path dir, String arch) {
        Path layout = dir.resolve("oci-alpine-" + arch), bundle = dir.resolve("bundle-" + arch);
        String image = layout + ":alpine";
        Command.ok("umoci", "init", "--layout", layout.toString());
        Command.ok("umoci", "new", "--image", image);
        Command.ok("umoci", "unpack", "--image", image, bundle.toString());
        Command.ok("tar", "-xzf", AlpineRootfs.tarball(arch).toString(), "-C", bundle.resolve("rootfs").toString());
        Command.ok("umoci", "repack", "--image", image, bundle.toString());
        Command.ok("umoci", "config", "--image", image, "--os", "linux", "--architecture", arch.equals("x86_64") ? "amd64" : "arm64",
                "--config.cmd", "/bin/sh", "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Command.ok("umoci", "gc", "--layout", layout.toString());
        return layout;
    }

    /**
     * An OCI layout (tag "crafted") whose layers are the given directories, each
     * tarred as it is (names such as ".wh.x" and ".wh..wh..opq" included), gzipped.
     */
    public static Path crafted(Path dir, List<Path> layerDirs) {
        return crafted(dir, layerDirs, false);
    }

    /** As {@link #crafted(Path, List)}, with the layers compressed by the zstd tool when {@code zstd}. */
    public static Path crafted(Path dir, List<Path> layerDirs, boolean zstd) {
        List<Path> tars = new ArrayList<>();
        for (Path layerDir : layerDirs) {
            Path tar = dir.resolve(layerDir.getFileName() + ".tar");
            Command.ok("tar", "--sort=name", "--numeric-owner", "-C", layerDir.toString(), "-cf", tar.toString(), ".");
            tars.add(tar);
        }
        return fromTars(dir.resolve(zstd ? "oci-crafted-zstd" : "oci-crafted"), tars, zstd);
    }

    /** An OCI layout at {@code layout} (tag "crafted") whose layers are the given tar files, as they are, compressed. */
    public static Path fromTars(Path layout, List<Path> tars, boolean zstd) {
        return fromTars(layout, tars, zstd, "\"Cmd\":[\"/bin/sh\"]");
    }

    /** As {@link #fromTars(Path, List, boolean)}, with {@code config} the members of the image's runtime config (JSON). */
    public static Path fromTars(Path layout, List<Path> tars, boolean zstd, String config) {
        try {
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            List<String> layers = new ArrayList<>(), diffIds = new ArrayList<>();
            for (Path tar : tars) {
                byte[] raw = Files.readAllBytes(tar);
                byte[] compressed;
                if (zstd) {
                    Command.ok("zstd", "-q", "-f", tar.toString(), "-o", tar + ".zst");
                    compressed = Files.readAllBytes(Path.of(tar + ".zst"));
                } else {
                    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
                    try (OutputStream out = new GZIPOutputStream(gz)) {
                        out.write(raw);
                    }
                    compressed = gz.toByteArray();
                }
                Digest blob = put(blobs, compressed);
                diffIds.add("\"" + Digest.of(raw) + "\"");
                layers.add(descriptor("application/vnd.oci.image.layer.v1.tar+" + (zstd ? "zstd" : "gzip"), blob, compressed.length));
            }
            byte[] imageConfig = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{" + config + "},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes();
            Digest configDigest = put(blobs, imageConfig);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                    + descriptor("application/vnd.oci.image.config.v1+json", configDigest, imageConfig.length)
                    + ",\"layers\":[" + String.join(",", layers) + "]}").getBytes();
            Digest manifestDigest = put(blobs, manifest);
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                    + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"crafted\"}}]}");
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static Digest put(Path blobs, byte[] content) throws IOException {
        Digest d = Digest.of(content);
        Files.write(blobs.resolve(d.hex()), content);
        return d;
    }

    /** skopeo copy of {@code layout:tag} to {@code destination} (host/repo:tag), plus extra skopeo options. */
    public static void push(Path layout, String tag, String destination, String... options) {
        List<String> argv = new ArrayList<>(List.of("skopeo", "copy", "-q", "--dest-tls-verify=false"));
        argv.addAll(List.of(options));
        argv.add("oci:" + layout + ":" + tag);
        argv.add("docker://" + destination);
        Command.ok(argv.toArray(String[]::new));
    }
}
