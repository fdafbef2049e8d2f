package dev.lamina.builder.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The sha256 a COPY/ADD cache key uses: for each file in order its path, kind, mode,
 * and its size and the sha256 of its contents, or its link target, so that no two
 * different trees hash alike; with {@code owners} (COPY --from, which keeps them) its
 * owner too. Times are left out, and a build context's owners (COPY gives root unless
 * --chown). A file's contents digest comes from {@code known} when extraction computed
 * it, else from reading the file.
 */
final class ContentDigest {
    private ContentDigest() {}

    static String of(List<SourceFile> files, boolean owners, Function<SourceFile, byte[]> known) {
        MessageDigest sha = sha256();
        MessageDigest contents = sha256();
        byte[] buf = new byte[64 * 1024];
        for (SourceFile f : files) {
            text(sha, f.path());
            text(sha, f.kind().name() + " " + Integer.toOctalString(f.mode()) + (owners ? " " + f.uid() + ":" + f.gid() : ""));
            try {
                switch (f.kind()) {
                    case SYMLINK -> text(sha, Files.readSymbolicLink(f.hostPath()).toString());
                    case FILE -> {
                        text(sha, Long.toString(f.size()));
                        byte[] digest = known.apply(f);
                        if (digest == null) {
                            try (InputStream in = Files.newInputStream(f.hostPath())) {
                                for (int n; (n = in.read(buf)) > 0; ) {
                                    contents.update(buf, 0, n);
                                }
                            }
                            digest = contents.digest();
                        }
                        sha.update(digest);
                    }
                    case DIRECTORY -> { }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void text(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
