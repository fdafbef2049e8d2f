package dev.lamina.engine.files;

import dev.lamina.container.ContainerUser;
import dev.lamina.image.ImageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's /etc/passwd and /etc/group, read through descriptors: a running guest
 * may have made them symlinks to anything, which must resolve inside its root. Host
 * calls: call from a platform thread.
 */
public final class EtcFiles {
    /** Larger is no user database. */
    private static final int MAX = 4 << 20;

    private EtcFiles() {}

    /** The lines of /etc/{@code name}; an ImageException when the container has no plain one. */
    static List<String> lines(RootFiles files, String name) {
        try {
            byte[] b = files.readFile("etc/" + name, MAX);
            if (b == null) throw new ImageException("the container has no plain /etc/" + name + " to look users up in");
            return List.of(new String(b, StandardCharsets.UTF_8).split("\n"));
        } catch (HostError e) {
            throw new ImageException("cannot read the container's /etc/" + name + ": " + e.getMessage());
        }
    }

    /** The container's user ("uid[:gid]" or "name[:group]") as ids. */
    static ContainerUser user(RootFiles files, String spec) {
        return ContainerUser.resolve(spec, name -> lines(files, name));
    }

    /** The user {@code spec} of a container's root, looked up through descriptors (the guest may be running). */
    public static ContainerUser user(Path rootfs, String spec) {
        try (RootFiles files = new RootFiles(rootfs)) {
            return user(files, spec);
        }
    }

    /** The home of {@code uid} in the container's /etc/passwd, read through descriptors; "/" without one. */
    public static String home(Path rootfs, int uid) {
        try (RootFiles files = new RootFiles(rootfs)) {
            return ContainerUser.home(uid, name -> lines(files, name));
        }
    }

    /** User names by uid from the container's /etc/passwd; none when it has no readable one. */
    public static Map<Integer, String> userNames(Path rootfs) {
        Map<Integer, String> names = new HashMap<>();
        try (RootFiles files = new RootFiles(rootfs)) {
            for (String line : lines(files, "passwd")) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[2].matches("[0-9]{1,9}")) names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
            }
        } catch (ImageException | IllegalArgumentException e) {
            // no names: ids are shown instead
        }
        return names;
    }
}
