package dev.lamina.engine.containers;

import dev.lamina.builder.context.GoPath;
import dev.lamina.container.Volumes;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anonymous volumes, as moby makes them: each path the request's Volumes (`-v /path`)
 * or the image's VOLUME names, that no bind or tmpfs of the container covers, gets a
 * volume of its own when the container is created, named at random and labelled
 * anonymous, bound as NAME:/path. A new one is filled with what the image has at that
 * path, so the mount hides nothing (compose's `- /app/node_modules` under a bind of
 * the app relies on it). `docker rm -v` and `--rm` remove them with the container.
 */
final class AnonymousVolumes {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private AnonymousVolumes() {}

    /** Of {@code paths}, those {@code h}'s binds and tmpfs leave without a mount, cleaned, each once. */
    static List<String> uncovered(Collection<String> paths, CreateRequest.HostConfig h) {
        Set<String> covered = new HashSet<>();
        for (String b : h.binds()) {
            String[] p = b.split(":");
            if (p.length >= 2) covered.add(GoPath.clean("/" + p[1]));
        }
        for (String t : h.tmpfs().keySet()) covered.add(GoPath.clean("/" + t));
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            String c = GoPath.clean("/" + p);
            if (!c.equals("/") && covered.add(c)) out.add(c);
        }
        return out;
    }

    static final Map<String, String> LABELS = Map.of(NamedVolumes.ANONYMOUS, "");

    /** A new volume name for each path, as moby names one: 64 random hex digits. Name to path. */
    static Map<String, String> named(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : paths) out.put(Names.newId(), p);
        return out;
    }

    /** Removes the volume when it exists. */
    static void remove(NamedVolumes volumes, String name) {
        try {
            volumes.remove(name);
        } catch (RuntimeException gone) {
            // never made, or removed meanwhile
        }
    }

    /** The volumes among {@code binds} that are anonymous (named, and labelled so). */
    static List<String> among(NamedVolumes volumes, List<String> binds) {
        List<String> out = new ArrayList<>();
        for (String b : binds) {
            String name = b.split(":")[0];
            if (name.startsWith("/")) continue;
            try {
                if (volumes.find(name).labels().containsKey(NamedVolumes.ANONYMOUS)) out.add(name);
            } catch (RuntimeException gone) {
                // removed meanwhile, or never made
            }
        }
        return out;
    }

    /**
     * Copies what the image has at {@code path} of {@code rootfs} (links on the way resolved
     * inside the root) into the new volume's {@code data}: files, directories and symlinks
     * with their modes, times and (when the engine can set them) owners; links are copied as
     * links, never followed.
     */
    static void fill(Path rootfs, String path, Path data) throws IOException {
        Path from = rootfs.resolve(Volumes.inRoot(rootfs, path).replaceFirst("^/+", ""));
        if (!Files.isDirectory(from, NOFOLLOW)) return;
        boolean owners = Trees.ROOT; // only root can give files to others
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Path to = data.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) Files.createDirectory(to);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path to = data.resolve(from.relativize(file).toString());
                if (a.isRegularFile() || a.isSymbolicLink()) {
                    Files.copy(file, to, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
                    if (owners) owner(file, to);
                } // devices and fifos of the image are not copied
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Path to = data.resolve(from.relativize(dir).toString());
                Files.setAttribute(to, "unix:mode", Files.getAttribute(dir, "unix:mode", NOFOLLOW));
                if (owners) owner(dir, to);
                Files.setLastModifiedTime(to, Files.getLastModifiedTime(dir, NOFOLLOW));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void owner(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", NOFOLLOW), NOFOLLOW);
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", NOFOLLOW), NOFOLLOW);
    }
}
