package dev.lamina.cli.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the checkout, the built `lamina` and the shared test data. */
public final class Repo {
    private Repo() {}

    /** The repository root (tests run in the cli module). */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("lamina")) ? here : here.getParent();
    }

    public static Path launcher() { return root().resolve("lamina"); }

    /** ../shared beside the checkout, or $LAMINA_SHARED. */
    public static Path shared() {
        String env = System.getenv("LAMINA_SHARED");
        Path p = env != null ? Path.of(env) : root().getParent().resolve("shared");
        if (!Files.isDirectory(p.resolve("images")))
            throw new IllegalStateException("the shared test data is missing: expected " + p.resolve("images"));
        return p;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
