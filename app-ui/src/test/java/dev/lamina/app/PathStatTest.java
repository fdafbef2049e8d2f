package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PathStatTest {
    @Test
    void aSymlinkAsTheEngineSaysIt() {
        // The header `HEAD /containers/ID/archive?path=/bin/sh` gets from lamina engine.
        PathStat s = PathStat.parse("eyJuYW1lIjoic2giLCJzaXplIjoxMiwibW9kZSI6MTM0MjE4MjM5LCJtdGltZSI6IjIwMjYtMTEtMzBUMTI6NTc6"
                + "MzUuMzAzNTcyMTgzWiIsImxpbmtUYXJnZXQiOiIvYmluL2J1c3lib3gifQ==");
        assertEquals(new PathStat("sh", 12, 134218239, "/bin/busybox"), s);
        assertTrue(s.symlink());
        assertFalse(s.directory());
    }

    @Test
    void aDirectoryByGosModeBit() {
        String json = "{\"name\":\"etc\",\"size\":4096,\"mode\":" + ((1L << 31) | 0755) + ",\"mtime\":\"\",\"linkTarget\":\"\"}";
        PathStat s = PathStat.parse(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(s.directory());
        assertFalse(s.symlink());
    }

    @Test
    void notBase64JsonIsSaidSo() {
        assertThrows(UncheckedIOException.class, () -> PathStat.parse("not base64!"));
    }
}
