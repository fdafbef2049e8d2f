package dev.lamina.cli;

import java.nio.file.Path;

/**
 * Where Lamina keeps its data: $XDG_DATA_HOME/lamina, or ~/.local/share/lamina. The launcher
 * (packaging/launcher.sh) finds the same for `lamina ui`, whose JVM is not this one.
 */
final class DataRoot {
    private DataRoot() {}

    static Path path() {
        String override = System.getenv("LAMINA_DATA_ROOT");
        if (override != null && !override.isEmpty()) return Path.of(override);
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("lamina");
    }

    static Path containers() { return path().resolve("containers"); }
}
