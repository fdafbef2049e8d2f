package dev.lamina.engine.files;

import dev.lamina.container.ContainerUser;
import dev.lamina.container.Volumes;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.host.PlatformThread;
import dev.lamina.engine.http.ApiException;
import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.Limits;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.abi.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.Function;

/**
 * `docker cp` both ways on a container's root, created, running or exited: the stat of
 * a path, a tar of it, and a tar extracted into a directory. A path at or below a
 * directory bound into the container (a volume, a bind) is that directory's, as Docker
 * mounts them for a copy (symlinks in it resolved inside it), and a read-only one takes
 * no copy in; /etc/hosts, /etc/hostname and /etc/resolv.conf are the ones the kernel
 * serves the container (Docker's are bind mounts too). All of it on a platform thread
 * through descriptors ({@link RootFiles}); errors in Docker's words and codes.
 */
public final class ContainerArchives {
    /** The prefix of a file in a container's directory that marks an extraction in progress. */
    private static final String COPYING = "copying-";
    private final Limits limits;

    public ContainerArchives(Limits limits) {
        this.limits = limits;
    }

    /** Where a path is: the tree it is in (the container's root, or a directory bound into it) and its path there. */
    private record Located(Path root, ContainerPath path, boolean readOnly) {}

    /**
     * {@code p} in the deepest of {@code binds} (the container's) holding it, or the host file bound there, else in
     * the container's root.
     */
    private static Located locate(Container c, ContainerPath p, List<ContainerConfig.Volume> binds) {
        ContainerConfig.Volume file = fileBinds(c, binds).get(p.rel());
        if (file != null) { // the host file, as the container sees it; never a directory, nor a link followed
            if (p.followLast()) throw ApiException.badRequest(p.given() + ": not a directory");
            return new Located(file.hostPath().getParent(),
                    new ContainerPath(file.hostPath().getFileName().toString(), false, p.name(), p.given()), file.readOnly());
        }
        String etcName = p.rel().startsWith("etc/") ? p.rel().substring("etc/".length()) : "";
        if (Kernel.ETC_FILES.contains(etcName)) {
            Path etc = etcDirectory(c);
            if (Files.isRegularFile(etc.resolve(etcName), LinkOption.NOFOLLOW_LINKS))
                return new Located(etc, new ContainerPath(etcName, p.followLast(), p.name(), p.given()), false);
        }
        ContainerConfig.Volume best = null;
        String bestRel = null;
        for (ContainerConfig.Volume v : binds) {
            String rel = ContainerPath.parse(v.containerPath()).rel();
            boolean holds = p.rel().equals(rel) || p.rel().startsWith(rel + "/");
            if (holds && Files.isDirectory(v.hostPath()) && (bestRel == null || rel.length() > bestRel.length())) {
                best = v;
                bestRel = rel;
            }
        }
        if (best == null) return new Located(c.rootfs(), p, false);
        String rest = p.rel().length() == bestRel.length() ? "" : p.rel().substring(bestRel.length() + 1);
        // The bind's own directory is its tree's root: located as "dir/" is, under the name it has in the container.
        return new Located(best.hostPath(), new ContainerPath(rest, p.followLast() || rest.isEmpty(), p.name(), p.given()), best.readOnly());
    }

    /** Where the kernel keeps the container's /etc files (hosts, hostname, resolv.conf), running or not. */
    private static Path etcDirectory(Container c) {
        Kernel k = c.kernel();
        return k != null ? k.etcDirectory() : c.dir().resolve("state").resolve("etc");
    }

    /**
     * The paths of the root a single file is mounted over: the host files bound alone, and the kernel's /etc files
     * (hosts, hostname, resolv.conf, which Docker binds): a copy that would replace one is refused as busy, as in
     * Docker's (it replaced the image's file under the mount, which the container does not read).
     */
    private static Set<String> filesMounted(Container c, List<ContainerConfig.Volume> binds) {
        Set<String> out = new java.util.HashSet<>(fileBinds(c, binds).keySet());
        Path etc = etcDirectory(c);
        for (String name : Kernel.ETC_FILES)
            if (Files.isRegularFile(etc.resolve(name), LinkOption.NOFOLLOW_LINKS)) out.add("etc/" + name);
        return out;
    }

