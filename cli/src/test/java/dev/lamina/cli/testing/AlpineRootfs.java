package dev.lamina.cli.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Alpine 3.20.3 minirootfs trees unpacked from ../shared/images after
 * checking the tarball against SHA512SUMS. */
public final class AlpineRootfs {
    public static final String TARBALL = "alpine-minirootfs-3.20.3-x86_64.tar.gz";

    private AlpineRootfs() {}

    public static Path tarball() {
        return tarball("x86_64");
    }

    /** The checked minirootfs tarball for {@code arch} (x86_64 or aarch64). */
    public static Path tarball(String arch) {
        String name = TARBALL.replace("x86_64", arch);
        Path images = Repo.shared().resolve("images");
        Path tar = images.resolve(name);
        try {
            String expected = Files.readAllLines(images.resolve("SHA512SUMS")).stream()
                    .filter(l -> l.endsWith(name)).map(l -> l.split("\\s+")[0]).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no checksum for " + name));
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            try (InputStream in = Files.newInputStream(tar)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(expected)) throw new IllegalStateException(name + " does not match SHA512SUMS");
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh tree under dir (extracted as the current user: root keeps the image's owners). */
    public static Path unpack(Path dir) {
        return unpack(dir, "x86_64");
    }

    /** A fresh tree of {@code arch}'s minirootfs under dir. */
    public static Path unpack(Path dir, String arch) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.ok("tar", "-xzf", tarball(arch).toString(), "-C", dir.toString());
        return dir;
    }
}
