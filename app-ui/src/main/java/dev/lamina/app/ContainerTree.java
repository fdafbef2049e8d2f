package dev.lamina.app;

import java.io.IOException;
import java.nio.file.Path;

/** A container's files, through the archive API on it. */
public record ContainerTree(ContainerFiles files, String containerId) implements FileTree {
    @Override
    public ContainerFiles.Listing list(String dir) throws IOException {
        return files.list(containerId, dir);
    }

    @Override
    public void download(String path, Path target) throws IOException {
        files.download(containerId, path, target);
    }

    @Override
    public void downloadTar(String path, Path target) throws IOException {
        files.downloadTar(containerId, path, target);
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void upload(String dir, Path file) throws IOException {
        files.upload(containerId, dir, file);
    }
}