    /** The host files bound alone, by the path in the root where the kernel mounts each (Volumes.placed). */
    private static Map<String, ContainerConfig.Volume> fileBinds(Container c, List<ContainerConfig.Volume> binds) {
        Map<String, ContainerConfig.Volume> out = new HashMap<>();
        for (ContainerConfig.Volume v : binds) {
            if (!Files.isRegularFile(v.hostPath(), LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                out.put(ContainerPath.parse(Volumes.placed(c.rootfs(), List.of(v)).getFirst().containerPath()).rel(), v);
            } catch (RuntimeException notPlaced) {
                // a bind the container could not start with: nothing of it to find
            }
        }
        return out;
    }

    /**
     * What a walk of the container's root finds mounted, by path in it: the directories and files bound into it and
     * the kernel's /etc files (a copy of /etc carried the image's hostname before).
     */
    private static Map<String, PathReader.Mounted> mounts(Container c, List<ContainerConfig.Volume> binds) {
        Map<String, PathReader.Mounted> out = new HashMap<>();
        Path etc = etcDirectory(c);
        for (String name : Kernel.ETC_FILES)
            if (Files.isRegularFile(etc.resolve(name), LinkOption.NOFOLLOW_LINKS)) out.put("etc/" + name, new PathReader.Mounted(etc, name));
        for (ContainerConfig.Volume v : binds)
            if (Files.isDirectory(v.hostPath(), LinkOption.NOFOLLOW_LINKS))
                out.put(ContainerPath.parse(v.containerPath()).rel(), new PathReader.Mounted(v.hostPath(), ""));
        fileBinds(c, binds).forEach((rel, v) ->
                out.put(rel, new PathReader.Mounted(v.hostPath().getParent(), v.hostPath().getFileName().toString())));
        return out;
    }

    /** At most this many symlinks on a path's way, as Linux's ELOOP. */
    private static final int MAX_LINKS = 40;

    /**
     * Where {@code path} is once every symlink on its way (its last name's too when that is
     * followed) is resolved as the container's mounts show them: a symlink of the root into
     * a volume, or to /etc (whose hosts, hostname and resolv.conf are the kernel's), leads
     * there, as in Docker, which copies in the container's mounts. A name that is not there
     * ends the walk; the rest is taken as written, for the copy to find missing.
     */
    private static Located locate(Container c, String given, String path, List<ContainerConfig.Volume> binds) {
        ContainerPath p = ContainerPath.parse(path);
        return run(c, given, p, () -> locate(c, resolved(c, p, binds), binds));
    }

    private static ContainerPath resolved(Container c, ContainerPath p, List<ContainerConfig.Volume> binds) throws HostError {
        java.util.Deque<String> left = new java.util.ArrayDeque<>(names(p.rel()));
        java.util.Map<Path, RootFiles> trees = new java.util.HashMap<>();
        String at = "";
        int links = 0;
        try {
            while (!left.isEmpty()) {
                String name = left.pollFirst();
                if (name.equals("..")) {
                    at = RootFiles.parent(at);
                    continue;
                }
                String next = RootFiles.join(at, name);
                at = next;
                if (left.isEmpty() && !p.followLast()) break;
                Located l = locate(c, new ContainerPath(next, false, name, p.given()), binds);
                String target = symlinkTarget(trees.computeIfAbsent(l.root(), RootFiles::new), l.path().rel());
                if (target == null) continue;
                if (++links > MAX_LINKS) throw new HostError("/" + p.rel(), -Errno.ELOOP);
                List<String> more = names(target);
                for (int i = more.size() - 1; i >= 0; i--) left.addFirst(more.get(i));
                at = target.startsWith("/") ? "" : RootFiles.parent(next);
            }
        } finally {
            trees.values().forEach(RootFiles::close);
        }
        return new ContainerPath(at, p.followLast(), p.name(), p.given());
    }

    private static List<String> names(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(n -> !n.isEmpty() && !n.equals(".")).toList();
    }

    /** The target of {@code rel} in {@code files}' tree when it is a symlink; null when it is not, or is not there. */
    private static String symlinkTarget(RootFiles files, String rel) throws HostError {
        if (rel.isEmpty()) return null; // a mount's own directory
        int dir;
        try {
            dir = files.directory(RootFiles.parent(rel));
        } catch (HostError e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) return null;
            throw e;
        }
        try {
            FileStat st = files.lstat(dir, RootFiles.name(rel));
            return st != null && st.symlink() ? files.readlink(dir, RootFiles.name(rel)) : null;
        } finally {
            files.close(dir);
        }
    }

