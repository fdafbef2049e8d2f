package dev.lamina.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Which host files the app saves to and reads from (downloads, uploads, imports): the system's file
 * choosers, or, in a test, answers of its own (a native chooser is no JavaFX node).
 */
public interface HostFiles {
    /** Where to save {@code name}, or null when the person cancels. */
    Path saveAs(Window owner, String name);

    /** The files chosen to read ({@code title} says what for), or none. */
    List<Path> open(Window owner, String title);

    /** The system's file choosers. */
    static HostFiles choosers() {
        return new HostFiles() {
            @Override
            public Path saveAs(Window owner, String name) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Save " + name);
                chooser.setInitialFileName(name);
                File f = chooser.showSaveDialog(owner);
                return f == null ? null : f.toPath();
            }

            @Override
            public List<Path> open(Window owner, String title) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                List<File> files = chooser.showOpenMultipleDialog(owner);
                return files == null ? List.of() : files.stream().map(File::toPath).toList();
            }
        };
    }
}
