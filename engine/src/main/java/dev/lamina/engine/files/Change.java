package dev.lamina.engine.files;

/** One change of a container's files against its image, as `docker diff` lists it: "/etc/passwd", modified. */
public record Change(String path, Kind kind) {
    /** Docker's kinds, in the order of their codes on the wire (0, 1, 2) and its letters (C, A, D). */
    public enum Kind {
        MODIFIED('C'), ADDED('A'), DELETED('D');

        private final char letter;

        Kind(char letter) { this.letter = letter; }

        /** The number the API sends (Docker's archive.ChangeType). */
        public int code() { return ordinal(); }

        public char letter() { return letter; }
    }
}
