package dev.lamina.app;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files the file browser shows: a container's root ({@link ContainerTree}) or a
 * volume's ({@link VolumeTree}). Paths are absolute in the tree. Every call blocks:
 * run them through {@link Background}. Equal trees are the same files.
 */
public interface FileTree {
    /** A directory's children; its path is where it really is, symlinks to it followed. */
    ContainerFiles.Listing list(String dir) throws IOException;

    /** Saves file {@code path} as {@code target}. */
    void download(String path, Path target) throws IOException;

    /** Saves {@code path} (a directory, usually) as a tar archive. */
    void downloadTar(String path, Path target) throws IOException;

    /** Whether host files can be put into it. */
    boolean writable();

    /** Puts host file {@code file} into directory {@code dir} under its own name. */
    void upload(String dir, Path file) throws IOException;
}
