package dev.lamina.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing whole trees: by descriptors, whatever their depth, never following a symlink. */
class TreesTest {
    @TempDir
    Path work;

    /**
     * A container can make a tree whose host path is longer than PATH_MAX (its names are opened from its root's
     * descriptor): its removal failed half-way, leaving it on the disk (review 43b). With symlinks out of it
     * (to the host's / and to a file beside the tree) followed nowhere.
     */
    @Test
    void aTreeDeeperThanAPathCanNameIsRemoved() throws Exception {
        Path tree = Files.createDirectory(work.resolve("tree"));
        Path beside = Files.writeString(work.resolve("beside"), "kept");
        String name = "d".repeat(40);
        Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && i=0; while [ $i -lt 200 ]; do mkdir " + name + " && cd -P "
                + name + " || exit 1; if [ $((i % 50)) = 0 ]; then echo x > f && ln -s / root && ln -s \"$2\" beside || exit 1; fi; i=$((i+1)); done;"
                + " echo deepest > f", "sh", tree.toString(), beside.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(200 * (name.length() + 1) > 4096, "deeper than PATH_MAX");
        Trees.delete(tree);
        assertFalse(Files.exists(tree));
        assertEquals("kept", Files.readString(beside));
        assertTrue(Files.isDirectory(Path.of("/usr")));
    }
}
