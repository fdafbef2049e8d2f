package dev.lamina.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native parts a kernel needs for one guest architecture: the init host and musl+; for an architecture
 * not the host's, the host's own init host too (the confiner), which confines itself and then becomes the
 * other's (run by an emulator, which cannot confine it); and, for aarch64, whether the init host follows the
 * Apple-Silicon rules (as lkl-darwin must on a Mac: guest code rewritten, W^X, 16 KiB pages), to exercise
 * them on Linux.
 */
public record RuntimeFiles(Path initHost, Path muslPlus, GuestArch arch, Path confiner, boolean darwinRules) {
    public RuntimeFiles {
        if (darwinRules && arch != GuestArch.AARCH64)
            throw new IllegalArgumentException("the Apple-Silicon rules are for aarch64 programs");
        if ((confiner == null) != arch.isHost())
            throw new IllegalArgumentException("an architecture not the host's needs the host's init host to confine it");
    }

    /** The host architecture's files in a Lamina installation's lib directory. */
    public static RuntimeFiles in(Path libDir) {
        return in(libDir, GuestArch.host());
    }

    /** An architecture's files: the host's in lib, another's in lib/MACHINE. */
    public static RuntimeFiles in(Path libDir, GuestArch arch) {
        Path dir = arch.isHost() ? libDir : libDir.resolve(arch.machine());
        RuntimeFiles f = new RuntimeFiles(dir.resolve("lamina-init"), dir.resolve(arch.muslPlusFile()), arch,
                arch.isHost() ? null : libDir.resolve("lamina-init"), false);
        for (Path p : new Path[] {f.initHost, f.muslPlus, f.confiner})
            if (p != null && !Files.isRegularFile(p))
                throw new IllegalStateException("Lamina is not fully installed for " + arch.machine() + " programs: " + p + " is missing");
        return f;
    }

    /** This machine's init host, whichever architecture is served: the zygote's program. */
    public Path hostInitHost() { return arch.isHost() ? initHost : confiner; }

    /** docker-init (`--init`), a guest program beside the host's init host; null for another architecture (not built). */
    public Path dockerInit() {
        Path p = initHost.resolveSibling("docker-init");
        return arch.isHost() && Files.isRegularFile(p) ? p : null;
    }

    /** The same files, the init host following the Apple-Silicon rules. */
    public RuntimeFiles withDarwinRules() {
        return new RuntimeFiles(initHost, muslPlus, arch, confiner, true);
    }
}
