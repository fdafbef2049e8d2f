package dev.lamina.app;

import java.time.Instant;

/**
 * One name in a container's directory, as the archive API's tar of that
 * directory shows it: its kind, permissions, size, time and, for a symlink,
 * what it points to.
 */
public record FileEntry(String name, Kind kind, int permissions, long size, Instant modified, String linkTarget) {
    public enum Kind {
        DIRECTORY('d'), FILE('-'), SYMLINK('l'), CHAR_DEVICE('c'), BLOCK_DEVICE('b'), FIFO('p');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    public boolean directory() { return kind == Kind.DIRECTORY; }

    /** As ls -l writes it: "drwxr-xr-x". */
    public String mode() {
        StringBuilder s = new StringBuilder().append(kind.letter);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) s.append((permissions & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        if ((permissions & 04000) != 0) s.setCharAt(3, (permissions & 0100) != 0 ? 's' : 'S');
        if ((permissions & 02000) != 0) s.setCharAt(6, (permissions & 010) != 0 ? 's' : 'S');
        if ((permissions & 01000) != 0) s.setCharAt(9, (permissions & 01) != 0 ? 't' : 'T');
        return s.toString();
    }

    /** The name as the listing shows it: "bin/", "sh → /bin/busybox". */
    public String label() {
        return switch (kind) {
            case DIRECTORY -> name + "/";
            case SYMLINK -> name + " → " + linkTarget;
            default -> name;
        };
    }
}
