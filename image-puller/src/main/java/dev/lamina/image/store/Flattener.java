package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import dev.lamina.image.layer.LayerMetadata;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an image's root from its unpacked layers, lowest first, as overlayfs would
 * show them: whiteouts remove, opaque directories hide what is below, a directory
 * replaces a file and a file replaces a directory. Files are hard links into the
 * layers (the root is never written; containers get a copy). A layer that would
 * write through a symlink left by a lower layer is refused.
 */
final class Flattener {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** One layer as the flattener sees it, with a name for messages. */
    record Layer(String name, Path root, LayerMetadata metadata) {}

    private final Path target;
    private final Map<String, LayerMetadata.Owner> owners = new LinkedHashMap<>();
    private final Map<String, LayerMetadata.SpecialFile> specials = new LinkedHashMap<>();
    private final List<Path> directories = new ArrayList<>();
    /** For each directory of the root, the layer directory whose owner and mode it takes. */
    private final Map<Path, Path> sourceOf = new LinkedHashMap<>();

    private Flattener(Path target) {
        this.target = target;
    }

    /** Flattens {@code layers} into the empty directory {@code target}; returns the merged metadata. */
    static LayerMetadata flatten(List<Layer> layers, Path target) throws IOException {
        Flattener f = new Flattener(target);
        for (Layer layer : layers) {
            try {
                f.apply(layer);
            } catch (ImageException e) {
                throw new ImageException("layer " + layer.name() + ": " + e.getMessage());
            }
        }
        // Modes last: a read-only directory from a lower layer must still take children.
        for (int i = f.directories.size() - 1; i >= 0; i--) {
            Path d = f.directories.get(i);
            Path source = f.sourceOf.get(d);
            // A directory a later layer whited out is gone; it takes nothing.
            if (source != null && Files.isDirectory(d, NOFOLLOW)) Trees.copyOwnerAndMode(source, d);
        }
        return new LayerMetadata(List.of(), List.of(), List.of(), List.copyOf(f.specials.values()), f.owners);
    }

    private void apply(Layer layer) throws IOException {
        LayerMetadata meta = layer.metadata();
        for (String opaque : meta.opaques()) {
            Path dir = existing(opaque);
            if (dir != null && Files.isDirectory(dir, NOFOLLOW)) {
                try (var children = Files.list(dir)) {
                    for (Path child : children.toList()) Trees.delete(child);
                }
            }
            forget(opaque, false);
        }
        for (String whiteout : meta.whiteouts()) {
            Path p = existing(whiteout);
            if (p != null) Trees.delete(p);
            forget(whiteout, true);
        }
        Set<String> implicit = new HashSet<>(meta.implicitDirs());
        Path source = layer.root();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = source.relativize(dir).toString();
                Path t = rel.isEmpty() ? target : target.resolve(rel);
                BasicFileAttributes there = attributes(t);
                if (there != null && !there.isDirectory()) {
                    if (implicit.contains(rel))
                        throw new ImageException("'" + rel + "' is " + (there.isSymbolicLink() ? "a symlink" : "a file")
                                + " in a lower layer; this layer would write through it");
                    Trees.delete(t);
                    forget(rel, true);
                    there = null;
                }
                if (!implicit.contains(rel)) owners.remove(rel);
                if (there == null) Files.createDirectory(t);
                if (there == null || !implicit.contains(rel)) {
                    if (!sourceOf.containsKey(t)) directories.add(t);
                    sourceOf.put(t, dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = source.relativize(file).toString();
                Path t = target.resolve(rel);
                BasicFileAttributes there = attributes(t);
                forget(rel, true);
                if (there != null) {
                    if (there.isDirectory()) Trees.delete(t);
                    else Files.delete(t);
                }
                Files.createLink(t, file);
                return FileVisitResult.CONTINUE;
            }
        });
        meta.owners().forEach(owners::put);
        for (LayerMetadata.SpecialFile s : meta.specialFiles()) {
            Path p = existing(s.path());
            if (p != null) Trees.delete(p);
            forget(s.path(), true);
            specials.put(s.path(), s);
        }
    }

    /** The path in the root so far, or null when it or a parent is missing or a parent is not a real directory. */
    private Path existing(String rel) throws IOException {
        Path p = target;
        for (String part : rel.split("/")) {
            if (part.isEmpty()) continue;
            BasicFileAttributes a = attributes(p);
            if (a == null || !a.isDirectory()) return null;
            p = p.resolve(part);
        }
        return attributes(p) == null ? null : p;
    }

    /** Drops metadata recorded by lower layers for {@code rel} (when {@code self}) and everything under it. */
    private void forget(String rel, boolean self) {
        String prefix = rel.isEmpty() ? "" : rel + "/";
        owners.keySet().removeIf(k -> (self && k.equals(rel)) || k.startsWith(prefix));
        specials.keySet().removeIf(k -> (self && k.equals(rel)) || k.startsWith(prefix));
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            return null;
        }
    }
}
