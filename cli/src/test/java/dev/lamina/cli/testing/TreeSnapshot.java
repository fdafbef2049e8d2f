package dev.lamina.cli.testing;

import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path of a tree with its type, link target or content digest, mode and owner: for comparing roots. */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    public static Map<String, String> of(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = "/" + root.relativize(p);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                String what;
                if (Files.isSymbolicLink(p)) what = "link -> " + Files.readSymbolicLink(p);
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) what = "dir";
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) what = "file " + Digest.of(Files.readAllBytes(p)).shortId();
                else what = "special";
                String perms = Files.isSymbolicLink(p) ? "" : String.format(" %04o", mode & 07777);
                out.put(rel, what + perms + " " + uid + ":" + gid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
