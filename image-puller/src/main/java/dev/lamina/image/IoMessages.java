package dev.lamina.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line descriptions of I/O failures: NIO's exceptions carry only a path as their message. */
public final class IoMessages {
    private IoMessages() {}

    public static String describe(IOException e) {
        String what = switch (e) {
            case NoSuchFileException x -> "no such file";
            case FileAlreadyExistsException x -> "already exists";
            case AccessDeniedException x -> "permission denied";
            case DirectoryNotEmptyException x -> "directory not empty";
            case NotDirectoryException x -> "not a directory";
            default -> null;
        };
        if (e instanceof FileSystemException fs && what != null) return fs.getFile() + ": " + what;
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getFile() + ": " + fs.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
