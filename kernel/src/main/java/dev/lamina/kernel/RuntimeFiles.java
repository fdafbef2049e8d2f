package dev.lamina.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native parts a kernel needs for one guest architecture: the init host and musl+; and, for aarch64,
 * whether the init host follows the Apple-Silicon rules (as lkl-darwin must on a Mac: guest code rewritten,
 * W^X, 16 KiB pages), to exercise them on Linux.
 */
public record RuntimeFiles(Path initHost, Path muslPlus, GuestArch arch, boolean darwinRules) {
    public RuntimeFiles {
        if (darwinRules && arch != GuestArch.AARCH64)
            throw new IllegalArgumentException("the Apple-Silicon rules are for aarch64 programs");
    }

    /** The host architecture's files in a Lamina installation's lib directory. */
    public static RuntimeFiles in(Path libDir) {
        return in(libDir, GuestArch.host());
    }

    /** An architecture's files: the host's in lib, another's in lib/MACHINE. */
    public static RuntimeFiles in(Path libDir, GuestArch arch) {
        Path dir = arch.isHost() ? libDir : libDir.resolve(arch.machine());
        RuntimeFiles f = new RuntimeFiles(dir.resolve("lamina-init"), dir.resolve(arch.muslPlusFile()), arch, false);
        for (Path p : new Path[] {f.initHost, f.muslPlus})
            if (!Files.isRegularFile(p))
                throw new IllegalStateException("Lamina is not fully installed for " + arch.machine() + " programs: " + p + " is missing");
        return f;
    }

    /** The same files, the init host following the Apple-Silicon rules. */
    public RuntimeFiles withDarwinRules() {
        return new RuntimeFiles(initHost, muslPlus, arch, true);
    }
}
