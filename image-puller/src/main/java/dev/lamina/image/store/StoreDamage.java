package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import java.nio.file.Path;

/**
 * A store file that no longer reads as Lamina wrote it: changed or cut short by
 * something else. The message names the file and how to repair the store.
 */
final class StoreDamage {
    private StoreDamage() {}

    static ImageException of(Path file, RuntimeException cause, String repair) {
        return new ImageException("the image store is damaged: " + file + ": " + cause.getMessage() + "; " + repair, cause);
    }
}
