package dev.lamina.engine.files;

import dev.lamina.engine.http.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A path the archive endpoints take, read as moby reads it: absolute in the container
 * (Go's filepath.Join("/", p), so ".." stops at the root), root-relative here ("" is
 * the root). A trailing "/" or "/." means the directory itself, its last symlink
 * followed ({@code followLast}); {@code name} is what Docker calls it (the last name,
 * "." or "/"). {@code given} is the path as the client wrote it, for messages.
 */
record ContainerPath(String rel, boolean followLast, String name, String given) {
    static ContainerPath parse(String p) {
        if (p == null || p.isEmpty()) throw ApiException.badRequest("bad parameter: path cannot be empty");
        Deque<String> parts = new ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) parts.pollLast();
            else parts.addLast(s);
        }
        String rel = String.join("/", parts);
        String stripped = p.replaceFirst("/+$", "");
        boolean dot = stripped.equals(".") || stripped.endsWith("/.");
        boolean follow = dot || p.endsWith("/") || rel.isEmpty();
        String name = dot ? "." : rel.isEmpty() ? "/" : parts.getLast();
        return new ContainerPath(rel, follow, name, p);
    }
}
