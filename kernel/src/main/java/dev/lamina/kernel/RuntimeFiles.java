package dev.lamina.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/** The native parts a kernel needs: the init host and musl+. */
public record RuntimeFiles(Path initHost, Path muslPlus) {
    /** The files in a Lamina installation's lib directory. */
    public static RuntimeFiles in(Path libDir) {
        RuntimeFiles f = new RuntimeFiles(libDir.resolve("lamina-init"), libDir.resolve("ld-musl-x86_64.so.1"));
        for (Path p : new Path[] {f.initHost, f.muslPlus})
            if (!Files.isRegularFile(p)) throw new IllegalStateException("Lamina is not fully installed: " + p + " is missing");
        return f;
    }
}
