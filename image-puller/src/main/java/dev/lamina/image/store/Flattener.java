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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

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

    private enum Kind { DIRECTORY, FILE, SYMLINK }

    private final Path target;
    /**
     * What the root holds so far, by relative path ("" is the root itself). The root
     * starts empty and only this flattener writes it, so this map is the truth and
     * no lookup needs a system call.
     */
    private final NavigableMap<String, Kind> merged = new TreeMap<>();
    private final NavigableMap<String, LayerMetadata.Owner> owners = new TreeMap<>();
    private final NavigableMap<String, LayerMetadata.SpecialFile> specials = new TreeMap<>();
    private final NavigableMap<String, Map<String, byte[]>> xattrs = new TreeMap<>();
    private final List<String> directories = new ArrayList<>();
    /** For each directory of the root, the layer directory whose owner and mode it takes. */
    private final Map<String, Path> sourceOf = new HashMap<>();

    private Flattener(Path target) {
        this.target = target;
        merged.put("", Kind.DIRECTORY);
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
        // Modes and times last: a read-only directory from a lower layer must still take children,
        // and each child made bumps its directory's modification time.
        for (int i = f.directories.size() - 1; i >= 0; i--) {
            String rel = f.directories.get(i);
            // A directory a later layer whited out is gone; it takes nothing.
            if (f.merged.get(rel) != Kind.DIRECTORY) continue;
            Path source = f.sourceOf.get(rel);
            Trees.copyOwnerAndMode(source, f.at(rel));
            Files.setLastModifiedTime(f.at(rel), Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
        }
        return new LayerMetadata(List.of(), List.of(), List.of(), List.copyOf(f.specials.values()), f.owners, f.xattrs);
    }

    private void apply(Layer layer) throws IOException {
        LayerMetadata meta = layer.metadata();
        for (String opaque : meta.opaques()) {
            if (merged.get(opaque) == Kind.DIRECTORY) {
                try (var children = Files.list(at(opaque))) {
                    for (Path child : children.toList()) Trees.delete(child);
                }
                below(merged, opaque).clear();
            }
            forget(opaque, false);
        }
        for (String whiteout : meta.whiteouts()) remove(whiteout);
        Set<String> implicit = new HashSet<>(meta.implicitDirs());
        Path source = layer.root();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = source.relativize(dir).toString();
                Kind there = merged.get(rel);
                if (there != null && there != Kind.DIRECTORY) {
                    if (implicit.contains(rel))
                        throw new ImageException("'" + rel + "' is " + (there == Kind.SYMLINK ? "a symlink" : "a file")
                                + " in a lower layer; this layer would write through it");
                    remove(rel);
                    there = null;
                }
                if (!implicit.contains(rel)) {
                    owners.remove(rel);
                    xattrs.remove(rel);
                }
                if (there == null) {
                    Files.createDirectory(at(rel));
                    merged.put(rel, Kind.DIRECTORY);
                }
                if (there == null || !implicit.contains(rel)) {
                    if (sourceOf.put(rel, dir) == null) directories.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = source.relativize(file).toString();
                remove(rel);
                Files.createLink(at(rel), file);
                merged.put(rel, attrs.isSymbolicLink() ? Kind.SYMLINK : Kind.FILE);
                return FileVisitResult.CONTINUE;
            }
        });
        owners.putAll(meta.owners());
        xattrs.putAll(meta.xattrs());
        for (LayerMetadata.SpecialFile s : meta.specialFiles()) {
            remove(s.path());
            specials.put(s.path(), s);
        }
    }

    /** Removes {@code rel} and what is under it from the root, with any metadata lower layers recorded for them. */
    private void remove(String rel) throws IOException {
        Kind there = merged.remove(rel);
        if (there == Kind.DIRECTORY) {
            Trees.delete(at(rel));
            below(merged, rel).clear();
        } else if (there != null) {
            Files.delete(at(rel));
        }
        forget(rel, true);
    }

    /** Drops metadata recorded by lower layers for {@code rel} (when {@code self}) and everything under it. */
    private void forget(String rel, boolean self) {
        if (self) {
            owners.remove(rel);
            specials.remove(rel);
            xattrs.remove(rel);
        }
        below(owners, rel).clear();
        below(specials, rel).clear();
        below(xattrs, rel).clear();
    }

    /** The entries strictly under {@code rel}: after "rel/" and before "rel0", '0' being the character after '/'. */
    private static <V> SortedMap<String, V> below(NavigableMap<String, V> map, String rel) {
        return rel.isEmpty() ? map.tailMap("", false) : map.subMap(rel + "/", true, rel + "0", false);
    }

    private Path at(String rel) {
        return rel.isEmpty() ? target : target.resolve(rel);
    }
}