    /** `HEAD`: the value of the X-Docker-Container-Path-Stat header for {@code path}; 404 when there is nothing there. */
    public String stat(Container c, String given, String path, List<ContainerConfig.Volume> binds) {
        Located at = locate(c, given, path, binds);
        ContainerPath p = at.path();
        return run(c, given, p, () -> {
            try (RootFiles files = new RootFiles(at.root()); PathReader r = PathReader.open(files, p)) {
                return r.stat().header();
            }
        });
    }

    /** Whether {@code path} of the container's root is a directory, symlinks followed inside the root (false when absent). */
    public boolean isDirectory(Container c, String path) {
        ContainerPath p = ContainerPath.parse(path.endsWith("/") ? path : path + "/");
        try {
            return run(c, path, p, () -> {
                try (RootFiles files = new RootFiles(c.rootfs()); PathReader r = PathReader.open(files, p)) {
                    return (r.stat().mode() & PathStat.DIR) != 0;
                }
            });
        } catch (ApiException e) {
            if (e.status() == 404 || e.status() == 400) return false;
            throw e;
        }
    }

    /** The header holding the stat that {@link #stat} and {@link #read} give. */
    public static String statHeader() { return PathStat.HEADER; }

    /**
     * `GET`: {@code begin} gets the stat header's value once the path is found and
     * returns where the tar goes. An error after that is an IOException: the answer has
     * begun, so the connection is cut rather than the archive ended as if whole.
     */
    public void read(Container c, String given, String path, List<ContainerConfig.Volume> binds, Function<String, OutputStream> begin) {
        Located at = locate(c, given, path, binds);
        ContainerPath p = at.path();
        Map<String, PathReader.Mounted> mounts = at.root().equals(c.rootfs()) ? mounts(c, binds) : Map.of();
        run(c, given, p, () -> {
            try (RootFiles files = new RootFiles(at.root()); PathReader r = PathReader.open(files, p, mounts)) {
                OutputStream out = begin.apply(r.stat().header());
                try {
                    r.write(out);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("the archive of " + p.given() + " stopped: " + e.getMessage(), e);
                }
                out.close();
                return null;
            }
        });
    }

    /**
     * `docker export`: a tar of the container's root file system, without what is bound
     * into it (volumes), as Docker's; {@code begin} returns where it goes.
     */
    public void export(Container c, String given, java.util.function.Supplier<OutputStream> begin) {
        ContainerPath root = ContainerPath.parse("/");
        run(c, given, root, () -> {
            try (RootFiles files = new RootFiles(c.rootfs()); PathReader r = PathReader.open(files, root)) {
                OutputStream out = begin.get();
                try {
                    r.writeRoot(out);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("the export of " + given + " stopped: " + e.getMessage(), e);
                }
                out.close();
                return null;
            }
        });
    }

    /**
     * `PUT`: extracts {@code tar} (plain, gzip or zstd) into directory {@code path}.
     * With {@code copyUidGid} and a user the container runs as, the files belong to
     * that user; else each to the owner the archive gives it, as moby extracts.
     */
    public void extract(Container c, String given, String path, List<ContainerConfig.Volume> binds, Path tar,
            boolean noOverwriteDirNonDir, boolean copyUidGid) {
        boolean asUser = copyUidGid && c.record().user() != null && !c.record().user().isEmpty();
        extract(c, given, path, binds, tar, asUser, owner -> new TarExtraction.Options(noOverwriteDirNonDir, owner, owner == null));
    }

