package dev.lamina.builder.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A context-relative path resolved as moby's FollowSymlinkInScope does: each symlink on
 * the way (the last element's too) is followed, an absolute target is taken from the
 * context root, and ".." stops at the root, so the result is always inside it.
 */
final class ScopedPath {
    private ScopedPath() {}

    private static final int MAX_LINKS = 255;

    /** The host path {@code rel} ("/"-separated) names inside {@code root}, links followed in scope. */
    static Path resolve(Path root, String rel) {
        Deque<String> pending = new ArrayDeque<>(List.of(rel.split("/")));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String element = pending.removeFirst();
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(element);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.add(element);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new BuildContextException("too many symbolic links resolving " + rel);
            }
            String target;
            try {
                target = Files.readSymbolicLink(candidate).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (target.startsWith("/")) {
                resolved.clear();
            }
            String[] parts = target.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                pending.addFirst(parts[i]);
            }
        }
        return join(root, resolved);
    }

    private static Path join(Path root, List<String> elements) {
        Path p = root;
        for (String e : elements) {
            p = p.resolve(e);
        }
        return p;
    }
}
