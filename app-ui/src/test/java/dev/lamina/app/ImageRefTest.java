package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void repositoryAndTagOrDigest() {
        assertEquals(new ImageRef("alpine", "latest"), ImageRef.parse("alpine"));
        assertEquals(new ImageRef("alpine", "3.20"), ImageRef.parse(" alpine:3.20 "));
        assertEquals(new ImageRef("127.0.0.1:5000/library/alpine", "3.20"), ImageRef.parse("127.0.0.1:5000/library/alpine:3.20"));
        assertEquals(new ImageRef("127.0.0.1:5000/library/alpine", "latest"), ImageRef.parse("127.0.0.1:5000/library/alpine"));
        assertEquals(new ImageRef("alpine", "sha256:0123"), ImageRef.parse("alpine@sha256:0123"));
        assertEquals("Type an image name, such as alpine:3.20",
                assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("  ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("a b"));
    }
}
