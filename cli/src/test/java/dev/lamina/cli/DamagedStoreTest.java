package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A store changed from outside: a root made again from its layers, else one line saying what is wrong and how to repair it. */
class DamagedStoreTest {
    private Path data, images;

    @BeforeEach
    void importAlpine() throws IOException {
        data = Files.createTempDirectory("lamina-damaged-store");
        images = data.resolve("images");
        ok("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
    }

    @AfterEach
    void clean() throws IOException {
        Trees.delete(data);
    }

    private Command.Result lamina(String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", data.toString()), null, 300);
    }

    private void ok(String... args) {
        Command.Result r = lamina(args);
        assertEquals(0, r.exitCode(), r.toString());
    }

    private Path only(String dir) throws IOException {
        try (Stream<Path> s = Files.list(images.resolve(dir))) {
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
        Path refs = images.resolve("refs.json");
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
        Path config = images.resolve("blobs/sha256").resolve(only("roots").getFileName().toString()); // a root is named by the image id
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
        ok("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
        assertEquals("3.20.3\n", lamina("run", "alpine:3.20", "cat", "/etc/alpine-release").stdout());
    }
}
