package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LayerRowTest {
    private static String shown(String command, String comment) {
        return new LayerRow(0, 0, command, comment).shownCommand();
    }

    @Test
    void aDockerfileStepWithoutItsShell() {
        assertEquals("RUN apk add curl", shown("/bin/sh -c apk add curl", ""));
        assertEquals("CMD [\"sh\"]", shown("/bin/sh -c #(nop)  CMD [\"sh\"]", ""));
        assertEquals("umoci repack", shown("umoci repack", ""), "another tool's record as it is");
        assertEquals("Imported from -", shown("", "Imported from -"), "none: the comment");
        assertEquals("(no command recorded)", shown("", ""));
    }

    @Test
    void anImportSuggestsTheTarballsName() {
        assertEquals("alpine-minirootfs-3.20.3-x86_64", ImportDialog.suggestedName(Path.of("/x/alpine-minirootfs-3.20.3-x86_64.tar.gz")));
        assertEquals("my-root", ImportDialog.suggestedName(Path.of("My Root.tgz")));
        assertEquals("rootfs", ImportDialog.suggestedName(Path.of("rootfs.tar")));
    }
}