    /**
     * A build's COPY or ADD into a container made for the step: {@code tar} extracted
     * into directory {@code path}, its files owned by {@code owner} (null: root), or
     * with {@code archiveOwners} (ADD of a local archive) as the archive gives them.
     */
    public void extractForBuild(Container c, String path, Path tar, ContainerUser owner, boolean archiveOwners) {
        extract(c, path, path, List.of(), tar, false, ignored -> new TarExtraction.Options(false, owner, archiveOwners));
    }

    private void extract(Container c, String given, String path, List<ContainerConfig.Volume> binds, Path tar, boolean copyUidGid,
                         java.util.function.Function<ContainerUser, TarExtraction.Options> options) {
        Located at = locate(c, given, path, binds);
        ContainerPath p = at.path();
        if (at.readOnly()) throw ApiException.badRequest("mounted volume is marked read-only");
        // moby's: only a volume or bind takes files in a container whose root is read-only (its /etc files and tmpfs do not)
        if (c.record().config().hostConfig().readOnlyRoot() && binds.stream().noneMatch(v -> v.hostPath().equals(at.root())))
            throw ApiException.badRequest("container rootfs is marked read-only");
        run(c, given, p, () -> {
            // Marks the root as holding temporaries until the extraction ends: an engine killed
            // meanwhile leaves them, and its next start sweeps them (recover).
            Path marker = Files.createTempFile(c.dir(), COPYING, "");
            try (RootFiles files = new RootFiles(at.root()); InputStream in = Decompression.open(Files.newInputStream(tar), limits, "archive")) {
                ContainerUser owner = null;
                if (copyUidGid) {
                    try (RootFiles root = new RootFiles(c.rootfs())) {
                        owner = EtcFiles.user(root, c.record().user());
                    }
                }
                TarExtraction.extract(files, p, in, options.apply(owner), limits, at.root().equals(c.rootfs()) ? filesMounted(c, binds) : Set.of());
            } finally {
                // The running kernel caches directories by path: names may have changed under it.
                Kernel k = c.kernel();
                if (k != null) k.root().namesChanging();
                Files.deleteIfExists(marker); // gone with the directory of a container removed meanwhile
            }
            return null;
        });
    }

    /**
     * At the engine's start, before the container runs: removes the temporaries an
     * extraction cut short by the engine's death left in {@code c}'s root (its marker
     * is still there). The whole root is searched, without following symlinks: the
     * temporaries are beside their targets, anywhere below the destination.
     */
    public static void recover(Container c) throws IOException {
        List<Path> markers;
        try (Stream<Path> s = Files.list(c.dir())) {
            markers = s.filter(f -> f.getFileName().toString().startsWith(COPYING)).toList();
        }
        if (markers.isEmpty()) return;
        if (Files.isDirectory(c.rootfs(), LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(c.rootfs(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (RootFiles.isTemporaryName(file.getFileName().toString())) Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a directory the engine cannot read holds none of its files
                }
            });
        }
        for (Path m : markers) Files.delete(m);
    }

    private static <T> T run(Container c, String given, ContainerPath p, java.util.concurrent.Callable<T> work) {
        try {
            return PlatformThread.call("archive-" + c.id().substring(0, 12), work);
        } catch (HostError e) {
            if (e.errno() == Errno.ENOENT) throw ApiException.notFound("Could not find the file " + p.given() + " in container " + given);
            if (e.errno() == Errno.ENOTDIR) throw ApiException.badRequest(e.getMessage());
            throw new ApiException(500, e.getMessage());
        } catch (ImageException e) { // malformed or hostile archives (TarFormatException), unknown users
            throw ApiException.badRequest(e.getMessage());
        } catch (ApiException e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new ApiException(500, e.getMessage());
        }
    }
}
