package dev.lamina.container;

import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The identity a container starts as: "uid[:gid]" or "name[:group]" looked up in the
 * image's own /etc/passwd and /etc/group (never through a symlink). A numeric user
 * need not be listed; its group is then the listed one, or 0. Names that are not
 * listed, and ids out of range, are refused ({@link ImageException}: the image lacks them).
 * {@code groupGiven}: a group was named, and as runc's the user then has no supplementary
 * groups from the image's /etc/group.
 */
public record ContainerUser(int uid, int gid, boolean groupGiven) {
    public static final ContainerUser ROOT = new ContainerUser(0, 0);

    /** A user whose group comes from /etc/passwd (or is 0), with its supplementary groups. */
    public ContainerUser(int uid, int gid) {
        this(uid, gid, false);
    }

    /** The lines of one file of the image's /etc ("passwd", "group"); an ImageException when it cannot be read. */
    @FunctionalInterface
    public interface EtcFiles {
        java.util.List<String> lines(String name);
    }

    public static ContainerUser resolve(String spec, Path rootfs) {
        return resolve(spec, file -> etcLines(rootfs, file));
    }

    /** As {@link #resolve(String, Path)}, with the image's files read by {@code etc} (the engine reads a live container's through descriptors). */
    public static ContainerUser resolve(String spec, EtcFiles etc) {
        if (spec == null || spec.isEmpty()) return ROOT;
        String user = spec, group = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) { user = spec.substring(0, colon); group = spec.substring(colon + 1); }
        // runc's reading: an empty user is root, an empty group none asked ("${UID}:${GID}" with one unset)
        if (user.isEmpty()) user = "0";
        if (group != null && group.isEmpty()) group = null;
        if (user.matches("-[0-9]+") || group != null && group.matches("-[0-9]+"))
            throw new ImageException("user '" + spec + "': uids and gids must be in range 0-" + Integer.MAX_VALUE);
        String[] passwd = user.matches("[0-9]+") ? null : entry(etc, "passwd", user);
        int uid = passwd == null ? id(user, spec) : id(passwd[2], spec);
        int gid;
        if (group != null) gid = group.matches("[0-9]+") ? id(group, spec) : id(entry(etc, "group", group)[2], spec);
        else if (passwd != null) gid = id(passwd[3], spec);
        else {
            String[] byUid = null;
            try {
                byUid = entryByUid(etc, uid);
            } catch (ImageException e) {
                // A numeric user need not exist in /etc/passwd; Docker then uses group 0.
            }
            gid = byUid == null ? 0 : id(byUid[3], spec);
        }
        return new ContainerUser(uid, gid, group != null);
    }

    /** The home directory of {@code uid} in the image's /etc/passwd; "/" when it has none there (runc's default). */
    public static String home(int uid, EtcFiles etc) {
        try {
            String[] entry = entryByUid(etc, uid);
            if (entry != null && entry.length >= 6 && !entry[5].isEmpty()) return entry[5];
        } catch (ImageException e) {
            // no /etc/passwd to read: the default
        }
        return "/";
    }

    private static int id(String text, String spec) {
        try {
            long v = Long.parseLong(text);
            if (v >= 0 && v < Integer.MAX_VALUE) return (int) v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ImageException("user '" + spec + "': bad id '" + text + "'");
    }

    private static String[] entry(EtcFiles etc, String file, String name) {
        for (String line : etc.lines(file)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name)) return f;
        }
        throw new ImageException((file.equals("group") ? "group '" : "user '") + name + "' is not in the image's /etc/" + file);
    }

    private static String[] entryByUid(EtcFiles etc, int uid) {
        for (String line : etc.lines("passwd")) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[2].equals(Integer.toString(uid))) return f;
        }
        return null;
    }

    /** The image's /etc file, read only if neither it nor /etc is a symlink (which could point at the host's). */
    static java.util.List<String> etcLines(Path rootfs, String file) {
        Path etc = rootfs.resolve("etc"), p = etc.resolve(file);
        try {
            if (Files.isSymbolicLink(etc) || Files.isSymbolicLink(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                throw new ImageException("the image has no plain /etc/" + file + " to look users up in");
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImageException("cannot read the image's /etc/" + file + ": " + IoMessages.describe(e));
        }
    }
}
