package dev.lamina.image.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names are read as Docker reads them; platforms normalised as containerd does. */
class ImageReferenceTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void dockerHubNames() {
        assertEquals("docker.io/library/alpine:latest", ImageReference.parse("alpine").toString());
        assertEquals("docker.io/library/alpine:3.20", ImageReference.parse("docker.io/alpine:3.20").toString());
        assertEquals("docker.io/team/app:1", ImageReference.parse("index.docker.io/team/app:1").toString());
        assertEquals("alpine:3.20", ImageReference.parse("alpine:3.20").familiar());
    }

    @Test
    void registriesPortsAndDigests() {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/team/app@sha256:" + HEX);
        assertEquals("127.0.0.1:5000", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals("sha256:" + HEX, r.manifestReference());
        assertEquals("localhost", ImageReference.parse("localhost/app").registry());
        assertEquals("docker.io/localhost-ish/app:latest", ImageReference.parse("localhost-ish/app").toString());
    }

    @Test
    void badNamesAreRefusedWithTheReason() {
        assertEquals("invalid image name 'Alpine': repository names are lower-case letters, digits and separators",
                assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("Alpine")).getMessage());
        assertEquals("invalid image name 'a@md5:00': digest algorithm md5 is not supported (only sha256)",
                assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("a@md5:00")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("a:b:c"));
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(""));
    }

    @Test
    void platformsNormalise() {
        assertEquals(new Platform("linux", "amd64", ""), Platform.parse("linux/x86_64"));
        assertEquals(new Platform("linux", "arm64", ""), Platform.parse("linux/aarch64/v8"));
        assertTrue(Platform.parse("linux/arm64").matches(new Platform("linux", "arm64", "v8")));
        assertFalse(Platform.parse("linux/arm/v7").matches(new Platform("linux", "arm", "v6")));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux"));
    }
}
