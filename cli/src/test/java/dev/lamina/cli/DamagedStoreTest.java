package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Runs;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store changed from outside: a root made again from its layers, else one line saying what is wrong and how to repair it. */
class DamagedStoreTest {
    @TempDir
    Path data;

    /** A store of this test's own, holding alpine:3.20 as an import leaves it. */
    @BeforeEach
    void importAlpine() {
        Command.Result imported = lamina("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
        assertEquals(0, imported.exitCode(), imported.toString());
    }

    private Command.Result lamina(String... args) { return Runs.withDataRoot(data, args); }

    private Path only(String dir) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("images").resolve(dir))) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    /** One line, no stack trace: {@code start} at its start, {@code end} at its end. */
    private static void assertOneLine(Command.Result r, int status, String start, String end) {
        assertEquals(status, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith(start) && r.stderr().endsWith(end + "\n") && r.stderr().lines().count() == 1, r.toString());
    }

    @Test
    void namesOfTheWrongJsonTypeSayWhichFileAndHowToRepair() throws IOException {
        Path refs = data.resolve("images/refs.json");
        for (String json : List.of("[]", "\"x\"", "{\"a\": 5}", "{\"refs\": {\"alpine:3.20\": 5}}")) {
            Files.writeString(refs, json);
            String start = "lamina: the image store is damaged: " + refs + ": ";
            String end = "; remove that file, then pull, load or import the images again (their names are lost)";
            assertOneLine(lamina("images"), 1, start, end);
            assertOneLine(lamina("run", "alpine:3.20", "true"), 125, start, end);
        }
    }

    @Test
    void aConfigOfTheWrongJsonTypeSaysWhichFile() throws IOException {
        Path config = data.resolve("images/blobs/sha256").resolve(only("roots").getFileName().toString()); // roots are named by image id
        Files.writeString(config, "[]");
        assertOneLine(lamina("run", "alpine:3.20", "true"), 125, "lamina: the image store is damaged: " + config
                + ": an image config must be an object", "; remove that file, then pull, load or import the image again");
    }

    @Test
    void aRemovedRootIsMadeAgainFromTheLayers() throws IOException {
        Trees.delete(only("roots"));
        Command.Result r = lamina("run", "alpine:3.20", "cat", "/etc/alpine-release");
        assertEquals("3.20.3\n", r.stdout(), r.toString());
    }

    @Test
    void aRemovedRootWhoseLayersAreGoneTooSaysHowToRepair() throws IOException {
        Trees.delete(only("roots"));
        Trees.delete(only("layers"));
        assertOneLine(lamina("run", "alpine:3.20", "true"), 125, "lamina: alpine:3.20: the image's root and its layer 1 (",
                ") are missing from the store; pull, load or import the image again");
        assertEquals(0, lamina("import", AlpineRootfs.tarball().toString(), "alpine:3.20").exitCode());
        assertEquals("3.20.3\n", lamina("run", "alpine:3.20", "cat", "/etc/alpine-release").stdout());
    }
}
