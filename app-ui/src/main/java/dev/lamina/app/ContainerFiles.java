package dev.lamina.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A container's files through the archive API, as `docker cp` reaches them (no
 * process runs in the container): a directory listed from the tar of it, a file
 * downloaded from the tar of it, a host file uploaded as a tar of one entry.
 * Every call blocks: run them through {@link Background}.
 */
public final class ContainerFiles {
    /** Symlinks followed before giving up, as Linux's own limit. */
    private static final int MAX_LINKS = 40;

    private final Docker docker;

    public ContainerFiles(Docker docker) {
        this.docker = docker;
    }

    /** A directory's children; {@code path} is where it really is, symlinks to it followed. */
    public record Listing(String path, List<FileEntry> entries) {}

    /** The children of directory {@code dir} (a symlink to one is followed). */
    public Listing list(String containerId, String dir) throws IOException {
        String path = ContainerPaths.normalize(dir);
        for (int links = 0; ; links++) {
            try (ContainerArchive a = docker.archive(containerId, path)) {
                if (a.stat().symlink() && links < MAX_LINKS && !a.stat().linkTarget().isEmpty()) {
                    path = ContainerPaths.normalize(a.stat().linkTarget());
                    continue;
                }
                if (!a.stat().directory()) throw new IOException(path + " is not a directory");
                return new Listing(path, DirectoryListing.children(path, a.tar()));
            }
        }
    }

    /** Saves file {@code path} as {@code target} (written beside it, then moved into place). */
    public void download(String containerId, String path, Path target) throws IOException {
        save(containerId, path, target, (tar, out) -> {
            TarArchiveInputStream in = new TarArchiveInputStream(tar);
            TarArchiveEntry e = in.getNextEntry();
            if (e == null) throw new IOException("the engine sent an empty archive of " + path);
            if (e.isDirectory()) throw new IOException(path + " is a directory: save it as a tar archive");
            if (e.isSymbolicLink()) throw new IOException(path + " is a symlink to " + e.getLinkName() + ": open that instead");
            in.transferTo(out);
        });
    }

    /** Saves {@code path} (a directory, usually) as the tar archive the engine sends of it. */
    public void downloadTar(String containerId, String path, Path target) throws IOException {
        save(containerId, path, target, InputStream::transferTo);
    }

    private interface Copy {
        void copy(InputStream tar, OutputStream out) throws IOException;
    }

    private void save(String containerId, String path, Path target, Copy copy) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".part");
        try {
            try (InputStream tar = docker.client().copyArchiveFromContainerCmd(containerId, ContainerPaths.normalize(path)).exec();
                 OutputStream out = Files.newOutputStream(partial)) {
                copy.copy(tar, out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Puts host file {@code file} into directory {@code dir}, under its own name, replacing what is there. */
    public void upload(String containerId, String dir, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + " is not a file");
        Path tar = Files.createTempFile("lamina-upload", ".tar");
        try {
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry e = new TarArchiveEntry(file.getFileName().toString());
                e.setSize(Files.size(file));
                e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE | (executable(file) ? 0111 : 0));
                e.setModTime(Files.getLastModifiedTime(file));
                out.putArchiveEntry(e);
                Files.copy(file, out);
                out.closeArchiveEntry();
            }
            try (InputStream in = Files.newInputStream(tar)) {
                docker.client().copyArchiveToContainerCmd(containerId).withRemotePath(ContainerPaths.normalize(dir))
                        .withTarInputStream(in).exec();
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static boolean executable(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
