package dev.lamina.container;

import dev.lamina.image.IoMessages;
import dev.lamina.kernel.ContainerConfig.Volume;
import dev.lamina.kernel.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Bind volumes (`-v HOST_PATH:PATH[:ro]`, the API's Binds): checking what the user asked for, and making mount points show up in listings. */
public final class Volumes {
    private Volumes() {}

    /**
     * Docker's bind options that ask nothing of Lamina: SELinux relabelling (z, Z:
     * there is no SELinux label to set), propagation (the kernel resolves a bind's
     * host path as it is, so mounts the host makes beneath it show, as with rslave or
     * rshared, and the container makes none), nocopy (read by the engine's create,
     * which then leaves a new volume unfilled), and Docker Desktop's consistency
     * hints. Testcontainers adds "z" to every bind.
     */
    private static final Set<String> IGNORED = Set.of("z", "Z", "private", "rprivate", "shared", "rshared", "slave", "rslave",
            "nocopy", "consistent", "cached", "delegated");

    /**
     * HOST_PATH:PATH[:OPTIONS] as a volume, OPTIONS being rw or ro and Docker's options
     * that change nothing here, comma-separated: a host directory missing is made, as
     * Docker's -v makes it (symlinks are resolved now), PATH must be absolute, neither the root nor one of
     * the kernel's own places (/proc, /dev, ...), but a host file may go over /etc/hosts, /etc/hostname
     * or /etc/resolv.conf in place of the kernel's, as over Docker's. {@code option} names where the spec
     * came from in errors ("-v", "Binds").
     */
    public static Volume parse(String spec, String option) { return parse(spec, spec, option); }

    /**
     * {@link #parse(String, String)} of {@code spec}, whose host path stands for what the user
     * gave ({@code given}: a volume's name in place of its directory), which errors quote.
     */
    public static Volume parse(String spec, String given, String option) {
        String[] parts = form(spec, given, option);
        String where = option + " " + given + ": ";
        String path = Path.of(parts[1]).normalize().toString();
        String onlyFile = onlyFile(where, path);
        Path host;
        try {
            host = Path.of(parts[0]);
            if (!Files.exists(host)) {
                if (etcFile(path)) throw new ContainerSpecException(onlyFile);
                Files.createDirectories(host); // as Docker's -v makes a missing host directory
            }
            host = host.toRealPath();
        } catch (IOException e) {
            throw new ContainerSpecException(where + "cannot make the host directory: " + IoMessages.describe(e));
        } catch (ContainerSpecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerSpecException(where + "no such host file or directory: " + parts[0]);
        }
        if (etcFile(path) && !Files.isRegularFile(host)) throw new ContainerSpecException(onlyFile);
        return new Volume(host, path, parts.length == 3 && List.of(parts[2].split(",")).contains("ro"));
    }

    /**
     * Checks SOURCE:PATH[:OPTIONS] without acting on it (a volume it names is made only
     * once the whole is right): its parts, each option, and the container path.
     */
    public static String[] form(String spec, String given, String option) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty())
            throw new ContainerSpecException(option + " wants HOST_PATH:PATH[:ro], got '" + given + "'");
        if (parts.length == 3 && !validOptions(parts[2])) throw new ContainerSpecException("invalid mode: " + parts[2]); // dockerd's words
        String where = option + " " + given + ": ";
        String path = parts[1];
        if (!path.startsWith("/")) throw new ContainerSpecException(where + "the container path must be absolute");
        path = Path.of(path).normalize().toString();
        if (path.equals("/")) throw new ContainerSpecException(where + "cannot bind over the container's root");
        // A volume over the kernel's own filesystems and files would hide them.
        String own = Kernel.ownPathCovering(path).orElse(null);
        if (own != null && !etcFile(path)) throw new ContainerSpecException(where + own + " is the container's own");
        // a named volume is a directory: refused before it is made
        if (etcFile(path) && !parts[0].startsWith("/")) throw new ContainerSpecException(onlyFile(where, path));
        return parts;
    }

    private static String onlyFile(String where, String path) {
        return where + path + " is a file: only a host file can be bound over it";
    }

    /** Whether {@code path} is one of the /etc files the kernel serves unless a volume is bound there. */
    private static boolean etcFile(String path) {
        return path.startsWith("/etc/") && Kernel.ETC_FILES.contains(path.substring("/etc/".length()));
    }

    /** rw or ro at most once, the rest options that change nothing here, each once. */
    private static boolean validOptions(String options) {
        List<String> each = List.of(options.split(",", -1));
        long access = each.stream().filter(o -> o.equals("rw") || o.equals("ro")).count();
        return access <= 1 && each.stream().distinct().count() == each.size()
                && each.stream().allMatch(o -> o.equals("rw") || o.equals("ro") || IGNORED.contains(o));
    }

    /** How many symlinks a mount point's path may pass through, as Linux's lookups allow. */
    private static final int MAX_LINKS = 40;

    /**
     * The volumes with each container path as the root resolves it, symlinks followed
     * inside the root (`..` stops at it), as Docker places a mount: /sbin/docker-init
     * in a usr-merged image, whose /sbin is a link to usr/sbin, is /usr/sbin/docker-init.
     * The kernel finds a volume by the path its lookups reach, which has no links.
     */
    public static List<Volume> placed(Path rootfs, List<Volume> volumes) {
        // A file over /etc/hosts, hostname or resolv.conf takes the kernel's place there, whatever the image holds.
        List<String> points = volumes.stream().map(v -> etcFile(v.containerPath()) ? v.containerPath() : inRoot(rootfs, v.containerPath())).toList();
        List<Volume> out = new java.util.ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String path = points.get(i);
            if (etcFile(v.containerPath())) {
                out.add(v);
                continue;
            }
            // An image's links could lead a mount over the root or the kernel's own places; refused as a path naming them is.
            String own = path.equals("/") ? "/" : Kernel.ownPathCovering(path).orElse(null);
            if (own != null)
                throw new ContainerSpecException("the mount point " + v.containerPath() + " is " + path + " in this image, and "
                        + own + " is the container's own");
            // A directory over a file of the image, or a file over a directory, is refused, as runc refuses the mount;
            // beneath another mount it is that one's files that are covered, not the image's.
            Path there = rootfs.resolve(path.substring(1));
            boolean nested = points.stream().anyMatch(p -> !p.equals(path) && path.startsWith(p.equals("/") ? "/" : p + "/"));
            if (!nested && Files.exists(there, LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(there, LinkOption.NOFOLLOW_LINKS) != Files.isDirectory(v.hostPath()))
                throw new ContainerSpecException("cannot mount " + v.hostPath() + " on " + v.containerPath() + ": not a directory: "
                        + "Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path "
                        + "exists and is the expected type");
            out.add(v.at(path));
        }
        return out;
    }

    /** Where a mount at {@code path} lands in the root: the path with the root's symlinks followed inside it. */
    public static String inRoot(Path rootfs, String path) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(path.split("/")));
        java.util.List<String> done = new java.util.ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!done.isEmpty()) done.removeLast();
                continue;
            }
            Path host = rootfs.resolve(String.join("/", done)).resolve(part);
            if (!Files.isSymbolicLink(host)) {
                done.add(part);
                continue;
            }
            if (++links > MAX_LINKS) throw new ContainerSpecException("the mount point " + path + " passes through too many symlinks");
            String target;
            try {
                target = Files.readSymbolicLink(host).toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the link " + host + ": " + IoMessages.describe(e), e);
            }
            if (target.startsWith("/")) done.clear();
            List<String> parts = List.of(target.split("/"));
            for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
        }
        return "/" + String.join("/", done);
    }
}
