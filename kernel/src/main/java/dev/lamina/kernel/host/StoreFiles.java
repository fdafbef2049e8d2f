package dev.lamina.kernel.host;

import dev.lamina.rootfs.SharedInodes;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Which of a container root's files are the image store's (hard links into it,
 * so copied up before any change), by identity: a guest's own hard links are
 * one file, as on Linux, however many names they have.
 */
public sealed interface StoreFiles {
    /** Whether the file (st_dev, st_ino) may be the image store's. */
    boolean holds(long dev, long ino);

    /** The link count the guest sees for a file of the store's: its names in the image; 0 when not known. */
    default long imageLinks(long dev, long ino) { return 0; }

    /** A root of the user's own (--rootfs): changed in place, as chroot would. */
    record None() implements StoreFiles {
        @Override
        public boolean holds(long dev, long ino) { return false; }
    }

    /** The files linked when the root was made. */
    record Listed(SharedInodes inodes) implements StoreFiles {
        @Override
        public boolean holds(long dev, long ino) { return inodes.contains(dev, ino); }

        @Override
        public long imageLinks(long dev, long ino) { return inodes.links(dev, ino); }
    }

    /** The list is missing or unreadable (a root made by an older Lamina): any file may be. */
    record Unknown() implements StoreFiles {
        @Override
        public boolean holds(long dev, long ino) { return true; }
    }

    /** What a list written beside the root says; null: a root of the user's own. */
    static StoreFiles of(Path list) {
        if (list == null) return new None();
        try {
            return new Listed(SharedInodes.read(list));
        } catch (IOException e) {
            return new Unknown();
        }
    }
}
